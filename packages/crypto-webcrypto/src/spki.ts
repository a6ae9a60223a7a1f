/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) through WebCrypto: keys go in
 * as JWK (RSA) or raw points (ECC) and come out with exportKey("spki"); DER is
 * read with importKey("spki") and the numbers taken with exportKey("jwk").
 * A small DER reader looks at the outline first, to pick the algorithm and to
 * refuse what the contract does not take, in the same terms as every plugin.
 * Only DER is read: the imported key is exported again and must give back the
 * very input (WebCrypto itself lets trailing octets through).
 */
import type { NeutralPublicKey, RsaPublicKey } from "@tss/marshal";
import { TPM_ECC_CURVE, TssError } from "@tss/marshal";
import { DER_TAG, type DerElement, oidText, readDerOne, readDerSequence } from "@tss/marshal/plugin-support";
import { namedCurve, uncompressedPoint } from "./named-curve.js";
import { base64url, buf, fromBase64url, intBytes, subtle } from "./subtle.js";

/** rsaEncryption (RFC 8017, A.1). */
const OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** id-ecPublicKey (RFC 5480, 2.1.1). */
const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
/** The namedCurve OIDs of RFC 5480, 2.1.1.1, by TPM_ECC_CURVE. */
const CURVE_OIDS: ReadonlyMap<string, number> = new Map([
  ["1.2.840.10045.3.1.7", TPM_ECC_CURVE.NIST_P256],
  ["1.3.132.0.34", TPM_ECC_CURVE.NIST_P384],
  ["1.3.132.0.35", TPM_ECC_CURVE.NIST_P521],
]);
/** Smallest and largest RSA modulus, in bits. */
const RSA_MIN_BITS = 1024;
const RSA_MAX_BITS = 16384;
/** The WebCrypto algorithm RSA keys are imported under (any RSA algorithm exports rsaEncryption). */
const RSA_ALGORITHM: RsaHashedImportParams = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });
const unsupported = (message: string) => new TssError("UNSUPPORTED", message);

function stripZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  return b.subarray(i);
}

function bitLength(b: Uint8Array): number {
  return b.length === 0 ? 0 : (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/** The modulus without leading zeros and the exponent (0 read as 65537), checked against the contract. */
function checkedRsa(pub: RsaPublicKey): { n: Uint8Array; e: number } {
  if (!(pub.n instanceof Uint8Array)) throw bad("RSA modulus is not a Uint8Array");
  const n = stripZeros(pub.n);
  const bits = bitLength(n);
  if (bits === 0) throw bad("RSA modulus is empty");
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
    throw unsupported(`an RSA modulus of ${bits} bits (${RSA_MIN_BITS} to ${RSA_MAX_BITS} are supported)`);
  }
  const e = pub.e === 0 ? 65537 : pub.e;
  if (!Number.isInteger(e) || e < 3 || e > 0xffffffff || e % 2 === 0) {
    throw bad(`RSA exponent ${pub.e} (an odd UINT32 of at least 3, or 0 for 65537)`);
  }
  return { n, e };
}

async function importOrBad(
  format: "jwk" | "raw" | "spki",
  data: JsonWebKey | Uint8Array,
  algorithm: RsaHashedImportParams | EcKeyImportParams,
  what: string,
): Promise<CryptoKey> {
  try {
    return format === "jwk"
      ? await subtle().importKey("jwk", data as JsonWebKey, algorithm, true, ["verify"])
      : await subtle().importKey(format, buf(data as Uint8Array), algorithm, true, ["verify"]);
  } catch (e) {
    throw bad(`WebCrypto refuses ${what}`, e);
  }
}

/** The DER SubjectPublicKeyInfo of a neutral public key (the Crypto contract's exportSpki). */
export async function exportSpki(key: NeutralPublicKey): Promise<Uint8Array> {
  let k: CryptoKey;
  if (key !== null && typeof key === "object" && "rsa" in key && key.rsa) {
    const { n, e } = checkedRsa(key.rsa);
    const jwk: JsonWebKey = { kty: "RSA", n: base64url(n), e: base64url(intBytes(e)), ext: true };
    k = await importOrBad("jwk", jwk, RSA_ALGORITHM, "the RSA key");
  } else if (key !== null && typeof key === "object" && "ecc" in key && key.ecc) {
    const { name, size } = namedCurve(key.ecc.curveID);
    const raw = uncompressedPoint(key.ecc, size);
    k = await importOrBad("raw", raw, { name: "ECDSA", namedCurve: name }, "the ECC point (not on the curve)");
  } else {
    throw bad("a public key must be { rsa: { n, e } } or { ecc: { curveID, x, y } }");
  }
  return new Uint8Array(await subtle().exportKey("spki", k));
}

/** A non-negative DER INTEGER's value octets, minimal. */
function readUnsigned(content: Uint8Array, what: string): Uint8Array {
  if (content.length === 0) throw bad(`${what} is empty`);
  if (content[0]! & 0x80) throw bad(`${what} is negative`);
  if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80)) {
    throw bad(`${what} has a redundant leading zero octet`);
  }
  return stripZeros(content);
}

