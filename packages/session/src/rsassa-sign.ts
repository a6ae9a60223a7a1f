/**
 * RSASSA-PKCS1-v1_5 signing in software (RFC 8017, 8.2.1): the EMSA-PKCS1-v1_5
 * encoding of a digest and the RSA private-key operation with bigint, for
 * signatures a TPM verifies (TPM2_PolicySigned's aHash, TPM2_VerifySignature).
 * Not constant-time: meant for test keys and tools, not for keys an attacker
 * can time.
 */
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import type { SoftwarePrivateKey } from "./private-key.js";

/** The DER DigestInfo prefix of each hash (RFC 8017, 9.2, note 1). */
const DIGEST_INFO_PREFIX: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "3021300906052b0e03021a05000414",
  [TPM_ALG_ID.SHA256]: "3031300d060960864801650304020105000420",
  [TPM_ALG_ID.SHA384]: "3041300d060960864801650304020205000430",
  [TPM_ALG_ID.SHA512]: "3051300d060960864801650304020305000440",
};

/**
 * EMSA-PKCS1-v1_5 encoding of a digest to `keyBytes` (RFC 8017, 9.2):
 * 00 01 FF..FF 00 DigestInfo. The digest's length must be the hash's.
 */
export function pkcs1SignaturePad(hashAlg: number, digest: Uint8Array, keyBytes: number): Uint8Array {
  const prefixHex = DIGEST_INFO_PREFIX[hashAlg];
  if (prefixHex === undefined) throw new TssError("BAD_PARAMETER", `no DigestInfo for hash 0x${hashAlg.toString(16)}`);
  const prefix = Uint8Array.from(prefixHex.match(/../g)!, (h) => Number.parseInt(h, 16));
  const size = prefix[prefix.length - 1]!;
  if (digest.length !== size)
    throw new TssError("BAD_PARAMETER", `hash algorithm length ${size} not equal data length ${digest.length}`);
  const t = prefix.length + size;
  if (keyBytes < t + 11) throw new TssError("BAD_PARAMETER", `a ${keyBytes}-byte key is too short for the digest`);
  const em = new Uint8Array(keyBytes).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[keyBytes - t - 1] = 0;
  em.set(prefix, keyBytes - t);
  em.set(digest, keyBytes - size);
  return em;
}

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function toBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/**
 * The RSASSA-PKCS1-v1_5 signature of `digest` (made with `hashAlg`) under an RSA
 * private key: the modulus's size in bytes, big-endian. Uses the CRT form
 * (p, q) and checks the result against the public exponent.
 */
export function rsassaSign(key: SoftwarePrivateKey, hashAlg: number, digest: Uint8Array): Uint8Array {
  if (!("rsa" in key)) throw new TssError("BAD_PARAMETER", "RSASSA signing needs an RSA private key");
  const { n: nBytes, e, p: pBytes, q: qBytes, d: dBytes } = key.rsa;
  let size = nBytes.length;
  while (size > 0 && nBytes[nBytes.length - size] === 0) size--;
  const n = toBigInt(nBytes);
  const m = toBigInt(pkcs1SignaturePad(hashAlg, digest, size));
  const p = toBigInt(pBytes);
  const q = toBigInt(qBytes);
  const d = toBigInt(dBytes);
  // CRT: s = s2 + q * (qInv * (s1 - s2) mod p).
  const s1 = modPow(m, d % (p - 1n), p);
  const s2 = modPow(m, d % (q - 1n), q);
  const qInv = modPow(q, p - 2n, p);
  const h = (((s1 - s2) % p) + p) % p;
  const s = s2 + q * ((qInv * h) % p);
  if (modPow(s, BigInt(e === 0 ? 65537 : e), n) !== m)
    throw new TssError("BAD_PARAMETER", "the RSA private key is inconsistent (signature check failed)");
  return toBytes(s, size);
}
