/**
 * The one PEM codec of the stack (RFC 7468, with RFC 1421 header fields read):
 * base64 of DER between "-----BEGIN label-----" and "-----END label-----"
 * lines. @tss/session reads keys with it and @tss/ekcert certificates. A
 * malformed block is TssError("BAD_PARAMETER").
 */
import { TssError } from "../tss-error.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE: ReadonlyMap<string, number> = new Map([...ALPHABET].map((c, i) => [c, i]));

const bad = (message: string) => new TssError("BAD_PARAMETER", message);

/** Bytes as base64 (RFC 4648, section 4, with padding). */
export function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : "=";
  }
  return out;
}

/** Canonical padded base64 (RFC 4648, 3.5: pad bits zero) as bytes; anything else is TssError("BAD_PARAMETER"). */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw bad("PEM base64 is not a multiple of 4 characters");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, o = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text[i + j]!;
      const v = c === "=" && i + 4 === text.length && j >= 4 - padding ? 0 : VALUE.get(c);
      if (v === undefined) throw bad(`PEM base64 has the character ${JSON.stringify(c)}`);
      n = (n << 6) | v;
    }
    const triple = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    for (let j = 0; j < 3 && o < out.length; j++) out[o++] = triple[j]!;
    if (i + 4 === text.length && padding > 0 && triple[3 - padding] !== 0)
      throw bad("PEM base64 has non-zero pad bits");
  }
  return out;
}

/** A PEM block: its label, its RFC 1421 header fields (Proc-Type, DEK-Info, ...) and its DER. */
export interface PemBlock {
  readonly label: string;
  /** Header fields before the base64 ("Proc-Type" -> "4,ENCRYPTED"); empty for RFC 7468 PEM. */
  readonly headers: Readonly<Record<string, string>>;
  readonly der: Uint8Array;
}

/**
 * Every PEM block in `pem` whose label is one of `labels`, in order (none: an
 * empty array), skipping blocks with other labels and text around them. CRLF
 * line ends and white space inside the base64 are allowed (RFC 7468, section 3,
 * lax parsing). TssError("BAD_PARAMETER") when a block has no end line, is
 * empty, or its base64 is bad.
 */
export function readPemBlocks(pem: string, labels: readonly string[]): PemBlock[] {
  return collect(pem, labels, Number.POSITIVE_INFINITY);
}

/** Up to `most` blocks labelled one of `labels`, in order. */
function collect(pem: string, labels: readonly string[], most: number): PemBlock[] {
  if (typeof pem !== "string") throw bad("PEM must be a string");
  const out: PemBlock[] = [];
  const beginLine = /-----BEGIN ([^-\r\n]*)-----/g;
  for (let m = beginLine.exec(pem); m && out.length < most; m = beginLine.exec(pem)) {
    const label = m[1]!;
    if (!labels.includes(label)) continue;
    const start = m.index + m[0].length;
    const endLine = `-----END ${label}-----`;
    const end = pem.indexOf(endLine, start);
    if (end < 0) throw bad(`PEM block without ${endLine}`);
    const headers: Record<string, string> = {};
    const lines = pem.slice(start, end).split(/\r?\n/);
    let i = 0;
    while (i < lines.length && lines[i]!.trim() === "") i++;
    for (; i < lines.length && /^[A-Za-z-]+:/.test(lines[i]!); i++) {
      const colon = lines[i]!.indexOf(":");
      headers[lines[i]!.slice(0, colon)] = lines[i]!.slice(colon + 1).trim();
    }
    const body = lines
      .slice(i)
      .join("")
      .replace(/[ \t\r]+/g, "");
    if (body.length === 0) throw bad("empty PEM block");
    out.push({ label, headers, der: fromBase64(body) });
    beginLine.lastIndex = end + endLine.length;
  }
  return out;
}

/**
 * The first PEM block in `pem` whose label is one of `labels` (see
 * {@link readPemBlocks}); TssError("BAD_PARAMETER") when there is none.
 */
export function readPemBlock(pem: string, labels: readonly string[]): PemBlock {
  const first = collect(pem, labels, 1)[0];
  if (!first) throw bad(`no PEM block labelled ${labels.map((l) => `"${l}"`).join(" or ")}`);
  return first;
}

/** DER as a PEM block with `label` (64-character lines, "\n" line ends). */
export function derToPem(label: string, der: Uint8Array): string {
  if (!(der instanceof Uint8Array) || der.length === 0) throw bad("no DER to encode");
  const b64 = toBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
