import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";
import { fieldPath } from "./field-path.js";
import type { NamedValue } from "./named-value.js";

/** The value of a TPM2B that wraps a structure: `{ publicArea: ... }` for TPM2B_PUBLIC. */
export type Tpm2bStructValue<N extends string, T, Opt extends boolean> = Opt extends true
  ? { [P in N]?: T }
  : { [P in N]: T };

/**
 * The value type of a TPM2B structure codec named `TN`: its named type
 * (TPM2B_PUBLIC), with the field optional for the `optional` form.
 */
export type Tpm2bStructNamedValue<TN extends string, N extends string, T, Opt extends boolean> = Opt extends true
  ? Partial<NamedValue<TN, Tpm2bStructValue<N, T, false>>>
  : NamedValue<TN, Tpm2bStructValue<N, T, false>>;

/**
 * A TPM2B that wraps a structure (TPM2B_PUBLIC, TPM2B_SENSITIVE_CREATE, ...): the
 * size is computed when marshalling and enforced when unmarshalling (the inner
 * structure must fill it exactly). With `optional`, size 0 means absent, as for
 * LoadExternal's inPrivate or Commit's P1.
 */
export function tpm2bStruct<const TN extends string, const N extends string, T, const Opt extends boolean = false>(
  typeName: TN,
  field: N,
  inner: Codec<T>,
  options?: { optional?: Opt; maxSize?: number },
): Codec<Tpm2bStructNamedValue<TN, N, T, Opt>> & { readonly field: N; readonly inner: Codec<T> } {
  const optional = options?.optional === true;
  const maxSize = options?.maxSize ?? 0xffff;
  return {
    typeName,
    kind: "tpm2bStruct",
    field,
    inner,
    write(w, v, p) {
      if (v === null || typeof v !== "object")
        throw new MarshalError("VALUE", p, `expected { ${field}: ... } for ${typeName}`);
      const x = (v as Record<string, unknown>)[field];
      if (x === undefined) {
        if (!optional) throw new MarshalError("VALUE", fieldPath(p, field), "is required");
        w.u16(0);
        return;
      }
      // Written in place: the size is patched once the structure is written.
      const at = w.length;
      w.u16(0);
      inner.write(w, x as T, fieldPath(p, field));
      const size = w.length - at - 2;
      if (size > maxSize) throw new MarshalError("SIZE", p, `${size} bytes exceeds ${typeName} maximum ${maxSize}`);
      w.patchU16(at, size);
    },
    read(r, p) {
      const n = r.u16(fieldPath(p, "size"));
      if (n === 0) {
        if (!optional) throw new MarshalError("SIZE", fieldPath(p, "size"), `${typeName} may not be empty here`);
        return {} as Tpm2bStructNamedValue<TN, N, T, Opt>;
      }
      if (n > maxSize)
        throw new MarshalError("SIZE", fieldPath(p, "size"), `${n} exceeds ${typeName} maximum ${maxSize}`);
      const sub = r.sub(n, fieldPath(p, field));
      const x = inner.read(sub, fieldPath(p, field));
      sub.expectEnd(fieldPath(p, field));
      return { [field]: x } as Tpm2bStructNamedValue<TN, N, T, Opt>;
    },
    sample(rng) {
      if (optional && rng.chance(0.2)) return {} as Tpm2bStructNamedValue<TN, N, T, Opt>;
      return { [field]: inner.sample(rng) } as Tpm2bStructNamedValue<TN, N, T, Opt>;
    },
  };
}
