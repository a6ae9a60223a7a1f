/**
 * The certificates of a PKCS #7 / CMS "certs-only" message (RFC 5652: a
 * ContentInfo of SignedData without signers, the .p7c/.p7b files CAs publish
 * at their caIssuers URLs): the SignedData's [0] certificates set, in DER.
 * BER (indefinite lengths) is not read.
 */
import { children, DER, DerReader, oidText } from "./der.js";
import { EkCertError } from "./ek-error.js";

/** id-signedData. */
export const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";

/**
 * The DER of each certificate in a PKCS #7 SignedData ContentInfo, in order
 * (other CertificateChoices, e.g. attribute certificates, are skipped).
 * EkCertError("BAD_CERTIFICATE") when the bytes are not such a message.
 */
export function pkcs7Certificates(der: Uint8Array): Uint8Array[] {
  if (!(der instanceof Uint8Array)) throw new EkCertError("BAD_PARAMETER", "PKCS #7 data must be a Uint8Array");
  const top = new DerReader(der);
  const ci = new DerReader(top.expect(DER.SEQUENCE, "ContentInfo").content);
  top.end("ContentInfo");
  const type = oidText(ci.expect(DER.OID, "ContentInfo.contentType").content);
  if (type !== SIGNED_DATA_OID)
    throw new EkCertError("BAD_CERTIFICATE", `PKCS #7 content type ${type}, not signedData`);
  const content = children(ci.expect(0xa0, "ContentInfo.content"));
  ci.end("ContentInfo");
  if (content.length !== 1 || content[0]!.tag !== DER.SEQUENCE)
    throw new EkCertError("BAD_CERTIFICATE", "SignedData is not a SEQUENCE");
  const sd = new DerReader(content[0]!.content);
  sd.expect(DER.INTEGER, "SignedData.version");
  sd.expect(DER.SET, "SignedData.digestAlgorithms");
  sd.expect(DER.SEQUENCE, "SignedData.encapContentInfo");
  const certs = sd.optional(0xa0);
  if (!certs) return [];
  return children(certs)
    .filter((c) => c.tag === DER.SEQUENCE)
    .map((c) => c.encoded.slice());
}
