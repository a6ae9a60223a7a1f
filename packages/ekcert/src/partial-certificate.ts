/**
 * TPM2_CertifyX509 (TPM 2.0 Part 3, 18.8): the caller sends a partial
 * certificate; the TPM adds the version, serial number, signature algorithm
 * and the object's SubjectPublicKeyInfo (addedToCertificate), signs the
 * TBSCertificate it assembled, and returns the signature. The caller rebuilds
 * that TBSCertificate from the two halves and makes the certificate.
 *
 *   partialCertificate ::= SEQUENCE { signature AlgorithmIdentifier OPTIONAL,
 *       issuer Name, validity Validity, subject Name, extensions [3] EXPLICIT Extensions }
 *   addedToCertificate ::= SEQUENCE { version [0] EXPLICIT INTEGER,
 *       serialNumber INTEGER, signature AlgorithmIdentifier, subjectPublicKeyInfo }
 */
import { certificateDer } from "./certificate-builder.js";
import { children, DER, type DerElement, DerReader } from "./der.js";
import { derExplicit, derSequence, derTimeOf } from "./der-writer.js";
import { EkCertError } from "./ek-error.js";

/** What a partial certificate holds. */
export interface PartialCertificateInput {
  /** Names in DER (distinguishedNameDer). */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** At least one extension in DER (the TPM requires the extensions; keyUsage must fit the object). */
  readonly extensions: readonly Uint8Array[];
}

/** The partialCertificate parameter of TPM2_CertifyX509, in DER (no signature algorithm: the TPM adds it). */
export function partialCertificateDer(input: PartialCertificateInput): Uint8Array {
  if (input === null || typeof input !== "object" || !Array.isArray(input.extensions)) {
    throw new EkCertError("BAD_PARAMETER", "a partial certificate needs issuer, subject, validity and extensions");
  }
  if (input.extensions.length === 0) throw new EkCertError("BAD_PARAMETER", "a partial certificate needs extensions");
  return derSequence(
    input.issuer,
    derSequence(derTimeOf(input.notBefore), derTimeOf(input.notAfter)),
    input.subject,
    derExplicit(3, derSequence(...input.extensions)),
  );
}

function elementsOf(der: Uint8Array, what: string): DerElement[] {
  if (!(der instanceof Uint8Array)) throw new EkCertError("BAD_PARAMETER", `${what} must be a Uint8Array`);
  const r = new DerReader(der);
  const outer = r.expect(DER.SEQUENCE, what);
  r.end(what);
  return children(outer);
}

/** The parts of TPM2_CertifyX509's addedToCertificate. */
export interface AddedToCertificate {
  /** The encodings, as the TPM put them in the TBSCertificate. */
  readonly version: Uint8Array;
  readonly serialNumber: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  readonly spki: Uint8Array;
}

/** Splits addedToCertificate into its four elements (EkCertError BAD_CERTIFICATE when it is not that). */
export function parseAddedToCertificate(der: Uint8Array): AddedToCertificate {
  const e = elementsOf(der, "addedToCertificate");
  if (
    e.length !== 4 ||
    e[0]!.tag !== 0xa0 ||
    e[1]!.tag !== DER.INTEGER ||
    e[2]!.tag !== DER.SEQUENCE ||
    e[3]!.tag !== DER.SEQUENCE
  ) {
    throw new EkCertError(
      "BAD_CERTIFICATE",
      "addedToCertificate is not [0] version, serialNumber, signature, subjectPublicKeyInfo",
    );
  }
  return {
    version: e[0]!.encoded,
    serialNumber: e[1]!.encoded,
    signatureAlgorithm: e[2]!.encoded,
    spki: e[3]!.encoded,
  };
}

/**
 * The TBSCertificate the TPM signed, from the partial certificate sent and the
 * addedToCertificate returned, and the certificate with `signature` (RSA
 * signature octets or the DER ECDSA-Sig-Value). The TPM signed the digest of
 * `tbs` (its tbsDigest).
 */
export function certifyX509Certificate(
  partialCertificate: Uint8Array,
  addedToCertificate: Uint8Array,
  signature: Uint8Array,
): { tbs: Uint8Array; certificate: Uint8Array } {
  let parts = elementsOf(partialCertificate, "partialCertificate");
  // The optional signature AlgorithmIdentifier comes first: a SEQUENCE starting with an OID (a Name starts with a SET).
  if (parts.length === 5 && parts[0]!.tag === DER.SEQUENCE && new DerReader(parts[0]!.content).peekTag() === DER.OID) {
    parts = parts.slice(1);
  }
  if (parts.length !== 4 || parts[3]!.tag !== 0xa3) {
    throw new EkCertError("BAD_CERTIFICATE", "partialCertificate is not issuer, validity, subject, [3] extensions");
  }
  const [issuer, validity, subject, extensions] = parts as [DerElement, DerElement, DerElement, DerElement];
  const added = parseAddedToCertificate(addedToCertificate);
  const tbs = derSequence(
    added.version,
    added.serialNumber,
    added.signatureAlgorithm,
    issuer.encoded,
    validity.encoded,
    subject.encoded,
    added.spki,
    extensions.encoded,
  );
  return { tbs, certificate: certificateDer(tbs, added.signatureAlgorithm, signature) };
}
