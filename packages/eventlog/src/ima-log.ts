/**
 * The Linux IMA measurement list: binary_runtime_measurements (each entry: PCR index,
 * template hash, template name, template data) and ascii_runtime_measurements, for the
 * templates "ima", "ima-ng" and "ima-sig" (and their v2 forms, as opaque data).
 * The binary form's integers are in the kernel's byte order (little endian on x86, or
 * always little endian with ima_canonical_fmt).
 */
import { ByteReader } from "./byte-reader.js";
import { EventLogError } from "./event-log-error.js";

/** The fields of a template's data, where the template is one this package knows. */
export interface ImaTemplateFields {
  /** The file's hash algorithm: "sha1" for the "ima" template, else the prefix of the d-ng field ("sha256"). */
  readonly fileHashAlgorithm: string;
  /** The file's digest. */
  readonly fileDigest: Uint8Array;
  /** The file name (n or n-ng field). */
  readonly fileName: string;
  /** The signature field of ima-sig (empty when the file has none). */
  readonly signature?: Uint8Array;
}

/** One IMA measurement. */
export interface ImaEvent {
  /** Position in the list, from 0. */
  readonly number: number;
  /** Byte offset of the entry in a binary list (absent for an ASCII list). */
  readonly offset?: number;
  readonly pcrIndex: number;
  /** The template hash (SHA-1 in the classic list; the list's algorithm in binary_runtime_measurements_<alg>). */
  readonly templateHash: Uint8Array;
  readonly templateName: string;
  /** The template data exactly as the kernel hashes it (for "ima": the digest and the name padded to 256 octets). */
  readonly templateData: Uint8Array;
  /** Its fields, for ima, ima-ng and ima-sig. */
  readonly fields?: ImaTemplateFields;
}

/** Options of {@link parseImaLog}. */
export interface ParseImaOptions {
  /** Integers in the list are little endian (default true: x86 kernels, canonical format). */
  readonly littleEndian?: boolean;
  /** Size of the template hash (default 20, SHA-1; 32 for a binary_runtime_measurements_sha256 list). */
  readonly templateHashSize?: number;
}

const MAX_NAME = 255;
const MAX_TEMPLATE_DATA = 1 << 24;
/** The "ima" template hashes the file name padded to IMA_EVENT_NAME_LEN_MAX + 1 octets. */
const IMA_NAME_FIELD = 256;
const utf8 = new TextDecoder("utf-8", { fatal: false });
const encoder = new TextEncoder();

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return utf8.decode(end < 0 ? b : b.subarray(0, end));
}

/** The "ima" template data as hashed: the SHA-1 file digest and the name, zero padded to 256 octets. */
export function imaTemplateData(fileDigest: Uint8Array, fileName: string): Uint8Array {
  const name = encoder.encode(fileName);
  if (fileDigest.length !== 20 || name.length > MAX_NAME)
    throw new EventLogError("BAD_PARAMETER", "ima template: a 20-octet digest and a name of at most 255 octets");
  const out = new Uint8Array(20 + IMA_NAME_FIELD);
  out.set(fileDigest);
  out.set(name, 20);
  return out;
}

/** Splits ima-ng/ima-sig template data into its length-prefixed fields. */
function templateFields(data: Uint8Array, littleEndian: boolean, offset: number): Uint8Array[] {
  const r = new ByteReader(data, littleEndian);
  const out: Uint8Array[] = [];
  while (r.remaining > 0) {
    const len = r.u32("template field length");
    out.push(r.take(len, "template field"));
  }
  if (r.offset !== data.length) throw new EventLogError("MALFORMED", "template data fields", offset);
  return out;
}

/** The fields of an ima-ng / ima-sig template's data (d-ng, n-ng[, sig]). */
export function parseNgFields(data: Uint8Array, littleEndian = true, offset = 0): ImaTemplateFields {
  const fields = templateFields(data, littleEndian, offset);
  if (fields.length < 2) throw new EventLogError("MALFORMED", `template has ${fields.length} fields`, offset);
  const d = fields[0]!;
  const colon = d.indexOf(0x3a);
  // d-ng is "<alg>:\0<digest>"; without a prefix it is a bare SHA-1 or MD5 digest.
  const fileHashAlgorithm = colon >= 0 && d[colon + 1] === 0 ? utf8.decode(d.subarray(0, colon)) : "sha1";
  const fileDigest = colon >= 0 && d[colon + 1] === 0 ? d.slice(colon + 2) : d.slice();
  const fileName = cString(fields[1]!);
  return fields.length > 2
    ? { fileHashAlgorithm, fileDigest, fileName, signature: fields[2]!.slice() }
    : { fileHashAlgorithm, fileDigest, fileName };
}

/** Builds ima-ng (or, with a signature, ima-sig) template data, field lengths little endian unless told. */
export function ngTemplateData(
  fileHashAlgorithm: string,
  fileDigest: Uint8Array,
  fileName: string,
  signature?: Uint8Array,
  littleEndian = true,
): Uint8Array {
  const prefix = encoder.encode(`${fileHashAlgorithm}:`);
  const d = new Uint8Array(prefix.length + 1 + fileDigest.length);
  d.set(prefix);
  d.set(fileDigest, prefix.length + 1);
  const n = new Uint8Array([...encoder.encode(fileName), 0]);
  const fields = signature ? [d, n, signature] : [d, n];
  const out = new Uint8Array(fields.reduce((s, f) => s + 4 + f.length, 0));
  const v = new DataView(out.buffer);
  let at = 0;
  for (const f of fields) {
    v.setUint32(at, f.length, littleEndian);
    out.set(f, at + 4);
    at += 4 + f.length;
  }
  return out;
}

