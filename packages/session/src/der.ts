/**
 * A small DER reader (ITU-T X.690) for the private-key structures this package
 * parses: definite lengths only, tags of one octet, each element's content as a
 * view of the input. Anything else is TssError("BAD_PARAMETER").
 */
import { TssError } from "@tss/marshal";

/** Universal tags used by the key formats. */
export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  SEQUENCE: 0x30,
} as const;

/** One element: its tag octet and its content. */
export interface DerElement {
  readonly tag: number;
  readonly content: Uint8Array;
}

function bad(what: string): TssError {
  return new TssError("BAD_PARAMETER", `DER: ${what}`);
}

/** Reads the elements of a DER encoding (or of a constructed element's content) one after another. */
export class DerReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** True when every element has been read. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.pos];
  }

  /** The next element. */
  next(): DerElement {
    const b = this.bytes;
    if (this.pos + 2 > b.length) throw bad("truncated element");
    const tag = b[this.pos]!;
    if ((tag & 0x1f) === 0x1f) throw bad("multi-octet tags are not supported");
    let len = b[this.pos + 1]!;
    let at = this.pos + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw bad(n === 0 ? "indefinite length" : "length too large");
      if (at + n > b.length) throw bad("truncated length");
      if (b[at] === 0) throw bad("non-minimal length");
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[at + i]!;
      if (len < 0x80) throw bad("non-minimal length");
      at += n;
    }
    if (at + len > b.length) throw bad("element longer than its input");
    this.pos = at + len;
    return { tag, content: b.subarray(at, at + len) };
  }

  /** The content of the next element, which must have `tag`. */
  expect(tag: number, what: string): Uint8Array {
    const e = this.next();
    if (e.tag !== tag) throw bad(`${what}: tag 0x${e.tag.toString(16)}, expected 0x${tag.toString(16)}`);
    return e.content;
  }

  /** A reader over the content of the next element, which must have `tag` (a SEQUENCE by default). */
  enter(what: string, tag: number = DER_TAG.SEQUENCE): DerReader {
    return new DerReader(this.expect(tag, what));
  }

  /** Throws unless every element has been read. */
  end(what: string): void {
    if (!this.done) throw bad(`${what}: trailing data`);
  }
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
