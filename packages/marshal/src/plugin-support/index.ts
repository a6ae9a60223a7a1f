/**
 * @tss/marshal/plugin-support: code that crypto plugins share without taking a
 * dependency beyond @tss/marshal: ECDSA verification over a digest, point
 * arithmetic and encoding on the NIST curves, the promised form of a SyncCrypto's primitives, SHA-256 and HMAC-SHA-256 for short messages, a cache of what is made once per key, the outline of a SubjectPublicKeyInfo, the encodings of RSA signatures (PKCS #1 v1.5 and PSS), and the DER reader and PEM codec (also used by @tss/session and @tss/ekcert). Not part of the TSS API proper.
 */
export { checkBytes } from "./check-bytes.js";
export { checkedCrypto } from "./checked-crypto.js";
export { checkedSync } from "./checked-sync.js";
export {
  DER_TAG,
  type DerElement,
  type DerFailure,
  DerReader,
  oidText,
  readDerOne,
  readDerSequence,
} from "./der.js";
export { padCoordinate, uncompressedPoint } from "./ecc-point.js";
export { isOnNistCurve, nistPointMultiplyX, verifyEcdsaDigest } from "./ecdsa-verify.js";
export { KeyedCache } from "./keyed-cache.js";
export { derToPem, fromBase64, type PemBlock, readPemBlock, readPemBlocks, toBase64 } from "./pem.js";
export { promisedPrimitives } from "./promised-primitives.js";
export {
  emsaPkcs1v15,
  emsaPssVerify,
  type HashFunction,
  mgf1,
  pkcs1DigestInfo,
} from "./rsa-signature-encoding.js";
export { HmacSha256, sha256 } from "./sha256.js";
export {
  checkedRsaPublicKey,
  checkSpkiIsDer,
  OID_EC_PUBLIC_KEY,
  OID_RSA_ENCRYPTION,
  readSpkiOutline,
  rsaPublicNumbers,
  SPKI_CURVE_OIDS,
  SPKI_RSA_MAX_BITS,
  SPKI_RSA_MIN_BITS,
  type SpkiOutline,
  stripLeadingZeros,
} from "./spki-outline.js";
