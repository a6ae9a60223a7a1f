/** The NIST curves of @tss/crypto-forge (through @noble/curves). */
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { TPM_ECC_CURVE, TssError } from "@tss/marshal";

/** A @noble/curves short-Weierstrass curve. */
export type Curve = typeof p256;

/** The curve and its coordinate size for a TPM_ECC_CURVE, or TssError("UNSUPPORTED"). */
export function curveOf(curve: number): { c: Curve; size: number } {
  switch (curve) {
    case TPM_ECC_CURVE.NIST_P256:
      return { c: p256, size: 32 };
    case TPM_ECC_CURVE.NIST_P384:
      return { c: p384 as unknown as Curve, size: 48 };
    case TPM_ECC_CURVE.NIST_P521:
      return { c: p521 as unknown as Curve, size: 66 };
    default:
      throw new TssError(
        "UNSUPPORTED",
        `ECC curve 0x${curve.toString(16).padStart(4, "0")} is not supported by @tss/crypto-forge`,
      );
  }
}
