/** node:crypto KeyObjects of TPM-style RSA public keys (modulus and exponent). */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { RsaPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { rsaPublicNumbers } from "@tss/marshal/plugin-support";
import { base64url, intBytes } from "./bytes.js";

/** The public KeyObject of an RSA key (through JWK), or TssError("BAD_PARAMETER"). */
export function rsaKeyObject(pub: RsaPublicKey): KeyObject {
  const { n, e } = rsaPublicNumbers(pub);
  try {
    return createPublicKey({ key: { kty: "RSA", n: base64url(n), e: base64url(intBytes(e)) }, format: "jwk" });
  } catch (err) {
    throw new TssError("BAD_PARAMETER", "OpenSSL refuses the RSA public key", { cause: err });
  }
}
