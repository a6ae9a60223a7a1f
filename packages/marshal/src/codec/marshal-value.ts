/**
 * One-call marshalling of a whole value: `marshal(codec, value)` is the value's
 * canonical bytes (what TSS_File_WriteStructure writes), `unmarshal(codec, bytes)`
 * reads exactly one value and requires every byte to be consumed.
 */
import { ByteReader } from "./byte-reader.js";
import { ByteWriter } from "./byte-writer.js";
import type { Codec } from "./codec.js";
import { withFieldPaths } from "./field-path.js";

/** The canonical marshalled bytes of `value`. Throws MarshalError on a value the codec rejects. */
export function marshal<T>(codec: Codec<T>, value: T): Uint8Array {
  return withFieldPaths(
    (path) => {
      const w = new ByteWriter();
      codec.write(w, value, path);
      return w.finish();
    },
    () => codec.typeName,
  );
}

/**
 * Unmarshals one value from `bytes`. Throws MarshalError on malformed input,
 * including bytes left over after the value.
 */
export function unmarshal<T>(codec: Codec<T>, bytes: Uint8Array): T {
  return withFieldPaths(
    (path) => {
      const r = new ByteReader(bytes);
      const value = codec.read(r, path);
      r.expectEnd(path);
      return value;
    },
    () => codec.typeName,
  );
}
