/**
 * A 64-bit TPMA_ bit field carried as a bigint (TPMA_NV_EXP, new in 1.83). The
 * 8-, 16- and 32-bit attribute types use `attributes` from the codec engine.
 */
import type { Codec } from "../codec/codec.js";
import { MarshalError } from "../errors.js";

/**
 * A UINT64 attribute field. Reserved bits are kept when reading (a newer revision
 * may define them) and never set when sampling.
 */
export function attributes64(typeName: string, definedMask: bigint): Codec<bigint> & { readonly definedMask: bigint } {
  return {
    typeName,
    kind: "attributes",
    definedMask,
    write(w, v, p) {
      if (typeof v !== "bigint" || v < 0n || v >= 1n << 64n) {
        throw new MarshalError("VALUE", p, `expected 64-bit attributes (bigint) for ${typeName}`);
      }
      w.u64(v);
    },
    read: (r, p) => r.u64(p),
    sample: (rng) => ((BigInt(rng.u32()) << 32n) | BigInt(rng.u32())) & definedMask,
  };
}
