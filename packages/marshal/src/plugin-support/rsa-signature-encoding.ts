/**
 * The encodings of RSA signatures over a digest (RFC 8017): what each crypto
 * plugin checks once its library has done the public-key operation
 * (s^e mod n). EMSA-PKCS1-v1_5's DigestInfo (9.2) and EMSA-PSS-VERIFY (9.1.2)
 * with MGF1 (B.2.1) of the same hash and the salt length recovered from the
 * encoding, as TPMs and other signers use 0, 20, the digest's size or the
 * largest the key allows.
 */
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";

/** A hash function, answered at once (a plugin's sync facet's hash for one algorithm). */
export type HashFunction = (data: Uint8Array) => Uint8Array;

const hexOctets = (h: string) => Uint8Array.from(h.match(/../g)!, (x) => Number.parseInt(x, 16));

/**
 * The DER DigestInfo prefix of each hash algorithm (RFC 8017, 9.2, note 1), by
 * TPM_ALG_ID. Not exported: its octets could be changed by anyone holding them;
 * pkcs1DigestInfo hands out a copy.
 */
const DIGEST_INFO_PREFIXES: ReadonlyMap<number, Uint8Array> = new Map([
  [TPM_ALG_ID.SHA1, hexOctets("3021300906052b0e03021a05000414")],
  [TPM_ALG_ID.SHA256, hexOctets("3031300d060960864801650304020105000420")],
  [TPM_ALG_ID.SHA384, hexOctets("3041300d060960864801650304020205000430")],
  [TPM_ALG_ID.SHA512, hexOctets("3051300d060960864801650304020305000440")],
]);

/** T of EMSA-PKCS1-v1_5: the DigestInfo of `digest` under `hashAlg`, or undefined for a hash without one. */
export function pkcs1DigestInfo(hashAlg: number, digest: Uint8Array): Uint8Array | undefined {
  const prefix = DIGEST_INFO_PREFIXES.get(hashAlg);
  if (prefix === undefined) return undefined;
  const t = new Uint8Array(prefix.length + digest.length);
  t.set(prefix);
  t.set(digest, prefix.length);
  return t;
}

/**
 * EM of EMSA-PKCS1-v1_5 for a k-octet modulus: 00 01 FF..FF 00 || T; undefined
 * when the modulus is too short for T (fewer than 8 octets of FF).
 */
export function emsaPkcs1v15(hashAlg: number, digest: Uint8Array, k: number): Uint8Array | undefined {
  const t = pkcs1DigestInfo(hashAlg, digest);
  if (t === undefined || k < t.length + 11) return undefined;
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[k - t.length - 1] = 0;
  em.set(t, k - t.length);
  return em;
}

/** MGF1 (RFC 8017, B.2.1): `length` octets from `seed` with `hash`. */
export function mgf1(hash: HashFunction, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, at = 0; at < length; counter++) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = counter >>> 16;
    block[seed.length + 2] = counter >>> 8;
    block[seed.length + 3] = counter;
    const h = hash(block);
    out.set(h.subarray(0, Math.min(h.length, length - at)), at);
    at += h.length;
  }
  return out;
}

/**
 * EMSA-PSS-VERIFY (RFC 8017, 9.1.2) with emBits = modBits - 1: whether `raised`,
 * the k octets of s^e mod n (k = ceil(modBits / 8)), encode `mHash` under `hash`
 * with MGF1 of the same hash and any salt length. The comparison of the hashes
 * does not stop at the first difference.
 */
export function emsaPssVerify(raised: Uint8Array, modBits: number, mHash: Uint8Array, hash: HashFunction): boolean {
  const k = Math.ceil(modBits / 8);
  const hLen = mHash.length;
  if (raised.length !== k) return false;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  // When modBits - 1 is a multiple of 8, EM is one octet shorter than the modulus and that octet is zero.
  if (k > emLen && raised[0] !== 0) return false;
  const em = raised.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDB[0]! & ~topMask) !== 0) return false;
  const mask = mgf1(hash, h, maskedDB.length);
  const db = maskedDB.map((x, i) => x ^ mask[i]!);
  db[0]! &= topMask;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const salt = db.subarray(i + 1);
  const mPrime = new Uint8Array(8 + hLen + salt.length);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  const h2 = hash(mPrime);
  if (h2.length !== hLen) return false;
  let diff = 0;
  for (let j = 0; j < hLen; j++) diff |= h2[j]! ^ h[j]!;
  return diff === 0;
}
