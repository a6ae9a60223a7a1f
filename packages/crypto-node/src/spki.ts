/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) through node:crypto: keys go
 * in as JWK and come out with KeyObject.export({ type: "spki", format: "der" });
 * DER is read with createPublicKey. The outline is read first
 * (@tss/marshal/plugin-support's readSpkiOutline) to refuse what the contract
 * does not take, in the same terms as every plugin, and gives the numbers; only
 * DER is read: the key OpenSSL read is exported again and must give back the input.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import type { NeutralPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { checkedRsaPublicKey, checkSpkiIsDer, readSpkiOutline, uncompressedPoint } from "@tss/marshal/plugin-support";
import { base64url, own } from "./bytes.js";
import { curveName } from "./openssl-names.js";
import { rsaKeyObject } from "./rsa-key.js";

const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });

function spkiOf(k: KeyObject): Uint8Array {
  return own(k.export({ type: "spki", format: "der" }));
}

/** The DER SubjectPublicKeyInfo of a neutral public key (the Crypto contract's exportSpki). */
export async function exportSpki(key: NeutralPublicKey): Promise<Uint8Array> {
  if (key !== null && typeof key === "object" && "rsa" in key && key.rsa) {
    return spkiOf(rsaKeyObject(checkedRsaPublicKey(key.rsa)));
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

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  const outline = readSpkiOutline(der);
  let k: KeyObject;
  try {
    k = createPublicKey({ key: Buffer.from(der.buffer, der.byteOffset, der.length), format: "der", type: "spki" });
  } catch (e) {
    throw bad(`OpenSSL refuses the ${"rsa" in outline ? "RSA key" : "ECC point (not on the curve)"}`, e);
  }
  checkSpkiIsDer(der, spkiOf(k));
  if ("rsa" in outline) return { rsa: outline.rsa };
  const { curveID, size, point } = outline.ecc;
  return { ecc: { curveID, x: point.slice(1, 1 + size), y: point.slice(1 + size) } };
}