/** Parses a binary IMA measurement list. Throws EventLogError on a truncated or malformed list. */
export function parseImaLog(bytes: Uint8Array, options: ParseImaOptions = {}): ImaEvent[] {
  const littleEndian = options.littleEndian ?? true;
  const hashSize = options.templateHashSize ?? 20;
  const r = new ByteReader(bytes, littleEndian);
  const events: ImaEvent[] = [];
  while (r.remaining > 0) {
    const offset = r.offset;
    const number = events.length;
    const pcrIndex = r.u32("pcr");
    if (pcrIndex >= 24) throw new EventLogError("MALFORMED", `event ${number}: PCR ${pcrIndex} out of range`, offset);
    const templateHash = r.take(hashSize, "template hash");
    const nameLength = r.u32("template name length");
    if (nameLength === 0 || nameLength > MAX_NAME)
      throw new EventLogError("MALFORMED", `event ${number}: template name length ${nameLength}`, offset);
    const templateName = utf8.decode(r.take(nameLength, "template name"));
    if (templateName === "ima") {
      // "ima": the SHA-1 digest, then the name with a length (no template data length).
      const fileDigest = r.take(20, "ima file digest");
      const len = r.u32("ima file name length");
      if (len > MAX_NAME) throw new EventLogError("MALFORMED", `event ${number}: file name length ${len}`, offset);
      const fileName = cString(r.take(len, "ima file name"));
      const fields = { fileHashAlgorithm: "sha1", fileDigest, fileName };
      events.push({
        number,
        offset,
        pcrIndex,
        templateHash,
        templateName,
        templateData: imaTemplateData(fileDigest, fileName),
        fields,
      });
      continue;
    }
    const dataLength = r.u32("template data length");
    if (dataLength > MAX_TEMPLATE_DATA)
      throw new EventLogError("MALFORMED", `event ${number}: template data length ${dataLength}`, offset);
    const templateData = r.take(dataLength, "template data");
    const known = templateName === "ima-ng" || templateName === "ima-sig";
    const fields = known ? parseNgFields(templateData, littleEndian, offset) : undefined;
    events.push(
      fields
        ? { number, offset, pcrIndex, templateHash, templateName, templateData, fields }
        : { number, offset, pcrIndex, templateHash, templateName, templateData },
    );
  }
  return events;
}

const hex = (s: string, line: number): Uint8Array => {
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new EventLogError("MALFORMED", `line ${line}: bad hex ${s.slice(0, 16)}`);
  return Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
};

/**
 * Parses an ASCII IMA measurement list (ascii_runtime_measurements): lines of
 * "PCR template-hash template-name file-digest file-name [signature]". The template
 * data is rebuilt as the kernel hashes it (little-endian field lengths), so the list
 * can be replayed. File names containing spaces are kept whole; only "ima",
 * "ima-ng" and "ima-sig" lines are accepted.
 */
export function parseImaAsciiLog(text: string): ImaEvent[] {
  const events: ImaEvent[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d+) ([0-9a-fA-F]+) (\S+) (\S+) (.*)$/.exec(line);
    if (!m) throw new EventLogError("MALFORMED", `line ${i + 1}: not an IMA measurement`);
    const pcrIndex = Number(m[1]);
    if (pcrIndex >= 24) throw new EventLogError("MALFORMED", `line ${i + 1}: PCR ${pcrIndex} out of range`);
    const templateHash = hex(m[2]!, i + 1);
    const templateName = m[3]!;
    const number = events.length;
    if (templateName === "ima") {
      const fileDigest = hex(m[4]!, i + 1);
      const fileName = m[5]!;
      const fields = { fileHashAlgorithm: "sha1", fileDigest, fileName };
      events.push({
        number,
        pcrIndex,
        templateHash,
        templateName,
        templateData: imaTemplateData(fileDigest, fileName),
        fields,
      });
      return;
    }
    if (templateName !== "ima-ng" && templateName !== "ima-sig")
      throw new EventLogError("MALFORMED", `line ${i + 1}: template ${templateName} is not ima, ima-ng or ima-sig`);
    const colon = m[4]!.indexOf(":");
    const fileHashAlgorithm = colon >= 0 ? m[4]!.slice(0, colon) : "sha1";
    const fileDigest = hex(m[4]!.slice(colon + 1), i + 1);
    let fileName = m[5]!;
    let signature: Uint8Array | undefined;
    if (templateName === "ima-sig") {
      const sp = fileName.lastIndexOf(" ");
      const tail = sp >= 0 ? fileName.slice(sp + 1) : "";
      // ima-sig lines carry the signature as a last hex word when the file has one.
      if (sp >= 0 && /^(03|06)[0-9a-fA-F]+$/.test(tail)) {
        signature = hex(tail, i + 1);
        fileName = fileName.slice(0, sp);
      } else signature = new Uint8Array(0);
    }
    const templateData = ngTemplateData(fileHashAlgorithm, fileDigest, fileName, signature);
    const fields = signature
      ? { fileHashAlgorithm, fileDigest, fileName, signature }
      : { fileHashAlgorithm, fileDigest, fileName };
    events.push({ number, pcrIndex, templateHash, templateName, templateData, fields });
  });
  return events;
}
