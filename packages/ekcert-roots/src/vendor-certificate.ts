/**
 * The shape of a certificate in the store: a TPM vendor's root or intermediate
 * CA certificate with where it came from, its fingerprint and validity.
 */

/** A trust anchor ("root", as its publisher files it) or a CA below one ("intermediate"). */
export type CertificateKind = "root" | "intermediate";

/** Where a certificate file was taken from: a public repository, path and commit. */
export interface CertificateSource {
  /** owner/name of the GitHub repository. */
  readonly repository: string;
  /** The file's path in that repository. */
  readonly path: string;
  /** The commit the file was read at. */
  readonly commit: string;
  /** Where that repository says the certificate came from, when it says. */
  readonly origin?: string;
}

/** A certificate as the generated module stores it (base64 DER, ISO dates). */
export interface CertificateRecord {
  readonly vendor: string;
  readonly kind: CertificateKind;
  readonly subject: string;
  readonly sha256: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly file: string;
  readonly source: CertificateSource;
  readonly der: string;
}

/** A vendor CA certificate of the store. */
export interface VendorCertificate {
  /** The TCG vendor ID of the TPM manufacturer ("IFX", "STM", "NTC", "INTC", "AMD", "GOOG" ...). */
  readonly vendor: string;
  /** root (a trust anchor) or intermediate. */
  readonly kind: CertificateKind;
  /** The subject distinguished name, as text. */
  readonly subject: string;
  /** SHA-256 of the DER, lowercase hex. */
  readonly sha256: string;
  /** Start of the validity period. */
  readonly notBefore: Date;
  /** End of the validity period. */
  readonly notAfter: Date;
  /** The file under the package's certs/ folder it was built from. */
  readonly file: string;
  /** Where the file was taken from. */
  readonly source: CertificateSource;
  /** The certificate, DER. */
  readonly der: Uint8Array;
  /** The certificate, PEM. */
  readonly pem: string;
}
