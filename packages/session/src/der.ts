/**
 * DER for the private-key structures this package parses: the stack's one DER
 * reader (@tss/marshal/plugin-support) failing with TssError("BAD_PARAMETER",
 * "DER: ..."), and the INTEGER helpers the key formats need.
 */
import { TssError } from "@tss/marshal";
import { DerReader } from "@tss/marshal/plugin-support";

export { DER_TAG, type DerElement, DerReader } from "@tss/marshal/plugin-support";

function bad(what: string): TssError {
  return new TssError("BAD_PARAMETER", `DER: ${what}`);
}

/** A reader over `bytes` whose failures are TssError("BAD_PARAMETER", "DER: ..."). */
export function derReader(bytes: Uint8Array): DerReader {
  return new DerReader(bytes, bad);
}

/** The magnitude of a non-negative DER INTEGER, without sign octets. */
export function derUnsigned(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) throw bad(`${what}: empty INTEGER`);
  if (content[0]! & 0x80) throw bad(`${what}: negative INTEGER`);
  let i = 0;
  while (i < content.length - 1 && content[i] === 0) i++;
  return content.slice(i);
}

/** A small non-negative DER INTEGER as a number (at most 2^48). */
export function derSmallInteger(content: Uint8Array, what: string): number {
  const m = derUnsigned(content, what);
  if (m.length > 6) throw bad(`${what}: INTEGER too large`);
  let v = 0;
  for (const x of m) v = v * 256 + x;
  return v;
}
