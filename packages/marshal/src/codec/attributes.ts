import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";

/**
 * A TPMA_ bit field, carried as a number. Reserved bits are not written when
 * sampling; on reading they are kept (newer revisions define new bits).
 */
export function attributes(
  typeName: string,
  size: 1 | 2 | 4,
  definedMask: number,
): Codec<number> & { readonly definedMask: number } {
  const bits = size * 8;
  return {
    typeName,
    kind: "attributes",
    definedMask,
    write(w, v, p) {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
        throw new MarshalError("VALUE", p, `expected ${bits}-bit attributes for ${typeName}`);
      }
      if (size === 1) w.u8(v);
      else if (size === 2) w.u16(v);
      else w.u32(v);
    },
    read: (r, p) => (size === 1 ? r.u8(p) : size === 2 ? r.u16(p) : r.u32(p)),
    // `& mask` yields a signed 32-bit number, so bit 31 needs the final `>>> 0`.
    sample: (rng) => (rng.u32() & definedMask & (size === 4 ? 0xffffffff : 2 ** bits - 1)) >>> 0,
  };
}
