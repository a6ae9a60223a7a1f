/**
 * RSA signature verification over a digest with node:crypto: the public-key
 * operation by publicDecrypt, then RSASSA-PKCS1-v1_5 (RFC 8017, 8.2.2: the
 * recovered T must be DigestInfo || digest) or EMSA-PSS-VERIFY (RFC 8017,
 * 9.1.2, salt length recovered from the encoding) on the raw result.
 */
import { constants, createHash, publicDecrypt } from "node:crypto";
import type { RsaPublicKey, SignatureScheme } from "@tss/marshal";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { checkBytes, sameBytes } from "./bytes.js";
import { hashName, hashSize } from "./openssl-names.js";
import { rsaKeyObject } from "./rsa-key.js";

/** The DER DigestInfo prefix of each hash (RFC 8017, 9.2, note 1). */
const DIGEST_INFO_PREFIX: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "3021300906052b0e03021a05000414",
  [TPM_ALG_ID.SHA256]: "3031300d060960864801650304020105000420",
  [TPM_ALG_ID.SHA384]: "3041300d060960864801650304020205000430",
  [TPM_ALG_ID.SHA512]: "3051300d060960864801650304020305000440",
};

function digest(alg: number, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(hashName(alg));
  for (const p of parts) h.update(p);
  return h.digest();
}

/** MGF1 (RFC 8017, B.2.1). */
function mgf1(alg: number, seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  const counter = new Uint8Array(4);
  for (let c = 0, at = 0; at < len; c++) {
    new DataView(counter.buffer).setUint32(0, c);
    const h = digest(alg, seed, counter);
    out.set(h.subarray(0, Math.min(h.length, len - at)), at);
    at += h.length;
  }
  return out;
}

/** The number of significant bits of a big-endian modulus. */
function bitLength(n: Uint8Array): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  return i === n.length ? 0 : (n.length - i - 1) * 8 + (32 - Math.clz32(n[i]!));
}

/** The public-key operation s^e mod n with `padding`; undefined when OpenSSL refuses (s >= n, bad padding). */
function recover(pub: RsaPublicKey, signature: Uint8Array, padding: number): Uint8Array | undefined {
  const key = rsaKeyObject(pub);
  try {
    return publicDecrypt({ key, padding }, signature);
  } catch {
    return undefined;
  }
}

/** Verifies an RSASSA-PKCS1-v1_5 or RSASSA-PSS signature over `digestValue`. */
export async function verifyRsa(
  pub: RsaPublicKey,
  scheme: SignatureScheme,
  digestValue: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (scheme?.scheme !== "RSASSA" && scheme?.scheme !== "RSAPSS")
    throw new TssError("BAD_PARAMETER", `verifyRsa does not take the ${scheme?.scheme} scheme`);
  checkBytes(digestValue, "digest");
  checkBytes(signature, "signature");
  const hLen = hashSize(scheme.hashAlg);
  const modBits = bitLength(pub?.n ?? new Uint8Array(0));
  const k = Math.ceil(modBits / 8);
  rsaKeyObject(pub); // a bad key is BAD_PARAMETER before anything else
  if (signature.length !== k || digestValue.length !== hLen) return false;
  if (scheme.scheme === "RSASSA") {
    const t = recover(pub, signature, constants.RSA_PKCS1_PADDING);
    if (t === undefined) return false;
    const expected = Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[scheme.hashAlg]!, "hex"), digestValue]);
    return sameBytes(t, expected);
  }
  const full = recover(pub, signature, constants.RSA_NO_PADDING);
  if (full === undefined || full.length !== k) return false;
  // EMSA-PSS-VERIFY with emBits = modBits - 1.
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (k > emLen && full[0] !== 0) return false;
  const em = full.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDB[0]! & ~topMask) !== 0) return false;
  const dbMask = mgf1(scheme.hashAlg, h, maskedDB.length);
  const db = maskedDB.map((x, i) => x ^ dbMask[i]!);
  db[0]! &= topMask;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const h2 = digest(scheme.hashAlg, new Uint8Array(8), digestValue, db.subarray(i + 1));
  return sameBytes(h2, h);
}
