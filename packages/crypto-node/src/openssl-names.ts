/** OpenSSL's names of the TPM hash algorithms and NIST curves that node:crypto takes. */
import { TPM_ALG_ID, TPM_ECC_CURVE, TssError } from "@tss/marshal";

/** The package name, for error messages. */
export const PLUGIN = "@tss/crypto-node";

/** node:crypto's name of a TPM hash algorithm, or TssError("UNSUPPORTED"). */
export function hashName(alg: number): "sha1" | "sha256" | "sha384" | "sha512" {
  switch (alg) {
    case TPM_ALG_ID.SHA1:
      return "sha1";
    case TPM_ALG_ID.SHA256:
      return "sha256";
    case TPM_ALG_ID.SHA384:
      return "sha384";
    case TPM_ALG_ID.SHA512:
      return "sha512";
    default:
      throw new TssError(
        "UNSUPPORTED",
        `hash algorithm 0x${Number(alg).toString(16).padStart(4, "0")} is not supported by ${PLUGIN}`,
      );
  }
}

/** Digest sizes in bytes by node:crypto hash name (one table, not one object per call). */
const DIGEST_SIZE = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;

/** The digest size in bytes of a TPM hash algorithm. */
export function hashSize(alg: number): number {
  return DIGEST_SIZE[hashName(alg)];
}

/** OpenSSL's name and the coordinate size of a NIST TPM_ECC_CURVE, or TssError("UNSUPPORTED"). */
export function curveName(curve: number): { name: "prime256v1" | "secp384r1" | "secp521r1"; size: number } {
  switch (curve) {
    case TPM_ECC_CURVE.NIST_P256:
      return { name: "prime256v1", size: 32 };
    case TPM_ECC_CURVE.NIST_P384:
      return { name: "secp384r1", size: 48 };
    case TPM_ECC_CURVE.NIST_P521:
      return { name: "secp521r1", size: 66 };
    default:
      throw new TssError(
        "UNSUPPORTED",
        `ECC curve 0x${Number(curve).toString(16).padStart(4, "0")} is not supported by ${PLUGIN}`,
      );
  }
}

/** The TPM_ECC_CURVE of OpenSSL's curve name (as KeyObject.asymmetricKeyDetails gives it), or undefined. */
export function curveOfName(name: string | undefined): number | undefined {
  return name === "prime256v1"
    ? TPM_ECC_CURVE.NIST_P256
    : name === "secp384r1"
      ? TPM_ECC_CURVE.NIST_P384
      : name === "secp521r1"
        ? TPM_ECC_CURVE.NIST_P521
        : undefined;
}
