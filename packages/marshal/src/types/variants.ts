/**
 * Variants of one type that Part 2 writes with a suffix or a qualifier: the
 * conditional "+" form of a structure (`TPMT_SIGNATURE+` admits TPM_ALG_NULL), and
 * a selector field whose sample values are limited to the members of its union.
 */
import type { Codec } from "../codec/codec.js";
import { force } from "../codec/lazy.js";

/** A type together with its "+" form, reachable as `.plus`. */
export type WithPlus<C> = C & { readonly plus: C };

/**
 * Builds a type and its "+" form from one definition: `make(false)` is the type as
 * written, `make(true)` the form whose leading interface type admits its conditional
 * value (Part 2, 5.3 "+" qualifier).
 */
export function withPlus<C extends object>(make: (plus: boolean) => C): WithPlus<C> {
  const plus = make(true);
  return Object.assign(make(false), { plus }) as WithPlus<C>;
}

/**
 * The same codec, but drawing samples only from `values`: for a selector whose
 * type (TPM_CAP, TPM_HT, ...) is wider than the union it selects.
 */
export function sampledFrom<T>(codec: Codec<T>, values: readonly T[]): Codec<T> {
  return { ...force(codec), sample: (rng) => rng.pick(values) };
}
