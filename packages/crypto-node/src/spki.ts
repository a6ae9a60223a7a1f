/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) through node:crypto: keys go
 * in as JWK and come out with KeyObject.export({ type: "spki", format: "der" });
 * DER is read with createPublicKey and the numbers taken from its JWK export.
 * The DER outline is read first (the reader of @tss/marshal/plugin-support) to
 * refuse what the contract does not take, in the same terms as every plugin;
 * and only DER is read: the key is exported again and must give back the input.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { NeutralPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { DER_TAG, type DerElement, oidText, readDerOne, readDerSequence } from "@tss/marshal/plugin-support";
import { base64url, fromBase64url, own, sameBytes, stripZeros, uncompressedPoint } from "./bytes.js";
import { curveName } from "./openssl-names.js";
import { rsaKeyObject, rsaNumbers } from "./rsa-key.js";

/** rsaEncryption (RFC 8017, A.1). */
const OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** id-ecPublicKey (RFC 5480, 2.1.1). */
const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
/** The namedCurve OIDs of RFC 5480, 2.1.1.1, by TPM_ECC_CURVE. */
const CURVE_OIDS: ReadonlyMap<string, number> = new Map([
  ["1.2.840.10045.3.1.7", 0x0003],
  ["1.3.132.0.34", 0x0004],
  ["1.3.132.0.35", 0x0005],
]);
/** Smallest and largest RSA modulus, in bits. */
const RSA_MIN_BITS = 1024;
const RSA_MAX_BITS = 16384;

const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });
const unsupported = (message: string) => new TssError("UNSUPPORTED", message);

function bitLength(b: Uint8Array): number {
  return b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/** rsaNumbers, plus the contract's modulus size range (UNSUPPORTED outside it). */
function checkedRsa(pub: { n: Uint8Array; e: number }): { n: Uint8Array; e: number } {
  const { n, e } = rsaNumbers(pub);
  const bits = bitLength(n);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
    throw unsupported(`an RSA modulus of ${bits} bits (${RSA_MIN_BITS} to ${RSA_MAX_BITS} are supported)`);
  return { n, e };
}

function spkiOf(k: KeyObject): Uint8Array {
  return own(k.export({ type: "spki", format: "der" }));
}

/** The DER SubjectPublicKeyInfo of a neutral public key (the Crypto contract's exportSpki). */
export async function exportSpki(key: NeutralPublicKey): Promise<Uint8Array> {
  if (key !== null && typeof key === "object" && "rsa" in key && key.rsa) {
    return spkiOf(rsaKeyObject(checkedRsa(key.rsa)));
  }
  if (key !== null && typeof key === "object" && "ecc" in key && key.ecc) {
    const { name, size } = curveName(key.ecc.curveID);
    const raw = uncompressedPoint(key.ecc, size);
    const jwkCrv = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" }[name];
    try {
      const k = createPublicKey({
        key: { kty: "EC", crv: jwkCrv, x: base64url(raw.subarray(1, 1 + size)), y: base64url(raw.subarray(1 + size)) },
        format: "jwk",
      });
      return spkiOf(k);
    } catch (e) {
      throw bad("OpenSSL refuses the ECC point (not on the curve)", e);
    }
  }
  throw bad("a public key must be { rsa: { n, e } } or { ecc: { curveID, x, y } }");
}

/** A non-negative DER INTEGER's value octets, minimal. */
function readUnsigned(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) throw bad(`${what} is empty`);
  if (content[0]! & 0x80) throw bad(`${what} is negative`);
  if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80))
    throw bad(`${what} has a redundant leading zero octet`);
  return stripZeros(content);
}