/** The outline checks of an RSA key, then WebCrypto's import; returns the key and the neutral key. */
async function importRsa(der: Uint8Array, parameters: DerElement | undefined, subjectPublicKey: Uint8Array) {
  if (parameters?.tag !== DER_TAG.NULL || parameters.content.length !== 0) {
    throw bad("rsaEncryption must have NULL parameters");
  }
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
  const k = await importOrBad("spki", der, RSA_ALGORITHM, "the RSA SubjectPublicKeyInfo");
  const jwk = await subtle().exportKey("jwk", k);
  const e = fromBase64url(jwk.e ?? "").reduce((v, x) => v * 256 + x, 0);
  return { cryptoKey: k, key: { rsa: checkedRsa({ n: fromBase64url(jwk.n ?? ""), e }) } as NeutralPublicKey };
}

/** The outline checks of an ECC key, then WebCrypto's import; returns the key and the neutral key. */
async function importEcc(der: Uint8Array, parameters: DerElement | undefined, subjectPublicKey: Uint8Array) {
  if (parameters?.tag === DER_TAG.SEQUENCE) throw unsupported("explicit ECC curve parameters");
  if (parameters?.tag !== DER_TAG.OID) throw bad("id-ecPublicKey must name its curve");
  const curveOid = oidText(parameters.content);
  const curveID = CURVE_OIDS.get(curveOid);
  if (curveID === undefined) throw unsupported(`the ECC curve ${curveOid}`);
  const { name, size } = namedCurve(curveID);
  const prefix = subjectPublicKey[0];
  if (prefix === 2 || prefix === 3) throw unsupported("compressed ECC points");
  if (prefix !== 4 || subjectPublicKey.length !== 1 + 2 * size) throw bad("the ECC point is not an uncompressed point");
  const k = await importOrBad("spki", der, { name: "ECDSA", namedCurve: name }, "the ECC point (not on the curve)");
  const jwk = await subtle().exportKey("jwk", k);
  const x = fromBase64url(jwk.x ?? "");
  const y = fromBase64url(jwk.y ?? "");
  if (x.length !== size || y.length !== size) throw bad("WebCrypto gave coordinates of the wrong size");
  return { cryptoKey: k, key: { ecc: { curveID, x, y } } as NeutralPublicKey };
}

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  if (!(der instanceof Uint8Array)) throw bad("SubjectPublicKeyInfo is not a Uint8Array");
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
  const parameters = alg[1];
  const algorithmOid = oidText(alg[0]!.content);
  let imported: { cryptoKey: CryptoKey; key: NeutralPublicKey };
  if (algorithmOid === OID_RSA_ENCRYPTION) imported = await importRsa(der, parameters, subjectPublicKey);
  else if (algorithmOid === OID_EC_PUBLIC_KEY) imported = await importEcc(der, parameters, subjectPublicKey);
  else throw unsupported(`the public-key algorithm ${algorithmOid}`);
  const again = new Uint8Array(await subtle().exportKey("spki", imported.cryptoKey));
  if (again.length !== der.length || again.some((b, i) => b !== der[i])) {
    throw bad("SubjectPublicKeyInfo is not DER (it does not encode back to the same octets)");
  }
  return imported.key;
}
