import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";
import { fieldPath, indexPath } from "./field-path.js";
import type { NamedValue } from "./named-value.js";

/** A TPML: UINT32 count, then at most `maxCount` elements. The value is an array. */
export function tpml<const N extends string, T>(
  typeName: N,
  element: Codec<T>,
  maxCount: number,
): Codec<NamedValue<N, T[]>> & { readonly maxCount: number; readonly element: Codec<T> } {
  return {
    typeName,
    kind: "tpml",
    maxCount,
    element,
    write(w, v, p) {
      if (!Array.isArray(v)) throw new MarshalError("VALUE", p, `expected an array for ${typeName}`);
      if (v.length > maxCount)
        throw new MarshalError("SIZE", fieldPath(p, "count"), `${v.length} exceeds ${typeName} maximum ${maxCount}`);
      w.u32(v.length);
      // An index loop, not forEach: a hole in a sparse array must fail like any missing element.
      for (let i = 0; i < v.length; i++) element.write(w, v[i] as T, indexPath(p, i));
    },
    read(r, p) {
      const n = r.u32(fieldPath(p, "count"));
      if (n > maxCount)
        throw new MarshalError("SIZE", fieldPath(p, "count"), `${n} exceeds ${typeName} maximum ${maxCount}`);
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(element.read(r, indexPath(p, i)));
      return out as NamedValue<N, T[]>;
    },
    sample(rng) {
      const n = rng.int(Math.min(maxCount, 4) + 1);
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(element.sample(rng));
      return out as NamedValue<N, T[]>;
    },
  };
}