function outlineRsa(parameters: DerElement | undefined, subjectPublicKey: Uint8Array): void {
  if (parameters?.tag !== DER_TAG.NULL || parameters.content.length !== 0)
    throw bad("rsaEncryption must have NULL parameters");
  const fields = readDerSequence(
    readDerOne(subjectPublicKey, DER_TAG.SEQUENCE, "RSAPublicKey").content,
    "RSAPublicKey",
  );
  if (fields.length !== 2 || fields.some((f) => f.tag !== DER_TAG.INTEGER))
    throw bad("RSAPublicKey is not two INTEGERs");
  const eBytes = readUnsigned(fields[1]!.content, "the RSA exponent");
  readUnsigned(fields[0]!.content, "the RSA modulus");
  if (eBytes.length > 4) throw unsupported("an RSA exponent beyond UINT32");
  checkedRsa({ n: fields[0]!.content, e: eBytes.reduce((v, x) => v * 256 + x, 0) });
}

function outlineEcc(parameters: DerElement | undefined, subjectPublicKey: Uint8Array): number {
  if (parameters?.tag === DER_TAG.SEQUENCE) throw unsupported("explicit ECC curve parameters");
  if (parameters?.tag !== DER_TAG.OID) throw bad("id-ecPublicKey must name its curve");
  const curveOid = oidText(parameters.content);
  const curveID = CURVE_OIDS.get(curveOid);
  if (curveID === undefined) throw unsupported(`the ECC curve ${curveOid}`);
  const { size } = curveName(curveID);
  const prefix = subjectPublicKey[0];
  if (prefix === 2 || prefix === 3) throw unsupported("compressed ECC points");
  if (prefix !== 4 || subjectPublicKey.length !== 1 + 2 * size) throw bad("the ECC point is not an uncompressed point");
  return curveID;
}

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  if (!(der instanceof Uint8Array)) throw bad("SubjectPublicKeyInfo is not a Uint8Array");
  const top = readDerOne(der, DER_TAG.SEQUENCE, "SubjectPublicKeyInfo");
  const fields = readDerSequence(top.content, "SubjectPublicKeyInfo");
  if (fields.length !== 2 || fields[0]!.tag !== DER_TAG.SEQUENCE || fields[1]!.tag !== DER_TAG.BIT_STRING)
    throw bad("SubjectPublicKeyInfo is not SEQUENCE { AlgorithmIdentifier, BIT STRING }");
  const alg = readDerSequence(fields[0]!.content, "AlgorithmIdentifier");
  if (alg.length < 1 || alg.length > 2 || alg[0]!.tag !== DER_TAG.OID) throw bad("AlgorithmIdentifier has no OID");
  const bits = fields[1]!.content;
  if (bits.length === 0 || bits[0] !== 0) throw bad("subjectPublicKey has unused bits");
  const subjectPublicKey = bits.subarray(1);
  const algorithmOid = oidText(alg[0]!.content);
  let curveID: number | undefined;
  if (algorithmOid === OID_RSA_ENCRYPTION) outlineRsa(alg[1], subjectPublicKey);
  else if (algorithmOid === OID_EC_PUBLIC_KEY) curveID = outlineEcc(alg[1], subjectPublicKey);
  else throw unsupported(`the public-key algorithm ${algorithmOid}`);
  let k: KeyObject;
  try {
    k = createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset, der.length), format: "der", type: "spki" });
  } catch (e) {
    throw bad(`OpenSSL refuses the ${curveID === undefined ? "RSA key" : "ECC point (not on the curve)"}`, e);
  }
  if (!sameBytes(spkiOf(k), der))
    throw bad("SubjectPublicKeyInfo is not DER (it does not encode back to the same octets)");
  const jwk = k.export({ format: "jwk" });
  if (curveID === undefined) {
    const e = fromBase64url(jwk.e).reduce((v, x) => v * 256 + x, 0);
    return { rsa: checkedRsa({ n: fromBase64url(jwk.n), e }) };
  }
  const { size } = curveName(curveID);
  const x = fromBase64url(jwk.x);
  const y = fromBase64url(jwk.y);
  if (x.length !== size || y.length !== size) throw bad("node:crypto gave coordinates of the wrong size");
  return { ecc: { curveID, x, y } };
}
