import { MarshalError } from "../errors.js";
import type { Codec, Infer } from "./codec.js";
import { fieldPath } from "./field-path.js";
import type { NamedValue } from "./named-value.js";

/** The fields of a structure, in marshalling order. */
export type StructFields = Record<string, Codec<any>>;

/** The TypeScript value of a structure with these fields. */
export type StructValue<F extends StructFields> = { [K in keyof F]: Infer<F[K]> };

/**
 * A structure codec, keeping its field table for engines and tests. `T` is its value
 * type: the structure's named type (TPMT_PUBLIC) or, for an unnamed structure, the
 * fields' types.
 */
export interface StructCodec<F extends StructFields, T = StructValue<F>> extends Codec<T> {
  readonly fields: F;
}

/**
 * A TPMS_/TPMT_ structure: its fields marshalled in order. A union field reads its
 * selector from an earlier field of the same structure (see `union`).
 */
export function struct<const N extends string, const F extends StructFields>(
  typeName: N,
  fields: F,
): StructCodec<F, NamedValue<N, StructValue<F>>> {
  const entries = Object.entries(fields);
  return {
    typeName,
    kind: "struct",
    fields,
    write(w, v, p) {
      if (v === null || typeof v !== "object") throw new MarshalError("VALUE", p, `expected a ${typeName} object`);
      const obj = v as Record<string, unknown>;
      for (const [name, codec] of entries) codec.write(w, obj[name], fieldPath(p, name), obj);
    },
    read(r, p) {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.read(r, fieldPath(p, name), out);
      return out as NamedValue<N, StructValue<F>>;
    },
    sample(rng) {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) out[name] = codec.sample(rng, out);
      return out as NamedValue<N, StructValue<F>>;
    },
  };
}
