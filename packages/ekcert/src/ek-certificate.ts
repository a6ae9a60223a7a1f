/**
 * Issuing an EK certificate, as IBM's createekcert does for simulators (a
 * manufacturer's CA in software): the EK's SubjectPublicKeyInfo, a critical
 * keyUsage of keyEncipherment (RSA EK) or keyAgreement (ECC EK), as the TCG EK
 * Credential Profile asks of a decrypting EK, and version 3. The caller signs
 * the TBSCertificate with the CA key and assembles it with certificateDer.
 */
import { keyUsageExtension, tbsCertificateDer } from "./certificate-builder.js";
import { derBitString, derInteger, derNull, derOid, derSequence } from "./der-writer.js";
import { EkCertError } from "./ek-error.js";
import { ekPublicKey } from "./ek-key-match.js";
import type { PublicArea } from "./public-area.js";
import { KEY_USAGE, CURVES as NAMED_CURVES, OID } from "./x509-certificate.js";

/** x509-certificate.ts's named curves by TPM_ECC_CURVE: the OID and the coordinate size. */
const CURVES = new Map(Object.entries(NAMED_CURVES).map(([oid, { curveID, size }]) => [curveID, { oid, size }]));

function leftPad(b: Uint8Array, size: number): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0 && b.length - i > size) i++;
  const v = b.subarray(i);
  if (v.length > size) throw new EkCertError("BAD_PARAMETER", "an ECC coordinate longer than the curve size");
  const out = new Uint8Array(size);
  out.set(v, size - v.length);
  return out;
}

/**
 * The SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) of a TPM public area's key:
 * rsaEncryption with NULL parameters and RSAPublicKey (RFC 3279), or
 * id-ecPublicKey with the named curve and the uncompressed point (RFC 5480).
 */
export function subjectPublicKeyInfoDer(publicArea: PublicArea): Uint8Array {
  const key = ekPublicKey(publicArea);
  if ("rsa" in key) {
    return derSequence(
      derSequence(derOid(OID.rsaEncryption), derNull()),
      derBitString(derSequence(derInteger(key.rsa.n), derInteger(key.rsa.e))),
    );
  }
  const curve = CURVES.get(key.ecc.curveID);
  if (!curve) throw new EkCertError("UNSUPPORTED", `ECC curve 0x${key.ecc.curveID.toString(16)} in a certificate`);
  const point = new Uint8Array(1 + 2 * curve.size);
  point[0] = 4;
  point.set(leftPad(key.ecc.x, curve.size), 1);
  point.set(leftPad(key.ecc.y, curve.size), 1 + curve.size);
  return derSequence(derSequence(derOid(OID.idEcPublicKey), derOid(curve.oid)), derBitString(point));
}

/** What an EK certificate is issued from. */
export interface EkCertificateInput {
  /** The EK's public area (createEk's publicArea). */
  readonly ekPublic: PublicArea;
  /** A positive serial number (IBM's createekcert: the first 20 octets of SHA-256 of the EK's modulus or x). */
  readonly serialNumber: Uint8Array | bigint;
  /** The CA's signature AlgorithmIdentifier (signatureAlgorithmDer). */
  readonly signatureAlgorithm: Uint8Array;
  /** Names in DER: the CA's subject as issuer, and the certificate's subject. */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** The TBSCertificate of an EK certificate (to be signed by the CA). */
export function ekCertificateTbs(input: EkCertificateInput): Uint8Array {
  if (input === null || typeof input !== "object") throw new EkCertError("BAD_PARAMETER", "no EK certificate input");
  const key = ekPublicKey(input.ekPublic);
  const usage = "rsa" in key ? KEY_USAGE.keyEncipherment : KEY_USAGE.keyAgreement;
  return tbsCertificateDer({
    serialNumber: input.serialNumber,
    signatureAlgorithm: input.signatureAlgorithm,
    issuer: input.issuer,
    subject: input.subject,
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    spki: subjectPublicKeyInfoDer(input.ekPublic),
    extensions: [keyUsageExtension(usage, true)],
  });
}
