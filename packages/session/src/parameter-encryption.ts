/**
 * Session-based parameter encryption (TPM 2.0 Part 1, 21 "Session-based
 * encryption"): only the buffer of the first parameter, when it is a TPM2B, is
 * encrypted; its 2-octet size stays in clear.
 *
 *   sessionValue = sessionKey || authValue   (authValue of the entity the session
 *                  authorizes, trailing zeros removed, whether or not the session
 *                  is bound to it; empty for a session that authorizes nothing)
 *   XOR:  mask   = KDFa(authHash, sessionValue, "XOR", nonceNewer, nonceOlder, size * 8)
 *   CFB:  key||IV = KDFa(authHash, sessionValue, "CFB", nonceNewer, nonceOlder, keyBits + 128)
 *
 * A command uses nonceNewer = nonceCaller, nonceOlder = nonceTPM; a response the
 * reverse (the new nonceTPM, then the command's nonceCaller).
 */
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TssError, type TssErrorCode } from "@tss/marshal";
import { kdfAOp } from "./kdf/kdfa.js";
import type { SessionSymmetric } from "./session-state.js";
import { type CryptoOps, cryptoOps, type MaybePromise, promised, runSteps, type Steps, thenMaybe } from "./steps.js";

/** AES block (and CFB IV) size in octets. */
export const AES_BLOCK_SIZE = 16;

/** The XOR obfuscation mask for `bytes` octets. */
export function xorMask(
  crypto: Crypto,
  hashAlg: number,
  sessionValue: Uint8Array,
  nonceNewer: Uint8Array,
  nonceOlder: Uint8Array,
  bytes: number,
): Promise<Uint8Array> {
  return promised(() => xorMaskOp(cryptoOps(crypto), hashAlg, sessionValue, nonceNewer, nonceOlder, bytes));
}

/** xorMask on the per-command primitives: a value when they answer now. */
function xorMaskOp(
  ops: CryptoOps,
  hashAlg: number,
  sessionValue: Uint8Array,
  nonceNewer: Uint8Array,
  nonceOlder: Uint8Array,
  bytes: number,
): MaybePromise<Uint8Array> {
  return kdfAOp(ops, hashAlg, sessionValue, "XOR", nonceNewer, nonceOlder, bytes * 8);
}

/** The AES-CFB key and IV for parameter encryption (views into one fresh array). */
export function cfbKeyIv(
  crypto: Crypto,
  hashAlg: number,
  sessionValue: Uint8Array,
  nonceNewer: Uint8Array,
  nonceOlder: Uint8Array,
  keyBits: number,
): Promise<{ key: Uint8Array; iv: Uint8Array }> {
  return promised(() => cfbKeyIvOp(cryptoOps(crypto), hashAlg, sessionValue, nonceNewer, nonceOlder, keyBits));
}

/** cfbKeyIv on the per-command primitives: a value when they answer now. */
function cfbKeyIvOp(
  ops: CryptoOps,
  hashAlg: number,
  sessionValue: Uint8Array,
  nonceNewer: Uint8Array,
  nonceOlder: Uint8Array,
  keyBits: number,
): MaybePromise<{ key: Uint8Array; iv: Uint8Array }> {
  const k = keyBits / 8;
  return thenMaybe(
    kdfAOp(ops, hashAlg, sessionValue, "CFB", nonceNewer, nonceOlder, keyBits + AES_BLOCK_SIZE * 8),
    (out) => ({ key: out.subarray(0, k), iv: out.subarray(k, k + AES_BLOCK_SIZE) }),
  );
}

/** What encrypting or decrypting one first parameter needs. */
export interface ParameterCipher {
  readonly authHash: number;
  readonly symmetric: SessionSymmetric;
  /** sessionKey || authValue (see the file comment). */
  readonly sessionValue: Uint8Array;
  readonly nonceNewer: Uint8Array;
  readonly nonceOlder: Uint8Array;
}

/**
 * Encrypts (`encrypt` true) or decrypts the buffer of the first TPM2B in a
 * marshalled parameter area; returns a new area. A size field that overruns the
 * area throws TssError(`errorCode`).
 */
export function cryptFirstParameter(
  crypto: Crypto,
  cipher: ParameterCipher,
  parameters: Uint8Array,
  encrypt: boolean,
  errorCode: TssErrorCode,
): Promise<Uint8Array> {
  return promised(() => runSteps(cryptFirstParameterSteps(cryptoOps(crypto), cipher, parameters, encrypt, errorCode)));
}

/** cryptFirstParameter as steps on the per-command primitives (see runSteps). */
export function* cryptFirstParameterSteps(
  ops: CryptoOps,
  cipher: ParameterCipher,
  parameters: Uint8Array,
  encrypt: boolean,
  errorCode: TssErrorCode,
): Steps<Uint8Array> {
  if (parameters.length < 2) throw new TssError(errorCode, "parameter area too short for an encrypted TPM2B");
  const size = (parameters[0]! << 8) | parameters[1]!;
  if (size > parameters.length - 2) {
    throw new TssError(
      errorCode,
      `first parameter size ${size} overruns the ${parameters.length - 2}-byte parameter area`,
    );
  }
  const data = parameters.subarray(2, 2 + size);
  const { symmetric } = cipher;
  // The area as it goes out: a copy with the buffer replaced (same size).
  const result = new Uint8Array(parameters.length);
  result.set(parameters);
  if (symmetric.algorithm === TPM_ALG_ID.XOR) {
    const mask = (yield xorMaskOp(
      ops,
      cipher.authHash,
      cipher.sessionValue,
      cipher.nonceNewer,
      cipher.nonceOlder,
      size,
    )) as Uint8Array;
    for (let i = 0; i < size; i++) result[2 + i] = data[i]! ^ mask[i]!;
  } else if (symmetric.algorithm === TPM_ALG_ID.AES) {
    const { key, iv } = (yield cfbKeyIvOp(
      ops,
      cipher.authHash,
      cipher.sessionValue,
      cipher.nonceNewer,
      cipher.nonceOlder,
      symmetric.keyBits,
    )) as { key: Uint8Array; iv: Uint8Array };
    if (size !== 0) {
      const out = (yield ops.aesCfb(encrypt, key, iv, data)) as Uint8Array;
      if (out.length !== size) throw new TssError(errorCode, `AES-CFB gave ${out.length} octets for ${size}`);
      result.set(out, 2);
    }
  } else {
    throw new TssError("BAD_SESSION", "session has no parameter-encryption algorithm (symmetric is TPM_ALG_NULL)");
  }
  return result;
}
