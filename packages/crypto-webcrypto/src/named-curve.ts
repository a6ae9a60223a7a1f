/** WebCrypto's NIST curves by TPM_ECC_CURVE. */
import { TPM_ECC_CURVE, TssError } from "@tss/marshal";

/** WebCrypto's name and the coordinate size of a TPM_ECC_CURVE, or TssError("UNSUPPORTED"). */
export function namedCurve(curve: number): { name: "P-256" | "P-384" | "P-521"; size: number } {
  switch (curve) {
    case TPM_ECC_CURVE.NIST_P256:
      return { name: "P-256", size: 32 };
    case TPM_ECC_CURVE.NIST_P384:
      return { name: "P-384", size: 48 };
    case TPM_ECC_CURVE.NIST_P521:
      return { name: "P-521", size: 66 };
    default:
      throw new TssError(
        "UNSUPPORTED",
        `ECC curve 0x${curve.toString(16).padStart(4, "0")} is not supported by @tss/crypto-webcrypto`,
      );
  }
}
