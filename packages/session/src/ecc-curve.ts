import { TPM_ECC_CURVE, TssError } from "@tss/marshal";

/** Octets of a coordinate on the NIST curves the session engine supports (P-256, P-384, P-521). */
export function eccCoordinateSize(curveID: number): number {
  switch (curveID) {
    case TPM_ECC_CURVE.NIST_P256:
      return 32;
    case TPM_ECC_CURVE.NIST_P384:
      return 48;
    case TPM_ECC_CURVE.NIST_P521:
      return 66;
    default:
      throw new TssError(
        "UNSUPPORTED",
        `ECC curve 0x${curveID.toString(16).padStart(4, "0")} is not supported (NIST P-256, P-384 and P-521 are)`,
      );
  }
}
