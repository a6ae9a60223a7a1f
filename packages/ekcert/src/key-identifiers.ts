/**
 * The key identifier extensions (RFC 5280, 4.2.1.1 and 4.2.1.2): the subject
 * key identifier names a CA's key, the authority key identifier names the key
 * (and optionally the issuer and serial number of the certificate) that signed
 * a certificate. Path building picks issuers by them before names.
 */
import { children, DER, DerReader } from "./der.js";
import { EkCertError } from "./ek-error.js";

/** An authorityKeyIdentifier: the signing key's identifier, and the issuing certificate's serial number when given. */
export interface AuthorityKeyIdentifier {
  /** [0] keyIdentifier. */
  readonly keyIdentifier?: Uint8Array;
  /** [2] authorityCertSerialNumber, unsigned big-endian. */
  readonly serialNumber?: Uint8Array;
}

/**
 * A serial number's INTEGER content without leading zero octets, as compared
 * with a certificate's serialNumber (some CAs write non-minimal or negative
 * serials: the octets are compared as they are).
 */
export function serialMagnitude(content: Uint8Array): Uint8Array {
  let i = 0;
  while (i < content.length - 1 && content[i] === 0) i++;
  return content.slice(i);
}

/** SubjectKeyIdentifier ::= KeyIdentifier (an OCTET STRING). */
export function parseSubjectKeyIdentifier(value: Uint8Array): Uint8Array {
  const r = new DerReader(value);
  const id = r.expect(DER.OCTET_STRING, "SubjectKeyIdentifier").content.slice();
  r.end("SubjectKeyIdentifier");
  return id;
}

/** AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] authorityCertIssuer, [2] authorityCertSerialNumber }. */
export function parseAuthorityKeyIdentifier(value: Uint8Array): AuthorityKeyIdentifier {
  const r = new DerReader(value);
  const seq = r.expect(DER.SEQUENCE, "AuthorityKeyIdentifier");
  r.end("AuthorityKeyIdentifier");
  let keyIdentifier: Uint8Array | undefined;
  let serialNumber: Uint8Array | undefined;
  for (const field of children(seq)) {
    if (field.tag === 0x80) keyIdentifier = field.content.slice();
    else if (field.tag === 0x82) serialNumber = serialMagnitude(field.content);
    else if (field.tag !== 0xa1)
      throw new EkCertError("BAD_CERTIFICATE", `AuthorityKeyIdentifier: unexpected tag 0x${field.tag.toString(16)}`);
  }
  return {
    ...(keyIdentifier ? { keyIdentifier } : {}),
    ...(serialNumber ? { serialNumber } : {}),
  };
}
