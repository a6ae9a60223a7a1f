/**
 * TPM2_StartAuthSession with the TSS making the nonce and the salt (the seed:
 * "the caller does NOT supply the HMAC salt"), and the session's state once the
 * TPM answers.
 */
import { type Crypto, TPM_ALG_ID, TPM_RH } from "@tss/marshal";
import { hashSize, makeSalt, type SessionState, type SessionSymmetric, seedKeyOf, startSession } from "@tss/session";
import type { PublicArea } from "./object-public.js";

type Values = Record<string, any>;

/** What the response step needs from the command step. */
export interface StartAuthSessionPrep {
  readonly input: Values;
  readonly salt?: Uint8Array;
  readonly bindName?: Uint8Array;
  readonly bindAuth?: Uint8Array;
}

/** The session's TPMT_SYM_DEF as the session engine keeps it. */
export function sessionSymmetric(symmetric: Values): SessionSymmetric {
  const algorithm = symmetric.algorithm as number;
  if (algorithm === TPM_ALG_ID.NULL) return { algorithm, keyBits: 0, mode: TPM_ALG_ID.NULL };
  const keyBits = Object.values(symmetric.keyBits ?? {})[0] as number | undefined;
  const mode = Object.values(symmetric.mode ?? {})[0] as number | undefined;
  return { algorithm, keyBits: keyBits ?? 0, mode: mode ?? TPM_ALG_ID.NULL };
}

/**
 * Fills in nonceCaller and encryptedSalt, and gathers the bind entity's Name and
 * password. The TPM reads come first (the salt key's public area, the bind
 * entity's Name); then `whileSalting` is called, and the salt (ECDH or RSA-OAEP,
 * the costly part of a salted start) is made while what it sent is answered:
 * @tss/tss sends the handle snapshot it takes before every StartAuthSession.
 */
export async function prepareStartAuthSession(
  crypto: Crypto,
  input: Values,
  tpmKeyPublic: (handle: number) => Promise<PublicArea>,
  bindEntityName: (handle: number) => Promise<Uint8Array>,
  bindPassword: Uint8Array,
  whileSalting?: () => void,
): Promise<StartAuthSessionPrep> {
  const nonceCaller = crypto.randomBytes(Math.max(16, hashSize(input.authHash)));
  const seedKey = input.tpmKey !== TPM_RH.NULL ? seedKeyOf(await tpmKeyPublic(input.tpmKey)) : undefined;
  const bound = input.bind !== TPM_RH.NULL;
  const bindName = bound ? await bindEntityName(input.bind) : undefined;
  whileSalting?.();
  const made = seedKey ? await makeSalt(crypto, seedKey) : undefined;
  return {
    input: { ...input, nonceCaller, encryptedSalt: made?.encryptedSalt ?? new Uint8Array(0) },
    ...(made ? { salt: made.salt } : {}),
    ...(bindName ? { bindName, bindAuth: bindPassword } : {}),
  };
}

/** The new session's state from the prepared command and the response. */
export function finishStartAuthSession(
  crypto: Crypto,
  prep: StartAuthSessionPrep,
  output: Values,
): Promise<SessionState> {
  return startSession(crypto, {
    handle: output.sessionHandle,
    sessionType: prep.input.sessionType,
    authHash: prep.input.authHash,
    symmetric: sessionSymmetric(prep.input.symmetric),
    nonceCaller: prep.input.nonceCaller,
    nonceTPM: output.nonceTPM,
    ...(prep.salt ? { salt: prep.salt } : {}),
    ...(prep.bindName ? { bindName: prep.bindName, bindAuth: prep.bindAuth ?? new Uint8Array(0) } : {}),
  });
}
