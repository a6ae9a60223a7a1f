import type { ByteReader } from "./byte-reader.js";
import type { ByteWriter } from "./byte-writer.js";
import type { SampleRng } from "./rng.js";

/** The family of a codec, as the specification names its type families. */
export type CodecKind =
  | "primitive"
  | "interface"
  | "attributes"
  | "tpm2b"
  | "tpm2bStruct"
  | "tpml"
  | "struct"
  | "union"
  | "array";

/**
 * A codec marshals and unmarshals one TPM type. Every TPM type is defined once as
 * a codec; its TypeScript type is inferred with {@link Infer}.
 *
 * `parent` is the structure being marshalled or built, from which a union reads
 * its selector.
 */
export interface Codec<T> {
  /** The specification's name for the type, e.g. `TPM2B_PUBLIC`. */
  readonly typeName: string;
  readonly kind: CodecKind;
  /** Appends the value's canonical bytes. Throws MarshalError on a bad value. */
  write(w: ByteWriter, value: T, path: string, parent?: Record<string, unknown>): void;
  /** Reads one value. Throws MarshalError, never anything else, on bad input. */
  read(r: ByteReader, path: string, parent?: Record<string, unknown>): T;
  /** Draws a random valid value (for tests). */
  sample(rng: SampleRng, parent?: Record<string, unknown>): T;
}

/** The TypeScript type a codec marshals. */
export type Infer<C> = C extends Codec<infer T> ? T : never;
