/**
 * The extended key usage of a certificate (RFC 5280, 4.2.1.12) and the TCG's
 * EK certificate purpose, tcg-kp-EKCertificate (2.23.133.8.1).
 */
import { children, DER, DerReader, oidText } from "./der.js";
import { type Certificate, OID } from "./x509-certificate.js";

/** The KeyPurposeId OIDs of extKeyUsage, or undefined when the certificate has none. */
export function extendedKeyUsage(cert: Certificate): string[] | undefined {
  const ext = cert.extensions.find((e) => e.oid === OID.extKeyUsage);
  if (!ext) return undefined;
  const r = new DerReader(ext.value);
  const seq = r.expect(DER.SEQUENCE, "ExtKeyUsageSyntax");
  r.end("extKeyUsage");
  return children(seq).map((e) => {
    if (e.tag !== DER.OID) return oidText(new DerReader(e.encoded).expect(DER.OID, "KeyPurposeId").content);
    return oidText(e.content);
  });
}

/** True when the certificate's extKeyUsage holds tcg-kp-EKCertificate (2.23.133.8.1), as the EK Credential Profile asks. */
export function isEkCertificate(cert: Certificate): boolean {
  return extendedKeyUsage(cert)?.includes(OID.tcgKpEkCertificate) ?? false;
}
