/**
 * Session creation on the caller's side (TPM 2.0 Part 1, 19.6.7 "Session Key
 * Creation"; Part 3, TPM2_StartAuthSession).
 *
 *   sessionKey = KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller, digest bits)
 *
 * A session with neither a bind entity nor a salt has an empty sessionKey; one
 * with a bind entity has a sessionKey even when the bind authValue is empty.
 */
import type { Crypto } from "@tss/marshal";
import { TPM_SE, TssError } from "@tss/marshal";
import { concat, trimAuthValue } from "./bytes.js";
import { hashSize } from "./hash-alg.js";
import { kdfA } from "./kdf/kdfa.js";
import { checkSessionState, type SessionState, type SessionSymmetric } from "./session-state.js";

/** What StartAuthSession sent and received. */
export interface StartSessionInput {
  /** sessionHandle from the response. */
  readonly handle: number;
  /** sessionType (TPM_SE) sent. */
  readonly sessionType: number;
  /** authHash sent. */
  readonly authHash: number;
  /** symmetric (TPMT_SYM_DEF) sent. */
  readonly symmetric: SessionSymmetric;
  /** nonceCaller sent. */
  readonly nonceCaller: Uint8Array;
  /** nonceTPM received. */
  readonly nonceTPM: Uint8Array;
  /** The salt whose encryption was sent as encryptedSalt (absent when tpmKey was TPM_RH_NULL). */
  readonly salt?: Uint8Array;
  /** authValue of the bind entity (when bind was not TPM_RH_NULL). */
  readonly bindAuth?: Uint8Array;
  /** Name of the bind entity; give it whenever bind was not TPM_RH_NULL. */
  readonly bindName?: Uint8Array;
}

/** The sessionKey of a new session. `bound` is whether bind was not TPM_RH_NULL. */
export async function sessionKey(
  crypto: Crypto,
  authHash: number,
  nonceTPM: Uint8Array,
  nonceCaller: Uint8Array,
  bound: boolean,
  bindAuth: Uint8Array,
  salt: Uint8Array,
): Promise<Uint8Array> {
  const bits = hashSize(authHash) * 8;
  if (!bound && salt.length === 0) return new Uint8Array(0);
  return kdfA(crypto, authHash, concat(trimAuthValue(bindAuth), salt), "ATH", nonceTPM, nonceCaller, bits);
}

/** The state of a session just started with TPM2_StartAuthSession. */
export async function startSession(crypto: Crypto, input: StartSessionInput): Promise<SessionState> {
  const bound = input.bindName !== undefined || input.bindAuth !== undefined;
  if (input.bindAuth !== undefined && input.bindName === undefined) {
    throw new TssError("BAD_PARAMETER", "startSession: bindAuth given without bindName");
  }
  const bindAuth = trimAuthValue(input.bindAuth ?? new Uint8Array(0));
  const key = await sessionKey(
    crypto,
    input.authHash,
    input.nonceTPM,
    input.nonceCaller,
    bound,
    bindAuth,
    input.salt ?? new Uint8Array(0),
  );
  // Only an HMAC session is bound for HMAC purposes (Part 1, 19.6.10 / the reference SessionCreate).
  const hmacBound = bound && input.sessionType === TPM_SE.HMAC;
  const state: SessionState = {
    handle: input.handle,
    sessionType: input.sessionType,
    authHash: input.authHash,
    symmetric: { algorithm: input.symmetric.algorithm, keyBits: input.symmetric.keyBits, mode: input.symmetric.mode },
    sessionKey: key,
    nonceCaller: input.nonceCaller.slice(),
    nonceTPM: input.nonceTPM.slice(),
    ...(hmacBound ? { bindName: input.bindName!.slice(), bindAuth: bindAuth.slice() } : {}),
    policyAuthValue: false,
    policyPassword: false,
  };
  checkSessionState(state, "BAD_PARAMETER");
  return state;
}
