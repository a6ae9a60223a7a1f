/**
 * PEM certificates (RFC 7468, section 5: "CERTIFICATE"): one or many blocks in
 * a text, as the IBM TSS's root certificate files are. Reading files is the
 * caller's business (the seed's rootcerts.txt lists file names): pass the text.
 */
import { derToPem, type PemBlock, readPemBlocks } from "@tss/marshal/plugin-support";
import { EkCertError } from "./ek-error.js";
import { type Certificate, parseCertificate } from "./x509-certificate.js";

/** The PEM label of an X.509 certificate. */
export const PEM_CERTIFICATE_LABEL = "CERTIFICATE";

/**
 * The DER of every "CERTIFICATE" block in a PEM text, in order. Text around
 * the blocks, other blocks (keys, CRLs) and CRLF line ends are allowed; a
 * certificate block without its end line or with bad base64 is
 * EkCertError("BAD_CERTIFICATE"); a text without any is too. The blocks are
 * read by @tss/marshal/plugin-support's readPemBlocks.
 */
export function pemToDerCertificates(pem: string): Uint8Array[] {
  if (typeof pem !== "string") throw new EkCertError("BAD_PARAMETER", "PEM must be a string");
  let blocks: PemBlock[];
  try {
    blocks = readPemBlocks(pem, [PEM_CERTIFICATE_LABEL]);
  } catch (e) {
    throw new EkCertError("BAD_CERTIFICATE", `PEM certificate: ${(e as Error).message}`, { cause: e });
  }
  if (blocks.length === 0) {
    throw new EkCertError("BAD_CERTIFICATE", `no -----BEGIN ${PEM_CERTIFICATE_LABEL}----- block in the text`);
  }
  return blocks.map((b) => b.der);
}

/** A DER certificate as PEM (64-character lines, "\n" line ends). */
export function derToPemCertificate(der: Uint8Array): string {
  try {
    return derToPem(PEM_CERTIFICATE_LABEL, der);
  } catch (e) {
    throw new EkCertError("BAD_PARAMETER", (e as Error).message, { cause: e });
  }
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
