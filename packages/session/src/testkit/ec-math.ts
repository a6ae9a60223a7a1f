/**
 * The kit's NIST curve arithmetic, to check ECDH results and ECC salts against
 * its own private keys: @tss/marshal/plugin-support's, under the kit's names.
 */
import { isOnNistCurve, nistPointMultiplyX } from "@tss/marshal/plugin-support";

/** Whether (x, y) is on the curve (y^2 = x^3 - 3x + b). */
export function isOnCurve(curveID: number, x: Uint8Array, y: Uint8Array): boolean {
  return isOnNistCurve(curveID, x, y);
}

/** The x-coordinate of d·(x, y), curve-sized. */
export function ecdhX(curveID: number, d: Uint8Array, x: Uint8Array, y: Uint8Array): Uint8Array {
  return nistPointMultiplyX(curveID, d, x, y);
}
