/** The NIST curves of @tss/crypto-forge (through @noble/curves), and point encoding on them. */
import { p256, p384, p521 } from "@noble/curves/nist.js";
import type { EccPoint } from "@tss/marshal";
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

/** A coordinate left-padded to the curve size; throws when it is longer. */
export function pad(v: Uint8Array, size: number, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", `${what} is not a Uint8Array`);
  if (v.length > size) throw new TssError("BAD_PARAMETER", `${what} is longer than the curve size`);
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

/** The SEC 1 uncompressed encoding 04 || x || y of a point, coordinates padded to the curve size. */
export function uncompressed(p: EccPoint, size: number): Uint8Array {
  const out = new Uint8Array(1 + 2 * size);
  out[0] = 4;
  out.set(pad(p.x, size, "x"), 1);
  out.set(pad(p.y, size, "y"), 1 + size);
  return out;
}
