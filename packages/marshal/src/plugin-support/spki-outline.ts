/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) as the Crypto contract's
 * exportSpki/importSpki take it: RSA keys as rsaEncryption with NULL parameters
 * and an RSAPublicKey (RFC 3279, 2.3.1), NIST-curve keys as id-ecPublicKey with
 * a namedCurve and the uncompressed point (RFC 5480, 2.1.1 and 2.2). Every
 * plugin reads a SubjectPublicKeyInfo's outline here, so that all of them
 * refuse the same inputs with the same TssError codes (UNSUPPORTED for what the
 * contract leaves out, BAD_PARAMETER for what is damaged); each then has its
 * own library check the key itself (the point on its curve, the octets DER).
 */

import { TPM_ECC_CURVE } from "../constants/tpm-ecc-curve.js";
import type { RsaPublicKey } from "../contracts/crypto.js";
import { TssError } from "../tss-error.js";
import { checkBytes } from "./check-bytes.js";
import { DER_TAG, type DerElement, oidText, readDerOne, readDerSequence } from "./der.js";

/** rsaEncryption (RFC 8017, A.1). */
export const OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** id-ecPublicKey (RFC 5480, 2.1.1). */
export const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
/** The namedCurve OIDs of RFC 5480, 2.1.1.1, by TPM_ECC_CURVE. */
export const SPKI_CURVE_OIDS: ReadonlyMap<number, string> = new Map([
  [TPM_ECC_CURVE.NIST_P256, "1.2.840.10045.3.1.7"],
  [TPM_ECC_CURVE.NIST_P384, "1.3.132.0.34"],
  [TPM_ECC_CURVE.NIST_P521, "1.3.132.0.35"],
]);
const CURVE_BY_OID: ReadonlyMap<string, number> = new Map([...SPKI_CURVE_OIDS].map(([curve, oid]) => [oid, curve]));
/** Coordinate sizes in octets, by TPM_ECC_CURVE. */
const COORDINATE_SIZE: ReadonlyMap<number, number> = new Map([
  [TPM_ECC_CURVE.NIST_P256, 32],
  [TPM_ECC_CURVE.NIST_P384, 48],
  [TPM_ECC_CURVE.NIST_P521, 66],
]);

/** The smallest RSA modulus the contract takes, in bits. */
export const SPKI_RSA_MIN_BITS = 1024;
/** The largest RSA modulus the contract takes, in bits. */
export const SPKI_RSA_MAX_BITS = 16384;

const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });
const unsupported = (message: string) => new TssError("UNSUPPORTED", message);

/** `b` without its leading zero octets (a view). */
export function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

/** The bit length of a big-endian unsigned integer without leading zero octets. */
function bitLength(b: Uint8Array): number {
  return b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/**
 * An RSA public key's numbers as every Crypto member takes them: the modulus
 * without leading zero octets (a view; not empty) and the exponent, 0 read as
 * 65537 (an odd UINT32 of at least 3). TssError("BAD_PARAMETER") otherwise.
 */
export function rsaPublicNumbers(pub: RsaPublicKey): { n: Uint8Array; e: number } {
  if (pub === null || typeof pub !== "object") throw bad("RSA public key missing");
  checkBytes(pub.n, "RSA modulus");
  const n = stripLeadingZeros(pub.n);
  if (n.length === 0) throw bad("RSA modulus is empty");
  const e = pub.e === 0 ? 65537 : pub.e;
  if (!Number.isInteger(e) || e < 3 || e > 0xffffffff || e % 2 === 0) {
    throw bad(`RSA exponent ${pub.e} (an odd UINT32 of at least 3, or 0 for 65537)`);
  }
  return { n, e };
}

/**
 * An RSA public key as exportSpki takes it: rsaPublicNumbers, and a modulus of
 * 1024 to 16384 bits (else UNSUPPORTED).
 */
export function checkedRsaPublicKey(pub: RsaPublicKey): { n: Uint8Array; e: number } {
  const { n, e } = rsaPublicNumbers(pub);
  const bits = bitLength(n);
  if (bits < SPKI_RSA_MIN_BITS || bits > SPKI_RSA_MAX_BITS) {
    throw unsupported(`an RSA modulus of ${bits} bits (${SPKI_RSA_MIN_BITS} to ${SPKI_RSA_MAX_BITS} are supported)`);
  }
  return { n, e };
}

/** What a SubjectPublicKeyInfo holds, once its outline is read (octets of its own, not views of the input). */
export type SpkiOutline =
  /** rsaEncryption: the checked modulus (no leading zero octets) and exponent. */
  | { readonly rsa: { readonly n: Uint8Array; readonly e: number } }
  /** id-ecPublicKey: the curve, its coordinate size and the uncompressed point 04 || x || y (not yet checked on the curve). */
  | { readonly ecc: { readonly curveID: number; readonly size: number; readonly point: Uint8Array } };

/** A non-negative DER INTEGER's value octets, minimal, without leading zero octets. */
function readUnsigned(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) throw bad(`${what} is empty`);
  if (content[0]! & 0x80) throw bad(`${what} is negative`);
  if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80)) {
    throw bad(`${what} has a redundant leading zero octet`);
  }
  return stripLeadingZeros(content);
}

