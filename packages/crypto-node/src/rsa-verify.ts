/**
 * RSA signature verification over a digest with node:crypto: the public-key
 * operation by publicDecrypt, then RSASSA-PKCS1-v1_5 (RFC 8017, 8.2.2: the
 * recovered T must be DigestInfo || digest) or EMSA-PSS-VERIFY (RFC 8017,
 * 9.1.2, salt length recovered from the encoding) on the raw result.
 */
import { constants, createHash, publicDecrypt } from "node:crypto";
import type { RsaPublicKey, SignatureScheme } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { emsaPssVerify, pkcs1DigestInfo } from "@tss/marshal/plugin-support";
import { sameBytes } from "./bytes.js";
import { hashName, hashSize } from "./openssl-names.js";
import { rsaKeyObject } from "./rsa-key.js";

function digest(alg: number, data: Uint8Array): Uint8Array {
  return createHash(hashName(alg)).update(data).digest();
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
  if (scheme.scheme !== "RSASSA" && scheme.scheme !== "RSAPSS")
    throw new TssError("BAD_PARAMETER", `verifyRsa does not take the ${scheme.scheme} scheme`);
  const hLen = hashSize(scheme.hashAlg);
  const modBits = bitLength(pub.n);
  const k = Math.ceil(modBits / 8);
  rsaKeyObject(pub); // a bad key is BAD_PARAMETER before anything else
  if (signature.length !== k || digestValue.length !== hLen) return false;
  if (scheme.scheme === "RSASSA") {
    const t = recover(pub, signature, constants.RSA_PKCS1_PADDING);
    if (t === undefined) return false;
    const expected = pkcs1DigestInfo(scheme.hashAlg, digestValue);
    return expected !== undefined && sameBytes(t, expected);
  }
  const raised = recover(pub, signature, constants.RSA_NO_PADDING);
  if (raised === undefined) return false;
  // EMSA-PSS-VERIFY; the salt length is recovered from the encoding.
  return emsaPssVerify(raised, modBits, digestValue, (data) => digest(scheme.hashAlg, data));
}
