/**
 * DER for X.509: the stack's one DER reader (@tss/marshal/plugin-support)
 * failing with EkCertError("BAD_CERTIFICATE"), the X.509 tags, and the value
 * readers certificates need (INTEGER, BIT STRING, times). Written here instead
 * of using node-forge: forge's X.509 parser takes RSA keys only (EK
 * certificates are often ECC) and would add a large dependency to a
 * browser-safe package.
 */
import {
  type DerElement,
  type DerFailure,
  DerReader as SharedDerReader,
  oidText as sharedOidText,
} from "@tss/marshal/plugin-support";
import { EkCertError } from "./ek-error.js";

export type { DerElement } from "@tss/marshal/plugin-support";

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

const badCertificate: DerFailure = (message) => new EkCertError("BAD_CERTIFICATE", message);

function bad(message: string): never {
  throw badCertificate(message);
}

/** Reads consecutive DER elements from a buffer; a malformed encoding is EkCertError("BAD_CERTIFICATE"). */
export class DerReader extends SharedDerReader {
  constructor(buf: Uint8Array) {
    super(buf, badCertificate);
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
  return sharedOidText(content, badCertificate);
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
