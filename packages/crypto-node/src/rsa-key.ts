/** node:crypto KeyObjects of TPM-style RSA public keys (modulus and exponent). */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { RsaPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { stripLeadingZeros } from "@tss/marshal/plugin-support";
import { base64url, checkBytes, intBytes } from "./bytes.js";

/** The modulus without leading zeros and the exponent (0 read as 65537); TssError("BAD_PARAMETER") for a bad key. */
export function rsaNumbers(pub: RsaPublicKey): { n: Uint8Array; e: number } {
  if (pub === null || typeof pub !== "object") throw new TssError("BAD_PARAMETER", "RSA public key missing");
  checkBytes(pub.n, "RSA modulus");
  const n = stripLeadingZeros(pub.n);
  if (n.length === 0) throw new TssError("BAD_PARAMETER", "RSA modulus missing");
  const e = pub.e === 0 ? 65537 : pub.e;
  if (!Number.isInteger(e) || e < 3 || e > 0xffffffff || e % 2 === 0)
    throw new TssError("BAD_PARAMETER", `RSA exponent ${pub.e} (an odd UINT32 of at least 3, or 0 for 65537)`);
  return { n, e };
}

/** The public KeyObject of an RSA key (through JWK), or TssError("BAD_PARAMETER"). */
export function rsaKeyObject(pub: RsaPublicKey): KeyObject {
  const { n, e } = rsaNumbers(pub);
  try {
    return createPublicKey({ key: { kty: "RSA", n: base64url(n), e: base64url(intBytes(e)) }, format: "jwk" });
  } catch (err) {
    throw new TssError("BAD_PARAMETER", "OpenSSL refuses the RSA public key", { cause: err });
  }
}
