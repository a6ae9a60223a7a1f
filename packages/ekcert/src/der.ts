/**
 * A small DER reader (ITU-T X.690, Distinguished Encoding Rules): just what
 * X.509 certificates need. Definite lengths in minimal form only; every
 * failure is EkCertError("BAD_CERTIFICATE"). Written here instead of using
 * node-forge: forge's X.509 parser takes RSA keys only (EK certificates are
 * often ECC) and would add a large dependency to a browser-safe package.
 */
import { EkCertError } from "./ek-error.js";

/** One DER element: tag octet, the content, and the whole encoding (header included). */
export interface DerElement {
  readonly tag: number;
  readonly content: Uint8Array;
  readonly encoded: Uint8Array;
}

/** DER tags used in X.509. */
export const DER = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function bad(message: string): never {
  throw new EkCertError("BAD_CERTIFICATE", message);
}

/** Reads consecutive DER elements from a buffer. */
export class DerReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** True when every octet has been read. */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The tag of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.buf[this.pos];
  }

  /** The next element, of any tag. */
  next(): DerElement {
    const start = this.pos;
    const b = this.buf;
    if (start + 2 > b.length) bad("DER element truncated");
    const tag = b[start]!;
    if ((tag & 0x1f) === 0x1f) bad("DER high tag numbers are not used in X.509");
    let p = start + 1;
    const first = b[p++]!;
    let length: number;
    if (first < 0x80) {
      length = first;
    } else {
      const n = first & 0x7f;
      if (n === 0) bad("indefinite length (BER, not DER)");
      if (n > 4) bad("DER length too large");
      if (p + n > b.length) bad("DER length truncated");
      if (b[p] === 0) bad("DER length not minimal");
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + b[p++]!;
      if (length < 0x80) bad("DER length not minimal");
    }
    if (p + length > b.length) bad(`DER element of ${length} octets overruns its container`);
    this.pos = p + length;
    return { tag, content: b.subarray(p, p + length), encoded: b.subarray(start, p + length) };
  }

  /** The next element, which must have `tag`. */
  expect(tag: number, what: string): DerElement {
    const e = this.next();
    if (e.tag !== tag) bad(`${what}: expected tag 0x${tag.toString(16)}, found 0x${e.tag.toString(16)}`);
    return e;
  }

  /** The next element if it has `tag`, else undefined (nothing read). */
  optional(tag: number): DerElement | undefined {
    return this.peekTag() === tag ? this.next() : undefined;
  }

  /** Fails unless every octet has been read. */
  end(what: string): void {
    if (!this.done) bad(`${what}: ${this.buf.length - this.pos} trailing octet(s)`);
  }
}

/** The elements inside a constructed element (SEQUENCE, SET, explicit tag). */
export function children(e: DerElement): DerElement[] {
  const r = new DerReader(e.content);
  const out: DerElement[] = [];
  while (!r.done) out.push(r.next());
  return out;
}

/** An OBJECT IDENTIFIER's content as dotted text. */
export function oidText(content: Uint8Array): string {
  if (content.length === 0) bad("empty OID");
  const arcs: (number | bigint)[] = [];
  let v = 0n;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (v === 0n && c === 0x80) bad("OID arc not minimal");
    v = (v << 7n) | BigInt(c & 0x7f);
    if ((c & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = v < 40n ? 0n : v < 80n ? 1n : 2n;
        arcs.push(first, v - first * 40n);
      } else arcs.push(v);
      v = 0n;
    } else if (i === content.length - 1) bad("OID truncated");
  }
  return arcs.join(".");
}

/** An INTEGER's content as an unsigned big-endian magnitude (leading zero octets removed); negative fails. */
export function unsignedInteger(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) bad(`${what}: empty INTEGER`);
  if ((content[0]! & 0x80) !== 0) bad(`${what}: negative INTEGER`);
  if (content.length > 1 && content[0] === 0 && (content[1]! & 0x80) === 0) bad(`${what}: INTEGER not minimal`);
  let i = 0;
  while (i < content.length - 1 && content[i] === 0) i++;
  return content.slice(i);
}

/** A BIT STRING's octets (the unused-bits count must be 0). */
export function bitStringBytes(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) bad(`${what}: empty BIT STRING`);
  if (content[0] !== 0) bad(`${what}: BIT STRING with ${content[0]} unused bits`);
  return content.slice(1);
}

/** The value of a UTCTime or GeneralizedTime in the forms RFC 5280 (4.1.2.5) allows: ...SS"Z". */
export function derTime(e: DerElement, what: string): Date {
  const s = String.fromCharCode(...e.content);
  let m: RegExpExecArray | null;
  let year: number;
  if (e.tag === DER.UTCTime) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) bad(`${what}: UTCTime ${JSON.stringify(s)}`);
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (e.tag === DER.GeneralizedTime) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (!m) bad(`${what}: GeneralizedTime ${JSON.stringify(s)}`);
    year = Number(m[1]);
  } else bad(`${what}: not a time (tag 0x${e.tag.toString(16)})`);
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const t = Date.UTC(year, mo - 1, d, h, mi, se);
  const date = new Date(t);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59)
    bad(`${what}: no such time ${s}`);
  return date;
}
