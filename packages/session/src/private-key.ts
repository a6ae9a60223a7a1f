/**
 * Software private keys for TPM2_Import and TPM2_LoadExternal: an RSA or ECC
 * key pair read from DER or PEM, and the TPM structures made from it.
 *
 * - Formats: PKCS#1 RSAPrivateKey ("RSA PRIVATE KEY", RFC 8017 A.1.2), SEC1
 *   ECPrivateKey ("EC PRIVATE KEY", RFC 5915) and PKCS#8 PrivateKeyInfo
 *   ("PRIVATE KEY", RFC 5208 / 5958) holding either. Encrypted PEM (PKCS#8
 *   "ENCRYPTED PRIVATE KEY" or an RFC 1421 "Proc-Type: 4,ENCRYPTED" header) is
 *   TssError("UNSUPPORTED"): decrypt it first (in Node, node:crypto's
 *   createPrivateKey with the passphrase, then export PKCS#8 DER).
 * - The TPMT_SENSITIVE (Part 2, 12.3.2.4): sensitiveType RSA with the first
 *   prime p (the TPM derives the rest from p and the public modulus), or ECC with
 *   the private scalar d padded to the curve's size; authValue and seedValue as
 *   given.
 * - The TPMT_PUBLIC: tpmPublicFromPublicKey of the key's public half.
 */
import type { EccPublicKey, Infer, NeutralPublicKey, RsaPublicKey, TPMT_SENSITIVE } from "@tss/marshal";
import { TPM_ALG_ID, TPM_ECC_CURVE, TssError } from "@tss/marshal";
import { bytesEqual } from "./bytes.js";
import { DER_TAG, derReader, derSmallInteger, derUnsigned } from "./der.js";
import { eccCoordinateSize } from "./ecc-curve.js";
import { readPemBlock } from "./pem.js";
import { type PublicArea, type PublicKeyTemplate, tpmPublicFromPublicKey } from "./public-key.js";

/** A TPMT_SENSITIVE value, as the @tss/marshal codec reads and writes it. */
export type SensitiveArea = Infer<typeof TPMT_SENSITIVE>;

/** An RSA or ECC key pair in software: the public key plus the private parts the TPM needs. */
export type SoftwarePrivateKey =
  | { readonly rsa: RsaPublicKey & { readonly p: Uint8Array; readonly q: Uint8Array; readonly d: Uint8Array } }
  | { readonly ecc: EccPublicKey & { readonly d: Uint8Array } };

/** The PEM labels privateKeyFromPem reads. */
export const PRIVATE_KEY_PEM_LABELS: readonly string[] = [
  "PRIVATE KEY",
  "RSA PRIVATE KEY",
  "EC PRIVATE KEY",
  "ENCRYPTED PRIVATE KEY",
];

const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => Number.parseInt(b, 16));
/** rsaEncryption, 1.2.840.113549.1.1.1. */
const OID_RSA = hex("2a864886f70d010101");
/** id-ecPublicKey, 1.2.840.10045.2.1. */
const OID_EC = hex("2a8648ce3d0201");
/** The named curves of the NIST P-256, P-384 and P-521 keys. */
const CURVE_OIDS: readonly (readonly [Uint8Array, number])[] = [
  [hex("2a8648ce3d030107"), TPM_ECC_CURVE.NIST_P256],
  [hex("2b81040022"), TPM_ECC_CURVE.NIST_P384],
  [hex("2b81040023"), TPM_ECC_CURVE.NIST_P521],
];

function bad(message: string): TssError {
  return new TssError("BAD_PARAMETER", message);
}

function curveOf(oid: Uint8Array): number {
  const found = CURVE_OIDS.find(([o]) => bytesEqual(o, oid));
  if (!found) throw new TssError("UNSUPPORTED", "an EC key on a curve other than NIST P-256, P-384 or P-521");
  return found[1];
}

