import type { Codec } from "./codec.js";
import { force } from "./lazy.js";

/** The same codec under the specification's alias name (e.g. TPM_KEY_BITS for UINT16). */
export function renamed<T>(typeName: string, codec: Codec<T>): Codec<T> {
  // force: a codec declared with `lazy` has no own properties to copy until built.
  return { ...force(codec), typeName };
}
