/**
 * X.509 SubjectPublicKeyInfo (RFC 5280, 4.1.2.7) through WebCrypto: keys go in
 * as JWK (RSA) or raw points (ECC) and come out with exportKey("spki"); DER is
 * read with importKey("spki"). The outline is read first (@tss/marshal/plugin-support's
 * readSpkiOutline), to pick the algorithm, to refuse what the contract does not
 * take in the same terms as every plugin, and for the numbers. Only DER is
 * read: the imported key is exported again and must give back the very input
 * (WebCrypto itself lets trailing octets through).
 */
import type { NeutralPublicKey } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { checkedRsaPublicKey, checkSpkiIsDer, readSpkiOutline, uncompressedPoint } from "@tss/marshal/plugin-support";
import { namedCurve } from "./named-curve.js";
import { base64url, buf, intBytes, subtle } from "./subtle.js";

/** The WebCrypto algorithm RSA keys are imported under (any RSA algorithm exports rsaEncryption). */
const RSA_ALGORITHM: RsaHashedImportParams = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

const bad = (message: string, cause?: unknown) =>
  new TssError("BAD_PARAMETER", message, cause === undefined ? undefined : { cause });

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
    const { n, e } = checkedRsaPublicKey(key.rsa);
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

/** The neutral public key in a DER SubjectPublicKeyInfo (the Crypto contract's importSpki). */
export async function importSpki(der: Uint8Array): Promise<NeutralPublicKey> {
  const outline = readSpkiOutline(der);
  const cryptoKey =
    "rsa" in outline
      ? await importOrBad("spki", der, RSA_ALGORITHM, "the RSA SubjectPublicKeyInfo")
      : await importOrBad(
          "spki",
          der,
          { name: "ECDSA", namedCurve: namedCurve(outline.ecc.curveID).name },
          "the ECC point (not on the curve)",
        );
  checkSpkiIsDer(der, new Uint8Array(await subtle().exportKey("spki", cryptoKey)));
  if ("rsa" in outline) return { rsa: outline.rsa };
  const { curveID, size, point } = outline.ecc;
  return { ecc: { curveID, x: point.slice(1, 1 + size), y: point.slice(1 + size) } };
}
