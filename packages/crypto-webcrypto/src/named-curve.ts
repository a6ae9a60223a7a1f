/** WebCrypto's NIST curves by TPM_ECC_CURVE, and coordinate padding. */
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

/** A coordinate left-padded to `size`; TssError("BAD_PARAMETER") when it is longer. */
export function pad(v: Uint8Array, size: number, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", `${what} is not a Uint8Array`);
  if (v.length > size) throw new TssError("BAD_PARAMETER", `${what} is longer than the curve size`);
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

/** The SEC 1 uncompressed encoding 04 || x || y, coordinates padded to `size`. */
export function uncompressedPoint(p: { x: Uint8Array; y: Uint8Array }, size: number): Uint8Array {
  const raw = new Uint8Array(1 + 2 * size);
  raw[0] = 4;
  raw.set(pad(p.x, size, "x"), 1);
  raw.set(pad(p.y, size, "y"), 1 + size);
  return raw;
}
