import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";
import { fieldPath } from "./field-path.js";

function checkBytes(path: string, v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new MarshalError("VALUE", path, "expected a Uint8Array");
  return v;
}

/**
 * A TPM2B whose buffer is plain bytes: UINT16 size, then at most `maxSize` octets.
 * `maxSize` is the implementation limit from the reference implementation.
 */
export function tpm2b(typeName: string, maxSize: number): Codec<Uint8Array> & { readonly maxSize: number } {
  return {
    typeName,
    kind: "tpm2b",
    maxSize,
    write(w, v, p) {
      const b = checkBytes(p, v);
      if (b.length > maxSize)
        throw new MarshalError("SIZE", p, `${b.length} bytes exceeds ${typeName} maximum ${maxSize}`);
      w.u16(b.length);
      w.bytes(b);
    },
    read(r, p) {
      const n = r.u16(fieldPath(p, "size"));
      if (n > maxSize)
        throw new MarshalError("SIZE", fieldPath(p, "size"), `${n} exceeds ${typeName} maximum ${maxSize}`);
      return r.bytes(n, fieldPath(p, "buffer"));
    },
    sample: (rng) => rng.bytes(rng.chance(0.1) ? maxSize : rng.int(Math.min(maxSize, 64) + 1)),
  };
}

/** A fixed-length octet array, such as TPMU_HA's `BYTE sha256[32]`. */
export function fixedBytes(typeName: string, length: number): Codec<Uint8Array> {
  return {
    typeName,
    kind: "array",
    write(w, v, p) {
      const b = checkBytes(p, v);
      if (b.length !== length) throw new MarshalError("SIZE", p, `expected exactly ${length} bytes, got ${b.length}`);
      w.bytes(b);
    },
    read: (r, p) => r.bytes(length, p),
    sample: (rng) => rng.bytes(length),
  };
}

/**
 * Octets preceded by a UINT8 count, as in TPMS_PCR_SELECT (sizeofSelect, pcrSelect).
 */
export function sizedBytes8(typeName: string, minSize: number, maxSize: number): Codec<Uint8Array> {
  return {
    typeName,
    kind: "array",
    write(w, v, p) {
      const b = checkBytes(p, v);
      if (b.length < minSize || b.length > maxSize) {
        throw new MarshalError("SIZE", p, `size ${b.length} outside ${minSize}..${maxSize}`);
      }
      w.u8(b.length);
      w.bytes(b);
    },
    read(r, p) {
      const n = r.u8(fieldPath(p, "size"));
      if (n < minSize || n > maxSize)
        throw new MarshalError("SIZE", fieldPath(p, "size"), `size ${n} outside ${minSize}..${maxSize}`);
      return r.bytes(n, p);
    },
    sample: (rng) => rng.bytes(minSize + rng.int(maxSize - minSize + 1)),
  };
}
