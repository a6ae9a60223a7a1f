/**
 * PEM, the textual encoding of RFC 7468, for SubjectPublicKeyInfo ("PUBLIC
 * KEY", section 13): base64 of the DER in lines of 64 characters between the
 * encapsulation boundaries. A convenience over tpmPublicToSpki/spkiToTpmPublic.
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { type PublicArea, type PublicKeyTemplate, spkiToTpmPublic, tpmPublicToSpki } from "./public-key.js";

/** The PEM label of a SubjectPublicKeyInfo. */
export const PEM_PUBLIC_KEY_LABEL = "PUBLIC KEY";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE: ReadonlyMap<string, number> = new Map([...ALPHABET].map((c, i) => [c, i]));

function base64(der: Uint8Array): string {
  let out = "";
  for (let i = 0; i < der.length; i += 3) {
    const n = (der[i]! << 16) | ((der[i + 1] ?? 0) << 8) | (der[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < der.length ? ALPHABET[(n >> 6) & 63]! : "=";
    out += i + 2 < der.length ? ALPHABET[n & 63]! : "=";
  }
  return out;
}

function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new TssError("BAD_PARAMETER", "PEM base64 is not a multiple of 4 characters");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  for (let i = 0, o = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text[i + j]!;
      const v = c === "=" && i + 4 === text.length && j >= 4 - padding ? 0 : VALUE.get(c);
      if (v === undefined) throw new TssError("BAD_PARAMETER", `PEM base64 has the character ${JSON.stringify(c)}`);
      n = (n << 6) | v;
    }
    const triple = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    for (let j = 0; j < 3 && o < out.length; j++) out[o++] = triple[j]!;
    // Canonical base64 (RFC 4648, 3.5): the bits that padding leaves over are zero.
    if (i + 4 === text.length && padding > 0 && triple[3 - padding] !== 0) {
      throw new TssError("BAD_PARAMETER", "PEM base64 has non-zero pad bits");
    }
  }
  return out;
}

/** A DER SubjectPublicKeyInfo as PEM ("-----BEGIN PUBLIC KEY-----", 64-character lines, "\n" line ends). */
export function spkiToPem(der: Uint8Array): string {
  return derToPem(PEM_PUBLIC_KEY_LABEL, der);
}

/**
 * The DER of the first "PUBLIC KEY" block in PEM text. Text before and after the
 * block, CRLF line ends and white space inside the base64 are allowed (RFC 7468,
 * section 3, lax parsing); other labels ("RSA PUBLIC KEY", "CERTIFICATE", ...),
 * header fields, a missing end line and bad base64 are TssError("BAD_PARAMETER").
 */
export function pemToSpki(pem: string): Uint8Array {
  if (typeof pem !== "string") throw new TssError("BAD_PARAMETER", "PEM must be a string");
  const begin = /-----BEGIN ([^-\r\n]*)-----/.exec(pem);
  if (!begin) throw new TssError("BAD_PARAMETER", "no PEM block (-----BEGIN ...-----)");
  if (begin[1] !== PEM_PUBLIC_KEY_LABEL) {
    throw new TssError(
      "BAD_PARAMETER",
      `a PEM "${begin[1]}" block, not "${PEM_PUBLIC_KEY_LABEL}" (SubjectPublicKeyInfo)`,
    );
  }
  const block = readPemBlock(pem, [PEM_PUBLIC_KEY_LABEL]);
  if (Object.keys(block.headers).length > 0) {
    throw new TssError("BAD_PARAMETER", `a "${PEM_PUBLIC_KEY_LABEL}" block has no header fields (RFC 7468)`);
  }
  return block.der;
}

/** A PEM block: its label, its RFC 1421 header fields (Proc-Type, DEK-Info, ...) and its DER. */
export interface PemBlock {
  readonly label: string;
  /** Header fields before the base64 ("Proc-Type" -> "4,ENCRYPTED"); empty for RFC 7468 PEM. */
  readonly headers: Readonly<Record<string, string>>;
  readonly der: Uint8Array;
}

/**
 * The first PEM block in `pem` whose label is one of `labels`, skipping blocks
 * with other labels (an "EC PARAMETERS" block before the key, say) and text
 * around them. TssError("BAD_PARAMETER") when there is none, the block has no
 * end line, or its base64 is bad.
 */
export function readPemBlock(pem: string, labels: readonly string[]): PemBlock {
  if (typeof pem !== "string") throw new TssError("BAD_PARAMETER", "PEM must be a string");
  const beginLine = /-----BEGIN ([^-\r\n]*)-----/g;
  for (let m = beginLine.exec(pem); m; m = beginLine.exec(pem)) {
    const label = m[1]!;
    if (!labels.includes(label)) continue;
    const start = m.index + m[0].length;
    const endLine = `-----END ${label}-----`;
    const end = pem.indexOf(endLine, start);
    if (end < 0) throw new TssError("BAD_PARAMETER", `PEM block without ${endLine}`);
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
    if (body.length === 0) throw new TssError("BAD_PARAMETER", "empty PEM block");
    return { label, headers, der: fromBase64(body) };
  }
  throw new TssError("BAD_PARAMETER", `no PEM block labelled ${labels.map((l) => `"${l}"`).join(" or ")}`);
}

/** DER as a PEM block with `label` (64-character lines, "\n" line ends). */
export function derToPem(label: string, der: Uint8Array): string {
  if (!(der instanceof Uint8Array) || der.length === 0) throw new TssError("BAD_PARAMETER", "no DER to encode");
  const b64 = base64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The PEM SubjectPublicKeyInfo of a TPM key's public area (tpmPublicToSpki, then spkiToPem). */
export async function tpmPublicToPem(crypto: Crypto | undefined, publicArea: PublicArea): Promise<string> {
  return spkiToPem(await tpmPublicToSpki(crypto, publicArea));
}

/** An external-key public area from a PEM SubjectPublicKeyInfo (pemToSpki, then spkiToTpmPublic). */
export async function pemToTpmPublic(
  crypto: Crypto | undefined,
  pem: string,
  template?: PublicKeyTemplate,
): Promise<PublicArea> {
  return spkiToTpmPublic(crypto, pemToSpki(pem), template);
}
