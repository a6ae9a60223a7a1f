/**
 * The private side of RSA-OAEP for checking a plugin's encryption (and salts)
 * with the kit's own key: bigint CRT exponentiation and OAEP decoding (PKCS #1
 * v2.2, 7.1.2) with MGF1 on the plugin's (separately checked) hash.
 */
import type { Crypto } from "@tss/marshal";
import { bigintToBytes, bytesToBigint } from "./hex.js";

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** MGF1 with a TPM hash through the Crypto under test. */
export async function mgf1(crypto: Crypto, hashAlg: number, seed: Uint8Array, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let at = 0;
  for (let counter = 0; at < length; counter++) {
    const c = new Uint8Array(seed.length + 4);
    c.set(seed);
    new DataView(c.buffer).setUint32(seed.length, counter);
    const block = await crypto.hash(hashAlg, c);
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

/** RSA-OAEP decryption with the private key (p, q, d); throws on a bad encoding. */
export async function rsaOaepDecrypt(
  crypto: Crypto,
  key: { n: Uint8Array; d: Uint8Array; p: Uint8Array; q: Uint8Array },
  hashAlg: number,
  label: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const k = key.n.length;
  if (ciphertext.length !== k) throw new Error(`OAEP ciphertext of ${ciphertext.length} bytes for a ${k}-byte modulus`);
  const n = bytesToBigint(key.n);
  const d = bytesToBigint(key.d);
  const p = bytesToBigint(key.p);
  const q = bytesToBigint(key.q);
  const c = bytesToBigint(ciphertext);
  if (c >= n) throw new Error("OAEP ciphertext not below the modulus");
  const m1 = modPow(c, d % (p - 1n), p);
  const m2 = modPow(c, d % (q - 1n), q);
  const h = (modInverse(q, p) * (m1 - m2 + p)) % p;
  const em = bigintToBytes(m2 + h * q, k);
  const lHash = await crypto.hash(hashAlg, label);
  const hLen = lHash.length;
  if (em[0] !== 0) throw new Error("OAEP: leading octet not zero");
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDB = em.subarray(1 + hLen);
  const seedMask = await mgf1(crypto, hashAlg, maskedDB, hLen);
  const seed = maskedSeed.map((b, i) => b ^ seedMask[i]!);
  const dbMask = await mgf1(crypto, hashAlg, seed, maskedDB.length);
  const db = maskedDB.map((b, i) => b ^ dbMask[i]!);
  for (let i = 0; i < hLen; i++) if (db[i] !== lHash[i]) throw new Error("OAEP: label hash mismatch");
  let i = hLen;
  while (i < db.length && db[i] === 0) i++;
  if (db[i] !== 1) throw new Error("OAEP: no 0x01 separator");
  return db.slice(i + 1);
}
