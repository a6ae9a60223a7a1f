/**
 * PEM certificates (RFC 7468, section 5: "CERTIFICATE"): one or many blocks in
 * a text, as the IBM TSS's root certificate files are. Reading files is the
 * caller's business (the seed's rootcerts.txt lists file names): pass the text.
 */
import { EkCertError } from "./ek-error.js";
import { type Certificate, parseCertificate } from "./x509-certificate.js";

/** The PEM label of an X.509 certificate. */
export const PEM_CERTIFICATE_LABEL = "CERTIFICATE";

function fromBase64(text: string, what: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new EkCertError("BAD_CERTIFICATE", `${what}: bad base64`);
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The DER of every "CERTIFICATE" block in a PEM text, in order. Text around
 * the blocks, other blocks (keys, CRLs) and CRLF line ends are allowed; a
 * certificate block without its end line or with bad base64 is
 * EkCertError("BAD_CERTIFICATE"); a text without any is too.
 */
export function pemToDerCertificates(pem: string): Uint8Array[] {
  if (typeof pem !== "string") throw new EkCertError("BAD_PARAMETER", "PEM must be a string");
  const out: Uint8Array[] = [];
  const begin = `-----BEGIN ${PEM_CERTIFICATE_LABEL}-----`;
  const end = `-----END ${PEM_CERTIFICATE_LABEL}-----`;
  let at = 0;
  for (;;) {
    const b = pem.indexOf(begin, at);
    if (b < 0) break;
    const e = pem.indexOf(end, b + begin.length);
    if (e < 0) throw new EkCertError("BAD_CERTIFICATE", `PEM certificate ${out.length + 1} has no ${end}`);
    const body = pem.slice(b + begin.length, e).replace(/[ \t\r\n]+/g, "");
    if (body.length === 0) throw new EkCertError("BAD_CERTIFICATE", `PEM certificate ${out.length + 1} is empty`);
    out.push(fromBase64(body, `PEM certificate ${out.length + 1}`));
    at = e + end.length;
  }
  if (out.length === 0) throw new EkCertError("BAD_CERTIFICATE", `no ${begin} block in the text`);
  return out;
}

/** A DER certificate as PEM (64-character lines, "\n" line ends). */
export function derToPemCertificate(der: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < der.length; i++) bin += String.fromCharCode(der[i]!);
  const b64 = btoa(bin);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${PEM_CERTIFICATE_LABEL}-----\n${lines.join("\n")}\n-----END ${PEM_CERTIFICATE_LABEL}-----\n`;
}

/** A certificate from DER bytes or PEM text (the first CERTIFICATE block). */
export function toCertificate(input: Uint8Array | string | Certificate): Certificate {
  if (typeof input === "string") return parseCertificate(pemToDerCertificates(input)[0]!);
  if (input instanceof Uint8Array) return parseCertificate(input);
  if (input && typeof input === "object" && input.der instanceof Uint8Array && input.tbs instanceof Uint8Array)
    return input;
  throw new EkCertError("BAD_PARAMETER", "a certificate must be DER bytes, PEM text or a parsed Certificate");
}

/**
 * Root (or intermediate) certificates from PEM texts, e.g. the contents of the
 * files a rootcerts.txt names: each text may hold several certificates.
 */
export function loadRootCertificates(pemTexts: readonly string[] | string): Certificate[] {
  const texts = typeof pemTexts === "string" ? [pemTexts] : pemTexts;
  if (!Array.isArray(texts))
    throw new EkCertError("BAD_PARAMETER", "root certificates: a PEM string or an array of them");
  return texts.flatMap((t) => pemToDerCertificates(t).map(parseCertificate));
}