function exponentOf(e: Uint8Array): number {
  if (e.length > 4) throw new TssError("UNSUPPORTED", "an RSA public exponent beyond 32 bits");
  let v = 0;
  for (const x of e) v = v * 256 + x;
  return v;
}

/** PKCS#1 RSAPrivateKey. */
function rsaPrivateKey(der: Uint8Array): SoftwarePrivateKey {
  const r = derReader(der).enter("RSAPrivateKey");
  const version = derSmallInteger(r.expect(DER_TAG.INTEGER, "version").content, "version");
  if (version !== 0) throw new TssError("UNSUPPORTED", "a multi-prime RSA key (RSAPrivateKey version 1)");
  const int = (what: string) => derUnsigned(r.expect(DER_TAG.INTEGER, what).content, what);
  const n = int("modulus");
  const e = exponentOf(int("publicExponent"));
  const d = int("privateExponent");
  const p = int("prime1");
  const q = int("prime2");
  for (const what of ["exponent1", "exponent2", "coefficient"]) int(what);
  r.end("RSAPrivateKey");
  return { rsa: { n, e, p, q, d } };
}

/** SEC1 ECPrivateKey; `curveID` from the PKCS#8 algorithm parameters when the key itself names none. */
function ecPrivateKey(der: Uint8Array, curveFromAlgorithm?: number): SoftwarePrivateKey {
  const r = derReader(der).enter("ECPrivateKey");
  if (derSmallInteger(r.expect(DER_TAG.INTEGER, "version").content, "version") !== 1)
    throw bad("ECPrivateKey version is not 1");
  const d = r.expect(DER_TAG.OCTET_STRING, "privateKey").content;
  let curveID = curveFromAlgorithm;
  let point: Uint8Array | undefined;
  while (!r.done) {
    const e = r.next();
    if (e.tag === 0xa0) curveID = curveOf(derReader(e.content).expect(DER_TAG.OID, "parameters").content);
    else if (e.tag === 0xa1) {
      const bits = derReader(e.content).expect(DER_TAG.BIT_STRING, "publicKey").content;
      if (bits[0] !== 0) throw bad("ECPrivateKey publicKey has unused bits");
      point = bits.subarray(1);
    } else throw bad(`ECPrivateKey: unexpected element 0x${e.tag.toString(16)}`);
  }
  if (curveID === undefined) throw bad("an EC private key that names no curve");
  const size = eccCoordinateSize(curveID);
  if (!point) {
    throw new TssError("UNSUPPORTED", "an EC private key without its public key (re-export it with the public key)");
  }
  if (point.length !== 1 + 2 * size || point[0] !== 0x04) {
    throw new TssError("UNSUPPORTED", "an EC public key that is not an uncompressed point on the curve");
  }
  if (d.length === 0 || d.length > size) throw bad("an EC private key longer than the curve size");
  const padded = new Uint8Array(size);
  padded.set(d, size - d.length);
  return { ecc: { curveID, x: point.slice(1, 1 + size), y: point.slice(1 + size), d: padded } };
}

/** PKCS#8 PrivateKeyInfo / OneAsymmetricKey with an RSA or EC key. */
function privateKeyInfo(der: Uint8Array): SoftwarePrivateKey {
  const r = derReader(der).enter("PrivateKeyInfo");
  const version = derSmallInteger(r.expect(DER_TAG.INTEGER, "version").content, "version");
  if (version > 1) throw bad(`PrivateKeyInfo version ${version}`);
  const alg = r.enter("privateKeyAlgorithm");
  const oid = alg.expect(DER_TAG.OID, "algorithm").content;
  const key = r.expect(DER_TAG.OCTET_STRING, "privateKey").content;
  if (bytesEqual(oid, OID_RSA)) return rsaPrivateKey(key);
  if (bytesEqual(oid, OID_EC)) {
    const curve = alg.peekTag() === DER_TAG.OID ? curveOf(alg.expect(DER_TAG.OID, "namedCurve").content) : undefined;
    return ecPrivateKey(key, curve);
  }
  throw new TssError("UNSUPPORTED", "a private key that is neither RSA (rsaEncryption) nor EC (id-ecPublicKey)");
}

