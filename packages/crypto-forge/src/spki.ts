/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7), written on node-forge's
 * ASN.1: RSA keys as rsaEncryption with NULL parameters and an RSAPublicKey
 * (RFC 3279, 2.3.1), NIST-curve keys as id-ecPublicKey with a namedCurve and
 * the uncompressed point (RFC 5480, 2.1.1 and 2.2). Read with
 * @tss/marshal/plugin-support's readSpkiOutline, as every plugin reads it;
 * points are checked on the curve with @noble/curves. Only DER is read: a
 * parsed key is encoded again and must give back the very input.
 */
import type { NeutralPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import {
  checkedRsaPublicKey,
  checkSpkiIsDer,
  OID_EC_PUBLIC_KEY,
  OID_RSA_ENCRYPTION,
  readSpkiOutline,
  SPKI_CURVE_OIDS,
  uncompressedPoint,
} from "@tss/marshal/plugin-support";
import type * as forgeTypes from "node-forge";
import { fromBinary, toBinary } from "./binary.js";
import { curveOf } from "./curves.js";
import { forge } from "./forge.js";

type Asn1 = forgeTypes.asn1.Asn1;

const { Class, Type } = forge.asn1;
const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });

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
    const { n, e } = checkedRsaPublicKey(key.rsa);
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
    const point = uncompressedPoint(key.ecc, size);
    try {
      c.Point.fromBytes(point).assertValidity();
    } catch (e) {
      throw bad("the ECC point is not on the curve", e);
    }
    return spki([oid(OID_EC_PUBLIC_KEY), oid(SPKI_CURVE_OIDS.get(curveID)!)], point);
  }
  throw bad("a public key must be { rsa: { n, e } } or { ecc: { curveID, x, y } }");
}

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  const outline = readSpkiOutline(der);
  let key: NeutralPublicKey;
  if ("rsa" in outline) {
    key = { rsa: outline.rsa };
  } else {
    const { curveID, size, point } = outline.ecc;
    try {
      curveOf(curveID).c.Point.fromBytes(point).assertValidity();
    } catch (e) {
      throw bad("the ECC point is not on the curve", e);
    }
    key = { ecc: { curveID, x: point.slice(1, 1 + size), y: point.slice(1 + size) } };
  }
  checkSpkiIsDer(der, await exportSpki(key));
  return key;
}