function rsaOutline(parameters: DerElement | undefined, subjectPublicKey: Uint8Array): SpkiOutline {
  if (parameters?.tag !== DER_TAG.NULL || parameters.content.length !== 0) {
    throw bad("rsaEncryption must have NULL parameters");
  }
  const fields = readDerSequence(
    readDerOne(subjectPublicKey, DER_TAG.SEQUENCE, "RSAPublicKey").content,
    "RSAPublicKey",
  );
  if (fields.length !== 2 || fields.some((f) => f.tag !== DER_TAG.INTEGER))
    throw bad("RSAPublicKey is not two INTEGERs");
  const n = readUnsigned(fields[0]!.content, "the RSA modulus");
  const eBytes = readUnsigned(fields[1]!.content, "the RSA exponent");
  if (eBytes.length > 4) throw unsupported("an RSA exponent beyond UINT32");
  const checked = checkedRsaPublicKey({ n, e: eBytes.reduce((v, x) => v * 256 + x, 0) });
  // A copy: the key must not change with the caller's buffer (nor keep all of it alive).
  return { rsa: { n: checked.n.slice(), e: checked.e } };
}

function eccOutline(parameters: DerElement | undefined, subjectPublicKey: Uint8Array): SpkiOutline {
  if (parameters?.tag === DER_TAG.SEQUENCE) throw unsupported("explicit ECC curve parameters");
  if (parameters?.tag !== DER_TAG.OID) throw bad("id-ecPublicKey must name its curve");
  const curveOid = oidText(parameters.content);
  const curveID = CURVE_BY_OID.get(curveOid);
  if (curveID === undefined) throw unsupported(`the ECC curve ${curveOid}`);
  const size = COORDINATE_SIZE.get(curveID)!;
  const prefix = subjectPublicKey[0];
  if (prefix === 2 || prefix === 3) throw unsupported("compressed ECC points");
  if (prefix !== 4 || subjectPublicKey.length !== 1 + 2 * size) throw bad("the ECC point is not an uncompressed point");
  return { ecc: { curveID, size, point: subjectPublicKey.slice() } };
}

/**
 * Reads the outline of a DER SubjectPublicKeyInfo: TssError("UNSUPPORTED") for
 * another algorithm, curve or point form, an RSA modulus outside 1024-16384
 * bits or an exponent beyond UINT32; TssError("BAD_PARAMETER") for anything
 * damaged. Whether the octets are DER throughout, and an ECC point on its
 * curve, is for the plugin's own library to check (by encoding the key again).
 */
export function readSpkiOutline(der: Uint8Array): SpkiOutline {
  checkBytes(der, "SubjectPublicKeyInfo");
  const top = readDerOne(der, DER_TAG.SEQUENCE, "SubjectPublicKeyInfo");
  const fields = readDerSequence(top.content, "SubjectPublicKeyInfo");
  if (fields.length !== 2 || fields[0]!.tag !== DER_TAG.SEQUENCE || fields[1]!.tag !== DER_TAG.BIT_STRING) {
    throw bad("SubjectPublicKeyInfo is not SEQUENCE { AlgorithmIdentifier, BIT STRING }");
  }
  const alg = readDerSequence(fields[0]!.content, "AlgorithmIdentifier");
  if (alg.length < 1 || alg.length > 2 || alg[0]!.tag !== DER_TAG.OID) throw bad("AlgorithmIdentifier has no OID");
  const bits = fields[1]!.content;
  if (bits.length === 0 || bits[0] !== 0) throw bad("subjectPublicKey has unused bits");
  const subjectPublicKey = bits.subarray(1);
  const algorithmOid = oidText(alg[0]!.content);
  if (algorithmOid === OID_RSA_ENCRYPTION) return rsaOutline(alg[1], subjectPublicKey);
  if (algorithmOid === OID_EC_PUBLIC_KEY) return eccOutline(alg[1], subjectPublicKey);
  throw unsupported(`the public-key algorithm ${algorithmOid}`);
}

/**
 * TssError("BAD_PARAMETER") unless `again`, the key of `der` encoded anew by
 * the plugin's library, is `der` octet for octet: only DER is read (BER's other
 * encodings of the same key are refused).
 */
export function checkSpkiIsDer(der: Uint8Array, again: Uint8Array): void {
  let same = again.length === der.length;
  for (let i = 0; same && i < der.length; i++) same = again[i] === der[i];
  if (!same) throw bad("SubjectPublicKeyInfo is not DER (it does not encode back to the same octets)");
}
