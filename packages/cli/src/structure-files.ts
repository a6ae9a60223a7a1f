/**
 * TPM structures in files, as the IBM utilities keep them (TSS_File_WriteStructure):
 * the structure's canonical marshalled bytes, nothing else.
 */
import { ByteReader, ByteWriter, type Codec, MarshalError } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** The marshalled bytes of a value. */
export function marshalStructure<T>(codec: Codec<T>, value: T): Uint8Array {
  const w = new ByteWriter();
  codec.write(w, value, codec.typeName);
  return w.finish();
}

/** Unmarshals a whole file's bytes; a malformed file is a UsageError naming it. */
export function unmarshalStructure<T>(codec: Codec<T>, bytes: Uint8Array, file: string): T {
  try {
    const r = new ByteReader(bytes);
    const value = codec.read(r, codec.typeName);
    r.expectEnd(codec.typeName);
    return value;
  } catch (e) {
    if (e instanceof MarshalError) throw new UsageError(`${file} is not a ${codec.typeName}: ${e.message}`);
    throw e;
  }
}
