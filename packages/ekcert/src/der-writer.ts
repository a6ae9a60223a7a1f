/**
 * A small DER writer (ITU-T X.690, Distinguished Encoding Rules), the
 * counterpart of der.ts: each function returns one element's whole encoding,
 * definite minimal lengths, for building X.509 certificates and the partial
 * certificate of TPM2_CertifyX509. Bad input is EkCertError("BAD_PARAMETER").
 */
import { DER } from "./der.js";
import { EkCertError } from "./ek-error.js";

function bad(message: string): never {
  throw new EkCertError("BAD_PARAMETER", message);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (!parts.every((p) => p instanceof Uint8Array)) bad("DER elements must be Uint8Arrays");
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One element: the tag octet, the minimal definite length, the content. */
export function derElement(tag: number, content: Uint8Array): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) {
    throw new EkCertError("BAD_PARAMETER", `DER tag ${tag} (one octet, low tag numbers only)`);
  }
  if (!(content instanceof Uint8Array)) bad(`DER content of tag 0x${tag.toString(16)} must be a Uint8Array`);
  const n = content.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else {
    const len: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff);
    header = [tag, 0x80 | len.length, ...len];
  }
  const out = new Uint8Array(header.length + n);
  out.set(header);
  out.set(content, header.length);
  return out;
}

/** SEQUENCE of the given encoded elements. */
export function derSequence(...elements: readonly Uint8Array[]): Uint8Array {
  return derElement(DER.SEQUENCE, concat(elements));
}

/** SET of the given encoded elements (in the order given: callers pass one element or sorted ones). */
export function derSet(...elements: readonly Uint8Array[]): Uint8Array {
  return derElement(DER.SET, concat(elements));
}

/** A context-specific constructed tag [n] EXPLICIT around the encoded elements. */
export function derExplicit(n: number, ...elements: readonly Uint8Array[]): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new EkCertError("BAD_PARAMETER", `context tag [${n}]`);
  return derElement(0xa0 | n, concat(elements));
}

/** INTEGER of a non-negative value: a number, a bigint, or unsigned big-endian octets. */
export function derInteger(value: number | bigint | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) bytes = value;
  else {
    if (typeof value !== "bigint" && !Number.isSafeInteger(value)) bad(`INTEGER ${String(value)}`);
    let v = BigInt(value);
    if (v < 0n) throw new EkCertError("BAD_PARAMETER", "negative INTEGER");
    const out: number[] = [];
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    bytes = Uint8Array.from(out);
  }
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const magnitude = bytes.length === 0 ? Uint8Array.of(0) : bytes.subarray(i);
  const content = (magnitude[0]! & 0x80) !== 0 ? concat([Uint8Array.of(0), magnitude]) : magnitude;
  return derElement(DER.INTEGER, content);
}

/** OBJECT IDENTIFIER from dotted text ("1.2.840.113549.1.1.11"). */
export function derOid(text: string): Uint8Array {
  const arcs = text.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new EkCertError("BAD_PARAMETER", `OID ${JSON.stringify(text)}`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0]! > 2n || (arcs[0]! < 2n && arcs[1]! >= 40n)) {
    throw new EkCertError("BAD_PARAMETER", `OID ${JSON.stringify(text)}`);
  }
  const values = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const v of values) {
    const groups: number[] = [];
    let x = v;
    do {
      groups.unshift(Number(x & 0x7fn));
      x >>= 7n;
    } while (x > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
    out.push(...groups);
  }
  return derElement(DER.OID, Uint8Array.from(out));
}

/** NULL. */
export function derNull(): Uint8Array {
  return Uint8Array.of(DER.NULL, 0);
}

/** BOOLEAN (TRUE is 0xff in DER). */
export function derBoolean(value: boolean): Uint8Array {
  return Uint8Array.of(DER.BOOLEAN, 1, value ? 0xff : 0);
}

/** BIT STRING of whole octets (no unused bits). */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derElement(DER.BIT_STRING, concat([Uint8Array.of(0), bytes]));
}

/**
 * BIT STRING of named bits (bit 0 first, as keyUsage): trailing zero bits
 * removed and the unused-bit count set, as DER requires.
 */
export function derNamedBits(bits: number): Uint8Array {
  if (!Number.isInteger(bits) || bits < 0 || bits > 0xffff) throw new EkCertError("BAD_PARAMETER", `bits ${bits}`);
  if (bits === 0) return Uint8Array.of(DER.BIT_STRING, 1, 0);
  const highest = 31 - Math.clz32(bits);
  const octets = (highest >> 3) + 1;
  const out = new Uint8Array(octets);
  for (let b = 0; b <= highest; b++) if (bits & (1 << b)) out[b >> 3]! |= 0x80 >> (b & 7);
  const unused = 7 - (highest & 7);
  return derElement(DER.BIT_STRING, concat([Uint8Array.of(unused), out]));
}

/** OCTET STRING. */
export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derElement(DER.OCTET_STRING, bytes);
}

/** A string: PrintableString when the text allows it, else UTF8String. */
export function derString(text: string): Uint8Array {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
  return derElement(printable ? DER.PrintableString : DER.UTF8String, new TextEncoder().encode(text));
}

/** A certificate time (RFC 5280, 4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050, whole seconds, "Z". */
export function derTimeOf(date: Date): Uint8Array {
  if (!(date instanceof Date)) bad("a certificate time must be a Date");
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new EkCertError("BAD_PARAMETER", "an invalid date");
  const d = new Date(Math.floor(t / 1000) * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const rest = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}Z`;
  const year = d.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new EkCertError("BAD_PARAMETER", `year ${year} in a certificate time`);
  if (year < 2050) return derElement(DER.UTCTime, new TextEncoder().encode(`${p2(year % 100)}${rest}`));
  return derElement(DER.GeneralizedTime, new TextEncoder().encode(`${year}${rest}`));
}
