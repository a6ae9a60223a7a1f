import type { Codec } from "./codec.js";

/** The same codec under the specification's alias name (e.g. TPM_KEY_BITS for UINT16). */
export function renamed<T>(typeName: string, codec: Codec<T>): Codec<T> {
  return { ...codec, typeName };
}
