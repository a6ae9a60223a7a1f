/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) on node-forge's ASN.1: RSA
 * keys as rsaEncryption with NULL parameters and an RSAPublicKey (RFC 3279,
 * 2.3.1), NIST-curve keys as id-ecPublicKey with a namedCurve and the
 * uncompressed point (RFC 5480, 2.1.1 and 2.2). Points are checked on the curve
 * with @noble/curves. Only DER is read: a parsed key is encoded again and must
 * give back the very input.
 */
import type { NeutralPublicKey, RsaPublicKey } from "@tss/marshal";
import { TPM_ECC_CURVE, TssError } from "@tss/marshal";
import type * as forgeTypes from "node-forge";
import { fromBinary, toBinary } from "./binary.js";
import { curveOf, uncompressed } from "./curves.js";
import { forge } from "./forge.js";

type Asn1 = forgeTypes.asn1.Asn1;

/** rsaEncryption (RFC 8017, A.1). */
const OID_RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
/** id-ecPublicKey (RFC 5480, 2.1.1). */
const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
/** The namedCurve OIDs of RFC 5480, 2.1.1.1, by TPM_ECC_CURVE. */
const CURVE_OIDS: ReadonlyMap<number, string> = new Map([
  [TPM_ECC_CURVE.NIST_P256, "1.2.840.10045.3.1.7"],
  [TPM_ECC_CURVE.NIST_P384, "1.3.132.0.34"],
  [TPM_ECC_CURVE.NIST_P521, "1.3.132.0.35"],
]);

/** Smallest and largest RSA modulus, in bits. */
const RSA_MIN_BITS = 1024;
const RSA_MAX_BITS = 16384;

const { Class, Type } = forge.asn1;
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
export function checkedRsa(pub: RsaPublicKey): { n: Uint8Array; e: number } {
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

/** A DER INTEGER holding a non-negative integer given by its big-endian octets. */
function unsignedInteger(v: Uint8Array): Asn1 {
  const bytes = v.length > 0 && v[0]! & 0x80 ? Uint8Array.of(0, ...v) : v.length === 0 ? Uint8Array.of(0) : v;
  return forge.asn1.create(Class.UNIVERSAL, Type.INTEGER, false, toBinary(bytes));
}

function uint32Bytes(e: number): Uint8Array {
  const out: number[] = [];
  for (let x = e; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
  return Uint8Array.from(out);
}

function oid(o: string): Asn1 {
  return forge.asn1.create(Class.UNIVERSAL, Type.OID, false, forge.asn1.oidToDer(o).getBytes());
}

function spki(algorithm: Asn1[], subjectPublicKey: Uint8Array): Uint8Array {
  const { create } = forge.asn1;
  const der = forge.asn1.toDer(
    create(Class.UNIVERSAL, Type.SEQUENCE, true, [
      create(Class.UNIVERSAL, Type.SEQUENCE, true, algorithm),
      create(Class.UNIVERSAL, Type.BITSTRING, false, `\x00${toBinary(subjectPublicKey)}`),
    ]),
  );
  return fromBinary(der.getBytes());
}

/** The DER SubjectPublicKeyInfo of a neutral public key (the Crypto contract's exportSpki). */
export async function exportSpki(key: NeutralPublicKey): Promise<Uint8Array> {
  if (key !== null && typeof key === "object" && "rsa" in key && key.rsa) {
    const { n, e } = checkedRsa(key.rsa);
    const rsaPublicKey = forge.asn1.toDer(
      forge.asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [unsignedInteger(n), unsignedInteger(uint32Bytes(e))]),
    );
    return spki(
      [oid(OID_RSA_ENCRYPTION), forge.asn1.create(Class.UNIVERSAL, Type.NULL, false, "")],
      fromBinary(rsaPublicKey.getBytes()),
    );
  }
  if (key !== null && typeof key === "object" && "ecc" in key && key.ecc) {
    const { curveID } = key.ecc;
    const { c, size } = curveOf(curveID);
    const point = uncompressed(key.ecc, size);
    try {
      c.Point.fromBytes(point).assertValidity();
    } catch (e) {
      throw bad("the ECC point is not on the curve", e);
    }
    return spki([oid(OID_EC_PUBLIC_KEY), oid(CURVE_OIDS.get(curveID)!)], point);
  }
  throw bad("a public key must be { rsa: { n, e } } or { ecc: { curveID, x, y } }");
}

function isUniversal(a: Asn1 | undefined, type: number, constructed: boolean): a is Asn1 {
  return a !== undefined && a.tagClass === Class.UNIVERSAL && a.type === type && a.constructed === constructed;
}

function parseDer(bytes: string, what: string): Asn1 {
  try {
    const options = { strict: true, parseAllBytes: true, decodeBitStrings: false };
    return forge.asn1.fromDer(bytes, options as unknown as boolean);
  } catch (e) {
    throw bad(`${what} is not DER`, e);
  }
}

function children(a: Asn1, count: readonly number[], what: string): Asn1[] {
  if (!Array.isArray(a.value) || !count.includes(a.value.length)) throw bad(`${what} has the wrong number of fields`);
  return a.value;
}

/** A non-negative DER INTEGER's value octets, minimal (no leading zero octets). */
function readUnsigned(a: Asn1 | undefined, what: string): Uint8Array {
  if (!isUniversal(a, Type.INTEGER, false) || typeof a.value !== "string" || a.value.length === 0) {
    throw bad(`${what} is not an INTEGER`);
  }
  const v = fromBinary(a.value);
  if (v[0]! & 0x80) throw bad(`${what} is negative`);
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) throw bad(`${what} has a redundant leading zero octet`);
  return stripZeros(v);
}

