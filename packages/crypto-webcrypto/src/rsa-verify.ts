/**
 * RSA signature verification over a digest (WebCrypto only verifies messages):
 * the public-key operation in bigint, then EMSA-PKCS1-v1_5 or EMSA-PSS (RFC 8017,
 * 8.2.2 and 9.1.2) checked by @tss/marshal/plugin-support over this plugin's
 * JavaScript digests (the messages are a few hundred octets at most).
 */
import type { RsaPublicKey, SignatureScheme } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { emsaPkcs1v15, emsaPssVerify, rsaPublicNumbers } from "@tss/marshal/plugin-support";
import { smallDigest } from "./small-inputs.js";

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
  const hLen = smallDigest(scheme.hashAlg, new Uint8Array(0)).length;
  const numbers = rsaPublicNumbers(pub);
  const k = numbers.n.length;
  if (signature.length !== k || digestValue.length !== hLen) return false;
  const n = toBig(numbers.n);
  const s = toBig(signature);
  if (s >= n) return false;
  const e = BigInt(numbers.e);
  const raised = toBytes(modPow(s, e, n), k);
  if (scheme.scheme === "RSASSA") {
    const expected = emsaPkcs1v15(scheme.hashAlg, digestValue, k);
    if (expected === undefined) return false;
    let diff = 0;
    for (let i = 0; i < k; i++) diff |= raised[i]! ^ expected[i]!;
    return diff === 0;
  }
  // EMSA-PSS-VERIFY; the salt length is recovered from the encoding.
  const modBits = n.toString(2).length;
  return emsaPssVerify(raised, modBits, digestValue, (data) => smallDigest(scheme.hashAlg, data));
}
