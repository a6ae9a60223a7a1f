/**
 * @tss/marshal: TPM 2.0 Part 2 types and Part 3 command schemas, their codecs,
 * response-code text, and the plugin contracts (Transport, Crypto).
 */

export * from "./codec/attributes.js";
export { ByteReader } from "./codec/byte-reader.js";
export { ByteWriter } from "./codec/byte-writer.js";
export * from "./codec/bytes.js";
export type { Codec, CodecKind, Infer } from "./codec/codec.js";
export { marshal, unmarshal } from "./codec/marshal-value.js";
export type { BaseTypeName, NamedValue } from "./codec/named-value.js";
export * from "./codec/primitives.js";
export * from "./codec/renamed.js";
export { SampleRng } from "./codec/rng.js";
export * from "./codec/struct.js";
export * from "./codec/tpm2b-struct.js";
export * from "./codec/tpmi.js";
export * from "./codec/tpml.js";
export * from "./codec/union.js";
export * from "./commands/command-engine.js";
export * from "./commands/command-schema.js";
export * from "./commands/index.js";
export * from "./constants/index.js";
export type * from "./contracts/crypto.js";
export * from "./contracts/serial-queue.js";
export * from "./contracts/transport.js";
export * from "./errors.js";
export * from "./header.js";
export * from "./print/index.js";
export * from "./response-code/index.js";
export * from "./tss-error.js";
export * from "./types/index.js";
