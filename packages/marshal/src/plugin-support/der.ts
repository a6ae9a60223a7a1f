/**
 * A minimal DER reader (X.690, 8 and 10.1): tag, definite minimal length,
 * content. Enough to read the outline of a SubjectPublicKeyInfo and pick the
 * WebCrypto algorithm before WebCrypto reads the key itself.
 */
import { TssError } from "../tss-error.js";

/** DER universal tags used here. */
export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** One TLV: its tag octet and its content octets. */
export interface DerElement {
  readonly tag: number;
  readonly content: Uint8Array;
}

const bad = (message: string) => new TssError("BAD_PARAMETER", message);

/** The elements one after another in `bytes`, which they must fill exactly. */
export function readDerSequence(bytes: Uint8Array, what: string): DerElement[] {
  const out: DerElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at++]!;
    if ((tag & 0x1f) === 0x1f) throw bad(`${what}: multi-octet tags are not used here`);
    if (at >= bytes.length) throw bad(`${what}: truncated`);
    let length = bytes[at++]!;
    if (length === 0x80) throw bad(`${what}: indefinite length is not DER`);
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 4 || at + count > bytes.length) throw bad(`${what}: truncated or oversized length`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
      if (length < 0x80 || bytes[at - count] === 0) throw bad(`${what}: length not in its shortest form (not DER)`);
    }
    if (at + length > bytes.length) throw bad(`${what}: truncated`);
    out.push({ tag, content: bytes.subarray(at, at + length) });
    at += length;
  }
  return out;
}

/** The one element that `bytes` holds, with the expected tag. */
export function readDerOne(bytes: Uint8Array, tag: number, what: string): DerElement {
  const all = readDerSequence(bytes, what);
  if (all.length !== 1 || all[0]!.tag !== tag) throw bad(`${what}: expected one element of tag 0x${tag.toString(16)}`);
  return all[0]!;
}

/** The dotted text of an OBJECT IDENTIFIER's content octets (X.690, 8.19). */
export function oidText(content: Uint8Array): string {
  if (content.length === 0 || content[content.length - 1]! & 0x80) throw bad("malformed OBJECT IDENTIFIER");
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    if (v === 0 && b === 0x80) throw bad("OBJECT IDENTIFIER arc not in its shortest form");
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw bad("OBJECT IDENTIFIER arc too large");
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join(".");
}
