/**
 * The store: the TPM vendors' root and intermediate CA certificates of the
 * generated module, decoded once on first use. Everything returned is frozen.
 */
import { derToPemCertificate } from "@tss/ekcert";
import { fromBase64 } from "@tss/marshal/plugin-support";
import { CERTIFICATE_RECORDS } from "./certificate-records.js";
import type { CertificateRecord, VendorCertificate } from "./vendor-certificate.js";

function toVendorCertificate(r: CertificateRecord): VendorCertificate {
  const der = fromBase64(r.der);
  let pem: string | undefined;
  return Object.freeze({
    vendor: r.vendor,
    kind: r.kind,
    subject: r.subject,
    sha256: r.sha256,
    notBefore: new Date(r.notBefore),
    notAfter: new Date(r.notAfter),
    file: r.file,
    source: Object.freeze({ ...r.source }),
    der,
    get pem(): string {
      pem ??= derToPemCertificate(der);
      return pem;
    },
  });
}

let cache: readonly VendorCertificate[] | undefined;

/** Every certificate of the store, roots and intermediates, ordered by vendor. */
export function all(): readonly VendorCertificate[] {
  cache ??= Object.freeze(CERTIFICATE_RECORDS.map(toVendorCertificate));
  return cache;
}

/** The trust anchors: the certificates their publisher files as roots. */
export function roots(): readonly VendorCertificate[] {
  return all().filter((c) => c.kind === "root");
}

/** The intermediate CA certificates (they link an EK certificate to a root). */
export function intermediates(): readonly VendorCertificate[] {
  return all().filter((c) => c.kind === "intermediate");
}

/**
 * The certificates of one vendor, by TCG vendor ID ("IFX", "STM", "NTC", "INTC",
 * "AMD", "ATML", "NTZ", "QCOM", "GOOG"); case-insensitive. An unknown ID gives an
 * empty list.
 */
export function byVendor(vendor: string): readonly VendorCertificate[] {
  if (typeof vendor !== "string") throw new TypeError("byVendor: the vendor is a TCG vendor ID string");
  const id = vendor.trim().toUpperCase();
  return all().filter((c) => c.vendor === id);
}

/** The certificate with this SHA-256 fingerprint (hex, colons and case ignored), if the store has it. */
export function byFingerprint(sha256: string): VendorCertificate | undefined {
  if (typeof sha256 !== "string") throw new TypeError("byFingerprint: the fingerprint is a hex string");
  const want = sha256.replaceAll(":", "").toLowerCase();
  return all().find((c) => c.sha256 === want);
}

/** The TCG vendor IDs the store holds certificates of, sorted. */
export function vendors(): readonly string[] {
  return [...new Set(all().map((c) => c.vendor))].sort();
}
