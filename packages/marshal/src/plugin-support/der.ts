/**
 * The one DER reader of the stack (ITU-T X.690, 8 and 10.1): one-octet tags,
 * definite lengths in their shortest form, each element's content as a view of
 * the input. Crypto plugins read the outline of a SubjectPublicKeyInfo with it,
 * @tss/session private keys and @tss/ekcert certificates (each with its own
 * error through a {@link DerFailure}). Failures are TssError("BAD_PARAMETER")
 * unless the reader is given another.
 */
import { TssError } from "../tss-error.js";

/** DER universal tags used here. */
export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** One TLV: its tag octet, its content octets and its whole encoding (header included). */
export interface DerElement {
  readonly tag: number;
  readonly content: Uint8Array;
  readonly encoded: Uint8Array;
}

/** Makes the error a malformed encoding throws (a message in, the error to throw out). */
export type DerFailure = (message: string) => Error;

const badParameter: DerFailure = (message) => new TssError("BAD_PARAMETER", message);

/** Reads consecutive DER elements from `bytes` (an encoding, or a constructed element's content). */
export class DerReader {
  private pos = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: DerFailure = badParameter,
  ) {}

  /** True when every octet has been read. */
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.pos];
  }

  /** The next element, of any tag. */
  next(): DerElement {
    const b = this.bytes;
    const start = this.pos;
    if (start + 2 > b.length) throw this.fail("DER element truncated");
    const tag = b[start]!;
    if ((tag & 0x1f) === 0x1f) throw this.fail("DER multi-octet tags are not used here");
    let at = start + 1;
    let length = b[at++]!;
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n === 0) throw this.fail("DER indefinite length (BER, not DER)");
      if (n > 4) throw this.fail("DER length too large");
      if (at + n > b.length) throw this.fail("DER length truncated");
      if (b[at] === 0) throw this.fail("DER length not in its shortest form");
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + b[at++]!;
      if (length < 0x80) throw this.fail("DER length not in its shortest form");
    }
    if (at + length > b.length) throw this.fail(`DER element of ${length} octets overruns its container`);
    this.pos = at + length;
    return { tag, content: b.subarray(at, at + length), encoded: b.subarray(start, at + length) };
  }

  /** The next element, which must have `tag`. */
  expect(tag: number, what: string): DerElement {
    const e = this.next();
    if (e.tag !== tag) throw this.fail(`${what}: expected tag 0x${tag.toString(16)}, found 0x${e.tag.toString(16)}`);
    return e;
  }

  /** The next element if it has `tag`, else undefined (nothing read). */
  optional(tag: number): DerElement | undefined {
    return this.peekTag() === tag ? this.next() : undefined;
  }

  /** A reader (with the same failure) over the content of the next element, which must have `tag` (a SEQUENCE by default). */
  enter(what: string, tag: number = DER_TAG.SEQUENCE): DerReader {
    return new DerReader(this.expect(tag, what).content, this.fail);
  }

  /** Fails unless every octet has been read. */
  end(what: string): void {
    if (!this.done) throw this.fail(`${what}: ${this.bytes.length - this.pos} trailing octet(s)`);
  }
}

/** The elements one after another in `bytes`, which they must fill exactly. */
export function readDerSequence(bytes: Uint8Array, what: string): DerElement[] {
  const r = new DerReader(bytes, (message) => badParameter(`${what}: ${message}`));
  const out: DerElement[] = [];
  while (!r.done) out.push(r.next());
  return out;
}

/** The one element that `bytes` holds, with the expected tag. */
export function readDerOne(bytes: Uint8Array, tag: number, what: string): DerElement {
  const all = readDerSequence(bytes, what);
  if (all.length !== 1 || all[0]!.tag !== tag)
    throw badParameter(`${what}: expected one element of tag 0x${tag.toString(16)}`);
  return all[0]!;
}

/** The dotted text of an OBJECT IDENTIFIER's content octets (X.690, 8.19); arcs of any size (2.25.<UUID>). */
export function oidText(content: Uint8Array, fail: DerFailure = badParameter): string {
  if (content.length === 0) throw fail("empty OBJECT IDENTIFIER");
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (v === 0n && c === 0x80) throw fail("OBJECT IDENTIFIER arc not in its shortest form");
    v = (v << 7n) | BigInt(c & 0x7f);
    if ((c & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = v < 40n ? 0n : v < 80n ? 1n : 2n;
        arcs.push(first, v - first * 40n);
      } else arcs.push(v);
      v = 0n;
    } else if (i === content.length - 1) throw fail("OBJECT IDENTIFIER truncated");
  }
  return arcs.join(".");
}
