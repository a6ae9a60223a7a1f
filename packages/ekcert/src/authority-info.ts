/**
 * Where a certificate's issuer and revocation data are published: the
 * authorityInfoAccess extension (RFC 5280, 4.2.2.1: caIssuers and OCSP URIs)
 * and cRLDistributionPoints (4.2.1.13: the fullName URIs).
 */
import { children, DER, DerReader, oidText } from "./der.js";
import { generalNameUris } from "./general-names.js";
import { type Certificate, OID } from "./x509-certificate.js";

/** The URLs of a certificate's issuer certificate(s), OCSP responders and CRLs, in the order written. */
export interface AuthorityInfo {
  readonly caIssuers: string[];
  readonly ocsp: string[];
  readonly crl: string[];
}

/**
 * The caIssuers and OCSP URLs of authorityInfoAccess and the CRL URLs of
 * cRLDistributionPoints (empty lists when absent). EkCertError("BAD_CERTIFICATE")
 * when an extension is malformed.
 */
export function authorityInfo(cert: Certificate): AuthorityInfo {
  const out: AuthorityInfo = { caIssuers: [], ocsp: [], crl: [] };
  for (const ext of cert.extensions) {
    if (ext.oid === OID.authorityInfoAccess) {
      const r = new DerReader(ext.value);
      const seq = r.expect(DER.SEQUENCE, "AuthorityInfoAccessSyntax");
      r.end("authorityInfoAccess");
      for (const ad of children(seq)) {
        const a = new DerReader(ad.content);
        const method = oidText(a.expect(DER.OID, "accessMethod").content);
        const uris = generalNameUris([a.next()]);
        a.end("AccessDescription");
        if (method === OID.caIssuers) out.caIssuers.push(...uris);
        else if (method === OID.ocsp) out.ocsp.push(...uris);
      }
    } else if (ext.oid === OID.cRLDistributionPoints) {
      const r = new DerReader(ext.value);
      const seq = r.expect(DER.SEQUENCE, "CRLDistributionPoints");
      r.end("cRLDistributionPoints");
      for (const dp of children(seq)) {
        // DistributionPoint { [0] distributionPoint { [0] fullName GeneralNames | [1] ... }, [1] reasons, [2] cRLIssuer }
        const point = children(dp).find((e) => e.tag === 0xa0);
        const fullName = point ? children(point).find((e) => e.tag === 0xa0) : undefined;
        if (fullName) out.crl.push(...generalNameUris(children(fullName)));
      }
    }
  }
  return out;
}
