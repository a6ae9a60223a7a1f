/**
 * RSA signature verification over a digest (WebCrypto only verifies messages):
 * the public-key operation in bigint, then EMSA-PKCS1-v1_5 or EMSA-PSS (RFC 8017,
 * 8.2.2 and 9.1.2) checked with WebCrypto digests.
 */
import type { RsaPublicKey, SignatureScheme } from "@tss/marshal";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { buf, hashName, subtle } from "./subtle.js";

const DIGEST_INFO_PREFIX: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "3021300906052b0e03021a05000414",
  [TPM_ALG_ID.SHA256]: "3031300d060960864801650304020105000420",
  [TPM_ALG_ID.SHA384]: "3041300d060960864801650304020205000430",
  [TPM_ALG_ID.SHA512]: "3051300d060960864801650304020305000440",
};

const toBig = (b: Uint8Array) => b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);

function toBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

async function digest(alg: number, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hashName(alg), buf(data)));
}

async function mgf1(alg: number, seed: Uint8Array, len: number): Promise<Uint8Array> {
  const out = new Uint8Array(len);
  for (let c = 0, at = 0; at < len; c++) {
    const x = new Uint8Array(seed.length + 4);
    x.set(seed);
    new DataView(x.buffer).setUint32(seed.length, c);
    const h = await digest(alg, x);
    out.set(h.subarray(0, Math.min(h.length, len - at)), at);
    at += h.length;
  }
  return out;
}

function hexBytes(h: string): Uint8Array {
  return new Uint8Array(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));
}

/** Verifies an RSASSA-PKCS1-v1_5 or RSASSA-PSS signature over `digestValue`. */
export async function verifyRsa(
  pub: RsaPublicKey,
  scheme: SignatureScheme,
  digestValue: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (scheme.scheme !== "RSASSA" && scheme.scheme !== "RSAPSS") {
    throw new TssError("BAD_PARAMETER", `verifyRsa does not take the ${scheme.scheme} scheme`);
  }
  const hLen = (await digest(scheme.hashAlg, new Uint8Array(0))).length;
  const k = pub.n.length;
  if (k === 0 || signature.length !== k || digestValue.length !== hLen) return false;
  const n = toBig(pub.n);
  const s = toBig(signature);
  if (s >= n) return false;
  const e = BigInt(pub.e === 0 ? 65537 : pub.e);
  if (scheme.scheme === "RSASSA") {
    const em = toBytes(modPow(s, e, n), k);
    const t = new Uint8Array([...hexBytes(DIGEST_INFO_PREFIX[scheme.hashAlg]!), ...digestValue]);
    if (k < t.length + 11) return false;
    const expected = new Uint8Array(k).fill(0xff);
    expected[0] = 0;
    expected[1] = 1;
    expected[k - t.length - 1] = 0;
    expected.set(t, k - t.length);
    let diff = 0;
    for (let i = 0; i < k; i++) diff |= em[i]! ^ expected[i]!;
    return diff === 0;
  }
  // EMSA-PSS-VERIFY with emBits = modBits - 1; the salt length is recovered from the encoding.
  const modBits = n.toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const full = toBytes(modPow(s, e, n), k);
  if (k - emLen > 0 && full[0] !== 0) return false;
  const em = full.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDB = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((maskedDB[0]! & ~topMask) !== 0) return false;
  const dbMask = await mgf1(scheme.hashAlg, h, maskedDB.length);
  const db = maskedDB.map((x, i) => x ^ dbMask[i]!);
  db[0]! &= topMask;
  let i = 0;
  while (i < db.length && db[i] === 0) i++;
  if (i >= db.length || db[i] !== 1) return false;
  const salt = db.subarray(i + 1);
  const mPrime = new Uint8Array(8 + hLen + salt.length);
  mPrime.set(digestValue, 8);
  mPrime.set(salt, 8 + hLen);
  const h2 = await digest(scheme.hashAlg, mPrime);
  let diff = 0;
  for (let j = 0; j < hLen; j++) diff |= h2[j]! ^ h[j]!;
  return diff === 0;
}
