/**
 * NIST-curve points as the crypto plugins hand them to their libraries: each
 * coordinate left-padded to the curve's size, and the SEC 1 uncompressed
 * encoding 04 || x || y (SEC 1, 2.3.3).
 */
import type { EccPoint } from "../contracts/crypto.js";
import { TssError } from "../tss-error.js";
import { checkBytes } from "./check-bytes.js";

/** A coordinate left-padded to `size` octets; TssError("BAD_PARAMETER") when it is not octets or is longer. */
export function padCoordinate(v: Uint8Array, size: number, what: string): Uint8Array {
  checkBytes(v, what);
  if (v.length > size) throw new TssError("BAD_PARAMETER", `${what} is longer than the curve size`);
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

/** The SEC 1 uncompressed encoding 04 || x || y of a point, its coordinates padded to `size` octets. */
export function uncompressedPoint(p: EccPoint, size: number): Uint8Array {
  if (p === null || typeof p !== "object") throw new TssError("BAD_PARAMETER", "ECC point missing");
  const out = new Uint8Array(1 + 2 * size);
  out[0] = 4;
  out.set(padCoordinate(p.x, size, "x"), 1);
  out.set(padCoordinate(p.y, size, "y"), 1 + size);
  return out;
}
