/**
 * TPM structures in files, as the IBM utilities keep them (TSS_File_WriteStructure):
 * the structure's canonical marshalled bytes, nothing else (@tss/marshal's
 * marshal/unmarshal).
 */
import { type Codec, MarshalError, marshal, unmarshal } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** The marshalled bytes of a value. */
export function marshalStructure<T>(codec: Codec<T>, value: T): Uint8Array {
  return marshal(codec, value);
}

/** Unmarshals a whole file's bytes; a malformed file is a UsageError naming it. */
export function unmarshalStructure<T>(codec: Codec<T>, bytes: Uint8Array, file: string): T {
  try {
    return unmarshal(codec, bytes);
  } catch (e) {
    if (e instanceof MarshalError) throw new UsageError(`${file} is not a ${codec.typeName}: ${e.message}`);
    throw e;
  }
}