/**
 * A key pair from DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC1
 * ECPrivateKey, told apart by their structure.
 */
export function privateKeyFromDer(der: Uint8Array): SoftwarePrivateKey {
  if (!(der instanceof Uint8Array)) throw bad("DER must be a Uint8Array");
  const top = derReader(der);
  const seq = top.enter("private key");
  top.end("private key");
  seq.expect(DER_TAG.INTEGER, "version");
  const second = seq.peekTag();
  if (second === DER_TAG.SEQUENCE) return privateKeyInfo(der);
  if (second === DER_TAG.OCTET_STRING) return ecPrivateKey(der);
  if (second === DER_TAG.INTEGER) return rsaPrivateKey(der);
  throw bad("not a PKCS#8, PKCS#1 or SEC1 private key");
}

/** A key pair from the first private-key PEM block in `pem` (see PRIVATE_KEY_PEM_LABELS). */
export function privateKeyFromPem(pem: string): SoftwarePrivateKey {
  const block = readPemBlock(pem, PRIVATE_KEY_PEM_LABELS);
  if (block.label === "ENCRYPTED PRIVATE KEY" || /ENCRYPTED/.test(block.headers["Proc-Type"] ?? "")) {
    throw new TssError("UNSUPPORTED", "an encrypted PEM private key: decrypt it first");
  }
  const key = privateKeyFromDer(block.der);
  if (block.label === "RSA PRIVATE KEY" && !("rsa" in key)) throw bad("an RSA PRIVATE KEY block without an RSA key");
  if (block.label === "EC PRIVATE KEY" && !("ecc" in key)) throw bad("an EC PRIVATE KEY block without an EC key");
  return key;
}

function checkKey(key: SoftwarePrivateKey): void {
  if (key === null || typeof key !== "object" || !("rsa" in key || "ecc" in key)) {
    throw bad("a software key pair is { rsa } or { ecc } (privateKeyFromPem, privateKeyFromDer)");
  }
}

/** The public half of a software key pair. */
export function publicKeyOfPrivateKey(key: SoftwarePrivateKey): NeutralPublicKey {
  checkKey(key);
  if ("rsa" in key) return { rsa: { n: key.rsa.n, e: key.rsa.e } };
  const { curveID, x, y } = key.ecc;
  return { ecc: { curveID, x, y } };
}

/** The TPMT_PUBLIC of a software key pair: tpmPublicFromPublicKey of its public half with `template`. */
export function tpmPublicFromPrivateKey(key: SoftwarePrivateKey, template?: PublicKeyTemplate): PublicArea {
  return tpmPublicFromPublicKey(publicKeyOfPrivateKey(key), template);
}

/**
 * The TPMT_SENSITIVE of a software key pair: RSA with the prime p, ECC with d.
 * `authValue` is the object's password (default empty); `seedValue` defaults
 * to empty (for a storage key, give nameAlg-size random octets).
 */
export function sensitiveFromPrivateKey(
  key: SoftwarePrivateKey,
  options: { readonly authValue?: Uint8Array; readonly seedValue?: Uint8Array } = {},
): SensitiveArea {
  const authValue = options.authValue ?? new Uint8Array(0);
  const seedValue = options.seedValue ?? new Uint8Array(0);
  checkKey(key);
  if ("rsa" in key) {
    if (key.rsa.p.length === 0) throw bad("an RSA key without its prime p");
    return { sensitiveType: TPM_ALG_ID.RSA, authValue, seedValue, sensitive: { rsa: key.rsa.p } } as SensitiveArea;
  }
  return { sensitiveType: TPM_ALG_ID.ECC, authValue, seedValue, sensitive: { ecc: key.ecc.d } } as SensitiveArea;
}
