/**
 * @tss/ekcert-roots: the TPM vendors' root and intermediate CA certificates as
 * data (from Microsoft's TrustedTpm.cab, Google's go-tpm-tools, keylime and the
 * IBM TSS; each with its source, SHA-256 fingerprint and validity), a loader,
 * and a reader for the IBM TSS rootcerts.txt file list. Browser-safe.
 */

export { all, byFingerprint, byVendor, intermediates, roots, vendors } from "./certificate-store.js";
export {
  type ListedCertificate,
  parseRootCertsList,
  type ReadListedFile,
  readRootCertsList,
} from "./rootcerts-list.js";
export type {
  CertificateKind,
  CertificateRecord,
  CertificateSource,
  VendorCertificate,
} from "./vendor-certificate.js";
