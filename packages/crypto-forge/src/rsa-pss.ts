/**
 * RSASSA-PSS verification over a digest with the salt length recovered from
 * the encoding (RFC 8017, 8.1.2 and 9.1.2): node-forge's own PSS verifier
 * needs the salt length in advance, and signers use 0, 20, the digest's size
 * or the largest the key allows. The RSA public operation is node-forge's
 * (raw), the digests @noble/hashes'.
 */
import { fromBinary, toBinary } from "./binary.js";
import { digest } from "./digest.js";

/** What verifyPss needs of a node-forge RSA public key. */
interface RawRsaKey {
  readonly n: { bitLength(): number };
  encrypt(data: string, scheme: "RAW"): string;
}

function mgf1(alg: number, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, at = 0; at < length; counter++) {
    new DataView(block.buffer).setUint32(seed.length, counter);
    const h = digest(alg, block);
    out.set(h.subarray(0, Math.min(h.length, length - at)), at);
    at += h.length;
  }
  return out;
}

/** True when `signature` is an RSASSA-PSS signature (MGF1 with the same hash, any salt length) of `mHash`. */
export function verifyPss(key: RawRsaKey, hashAlg: number, mHash: Uint8Array, signature: Uint8Array): boolean {
  const modBits = key.n.bitLength();
  const k = Math.ceil(modBits / 8);
  const hLen = mHash.length;
  if (signature.length !== k) return false;
  let full: Uint8Array;
  try {
    full = fromBinary(key.encrypt(toBinary(signature), "RAW"));
  } catch {
    return false; // the signature is not below the modulus
  }
  if (full.length !== k) return false;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (k > emLen && full[0] !== 0) return false;
  const em = full.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDB[0]! & ~topMask) !== 0) return false;
  const mask = mgf1(hashAlg, h, maskedDB.length);
  const db = maskedDB.map((x, i) => x ^ mask[i]!);
  db[0]! &= topMask;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const salt = db.subarray(i + 1);
  const mPrime = new Uint8Array(8 + hLen + salt.length);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  const h2 = digest(hashAlg, mPrime);
  let diff = 0;
  for (let j = 0; j < hLen; j++) diff |= h2[j]! ^ h[j]!;
  return diff === 0;
}
