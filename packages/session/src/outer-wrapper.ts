/**
 * The outer wrapper of duplication (TPM 2.0 Part 1, 23.3.2.3), which credential
 * protection uses too (Part 1, 24.4): data protected by a seed shared with a
 * storage key, for an object of a given Name. With the key's nameAlg H and
 * symmetric keyBits:
 *   symKey  = KDFa(H, seed, "STORAGE", Name, empty, keyBits)
 *   enc     = AES-CFB(symKey, IV = 0, data)
 *   hmacKey = KDFa(H, seed, "INTEGRITY", empty, empty, 8 * digest size)
 *   wrapped = TPM2B_DIGEST(HMAC(H, hmacKey, enc || Name)) || enc
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { concat, constantTimeEqual, u16 } from "./bytes.js";
import type { CredentialProtector } from "./credential.js";
import { hashSize } from "./hash-alg.js";
import { kdfA } from "./kdf/kdfa.js";

const ZERO_IV = new Uint8Array(16);
const EMPTY = new Uint8Array(0);

/** TssError BAD_PARAMETER unless `v` is a Uint8Array. */
export function checkBytes(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", `${what} must be a Uint8Array`);
  return v;
}

async function outerKeys(crypto: Crypto, protector: CredentialProtector, seed: Uint8Array, name: Uint8Array) {
  checkBytes(seed, "the seed");
  const { nameAlg, symmetricKeyBits } = protector;
  if (![128, 192, 256].includes(symmetricKeyBits)) {
    throw new TssError("BAD_PARAMETER", `an outer wrapper with an AES key of ${symmetricKeyBits} bits`);
  }
  const h = hashSize(nameAlg);
  const symKey = await kdfA(crypto, nameAlg, seed, "STORAGE", name, EMPTY, symmetricKeyBits);
  const hmacKey = await kdfA(crypto, nameAlg, seed, "INTEGRITY", EMPTY, EMPTY, h * 8);
  return { nameAlg, symKey, hmacKey };
}

/** `data` under the outer wrapper of `seed` for the object named `name`. */
export async function outerWrap(
  crypto: Crypto,
  protector: CredentialProtector,
  seed: Uint8Array,
  name: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array> {
  const { nameAlg, symKey, hmacKey } = await outerKeys(crypto, protector, seed, name);
  const enc = await crypto.aesCfb(true, symKey, ZERO_IV, data);
  const hmac = await crypto.hmac(nameAlg, hmacKey, concat(enc, name));
  return concat(u16(hmac.length), hmac, enc);
}

/** A TPM2B's value and what follows it; TssError BAD_PARAMETER when `bytes` cannot hold it. */
export function sized(bytes: Uint8Array, what: string): { value: Uint8Array; rest: Uint8Array } {
  if (bytes.length < 2) throw new TssError("BAD_PARAMETER", `${what}: too short`);
  const n = (bytes[0]! << 8) | bytes[1]!;
  if (bytes.length < 2 + n) throw new TssError("BAD_PARAMETER", `${what}: size ${n} beyond the data`);
  return { value: bytes.subarray(2, 2 + n), rest: bytes.subarray(2 + n) };
}

/**
 * The data inside an outer wrapper, after its HMAC verifies; TssError
 * BAD_PARAMETER with `failure` when it does not.
 */
export async function outerUnwrap(
  crypto: Crypto,
  protector: CredentialProtector,
  seed: Uint8Array,
  name: Uint8Array,
  wrapped: Uint8Array,
  failure: string,
): Promise<Uint8Array> {
  const { nameAlg, symKey, hmacKey } = await outerKeys(crypto, protector, seed, name);
  const { value: hmac, rest: enc } = sized(wrapped, "the outer HMAC");
  const expected = await crypto.hmac(nameAlg, hmacKey, concat(enc, name));
  if (!constantTimeEqual(hmac, expected)) throw new TssError("BAD_PARAMETER", failure);
  return crypto.aesCfb(false, symKey, ZERO_IV, enc);
}