function readRsa(parameters: Asn1 | undefined, subjectPublicKey: Uint8Array): NeutralPublicKey {
  if (!isUniversal(parameters, Type.NULL, false) || parameters.value !== "") {
    throw bad("rsaEncryption must have NULL parameters");
  }
  const rsaPublicKey = parseDer(toBinary(subjectPublicKey), "RSAPublicKey");
  if (!isUniversal(rsaPublicKey, Type.SEQUENCE, true)) throw bad("RSAPublicKey is not a SEQUENCE");
  const [nAsn1, eAsn1] = children(rsaPublicKey, [2], "RSAPublicKey");
  const n = readUnsigned(nAsn1, "the RSA modulus");
  const eBytes = readUnsigned(eAsn1, "the RSA exponent");
  if (eBytes.length > 4) throw unsupported("an RSA exponent beyond UINT32");
  const e = eBytes.reduce((v, x) => v * 256 + x, 0);
  return { rsa: checkedRsa({ n, e }) };
}

function readEcc(parameters: Asn1 | undefined, subjectPublicKey: Uint8Array): NeutralPublicKey {
  if (parameters?.tagClass === Class.UNIVERSAL && parameters.type === Type.SEQUENCE) {
    throw unsupported("explicit ECC curve parameters");
  }
  if (!isUniversal(parameters, Type.OID, false) || typeof parameters.value !== "string") {
    throw bad("id-ecPublicKey must name its curve");
  }
  const curveOid = forge.asn1.derToOid(parameters.value);
  const curveID = [...CURVE_OIDS].find(([, o]) => o === curveOid)?.[0];
  if (curveID === undefined) throw unsupported(`the ECC curve ${curveOid}`);
  const { c, size } = curveOf(curveID);
  const prefix = subjectPublicKey[0];
  if (prefix === 2 || prefix === 3) throw unsupported("compressed ECC points");
  if (prefix !== 4 || subjectPublicKey.length !== 1 + 2 * size) throw bad("the ECC point is not an uncompressed point");
  try {
    c.Point.fromBytes(subjectPublicKey).assertValidity();
  } catch (e) {
    throw bad("the ECC point is not on the curve", e);
  }
  return { ecc: { curveID, x: subjectPublicKey.slice(1, 1 + size), y: subjectPublicKey.slice(1 + size) } };
}

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  if (!(der instanceof Uint8Array)) throw bad("SubjectPublicKeyInfo is not a Uint8Array");
  const top = parseDer(toBinary(der), "SubjectPublicKeyInfo");
  if (!isUniversal(top, Type.SEQUENCE, true)) throw bad("SubjectPublicKeyInfo is not a SEQUENCE");
  const [algorithm, bits] = children(top, [2], "SubjectPublicKeyInfo");
  if (!isUniversal(algorithm, Type.SEQUENCE, true)) throw bad("AlgorithmIdentifier is not a SEQUENCE");
  const [algOid, parameters] = children(algorithm, [1, 2], "AlgorithmIdentifier");
  if (!isUniversal(algOid, Type.OID, false) || typeof algOid.value !== "string") {
    throw bad("AlgorithmIdentifier has no OID");
  }
  if (!isUniversal(bits, Type.BITSTRING, false) || typeof bits.value !== "string" || bits.value.length === 0) {
    throw bad("subjectPublicKey is not a BIT STRING");
  }
  if (bits.value.charCodeAt(0) !== 0) throw bad("subjectPublicKey has unused bits");
  const subjectPublicKey = fromBinary(bits.value.slice(1));
  const algorithmOid = forge.asn1.derToOid(algOid.value);
  let key: NeutralPublicKey;
  if (algorithmOid === OID_RSA_ENCRYPTION) key = readRsa(parameters, subjectPublicKey);
  else if (algorithmOid === OID_EC_PUBLIC_KEY) key = readEcc(parameters, subjectPublicKey);
  else throw unsupported(`the public-key algorithm ${algorithmOid}`);
  const again = await exportSpki(key);
  if (again.length !== der.length || again.some((b, i) => b !== der[i])) {
    throw bad("SubjectPublicKeyInfo is not DER (it does not encode back to the same octets)");
  }
  return key;
}
