/**
 * A Crypto whose every input is checked to be of the contract's types before
 * the plugin's own code sees it: octets as Uint8Array, keys and points as
 * objects of octets, a scheme as a scheme, an RSA key's exponent as the contract
 * has it. A string would otherwise be read as other octets by one library and
 * fail with a TypeError deep inside another; checked here, every plugin rejects
 * it alike, with TssError("BAD_PARAMETER"). Other values (sizes, curves,
 * algorithms) stay for each plugin to judge.
 */
import type { Crypto, EccPoint, RsaPublicKey, SignatureScheme } from "../contracts/crypto.js";
import { TssError } from "../tss-error.js";
import { checkBytes } from "./check-bytes.js";
import { checkedSync } from "./checked-sync.js";
import { rsaPublicNumbers } from "./spki-outline.js";

const bad = (message: string) => new TssError("BAD_PARAMETER", message);

/** An object, or BAD_PARAMETER naming `what`. */
function checkObject(v: unknown, what: string): asserts v is Record<string, unknown> {
  if (v === null || typeof v !== "object") throw bad(`${what} is not an object`);
}

/** An RSA public key: { n: octets, not empty, e: an odd UINT32 of at least 3 or 0 } (rsaPublicNumbers). */
function checkRsaPublicKey(pub: RsaPublicKey): void {
  rsaPublicNumbers(pub);
}

/** A point: { x: octets, y: octets }. */
function checkPoint(p: EccPoint, what: string): void {
  checkObject(p, what);
  checkBytes(p.x, `${what} x`);
  checkBytes(p.y, `${what} y`);
}

/** A scheme: { scheme: string, hashAlg: number }. */
function checkScheme(s: SignatureScheme): void {
  checkObject(s, "signature scheme");
  if (typeof s.scheme !== "string" || typeof s.hashAlg !== "number")
    throw bad("signature scheme is not { scheme, hashAlg }");
}

/** `f`'s promise, or a rejection with what `check` throws (a Crypto member rejects, it does not throw). */
function checkedCall<T>(check: () => void, f: () => Promise<T>): Promise<T> {
  try {
    check();
  } catch (e) {
    return Promise.reject(e);
  }
  return f();
}

/**
 * `crypto` with every input checked first (TssError BAD_PARAMETER, as a
 * rejection) and its sync facet checked as `checkedSync` does. A plugin returns
 * its Crypto through this; its own members may then take the types as given.
 */
export function checkedCrypto(crypto: Crypto): Crypto {
  const c = crypto;
  const out: Crypto = {
    ...c,
    ...(c.sync ? { sync: checkedSync(c.sync) } : {}),
    randomBytes(n) {
      if (!Number.isInteger(n) || n < 0) throw bad(`randomBytes(${String(n)})`);
      return c.randomBytes(n);
    },
    hash: (alg, data) =>
      checkedCall(
        () => checkBytes(data, "data"),
        () => c.hash(alg, data),
      ),
    hmac: (alg, key, data) =>
      checkedCall(
        () => {
          checkBytes(key, "HMAC key");
          checkBytes(data, "data");
        },
        () => c.hmac(alg, key, data),
      ),
    aesCfb: (encrypt, key, iv, data) =>
      checkedCall(
        () => {
          checkBytes(key, "AES key");
          checkBytes(iv, "AES-CFB IV");
          checkBytes(data, "data");
        },
        () => c.aesCfb(encrypt, key, iv, data),
      ),
    rsaOaepEncrypt: (pub, hashAlg, label, data) =>
      checkedCall(
        () => {
          checkRsaPublicKey(pub);
          checkBytes(label, "OAEP label");
          checkBytes(data, "data");
        },
        () => c.rsaOaepEncrypt(pub, hashAlg, label, data),
      ),
    ecdhEphemeral: (curve, peer) =>
      checkedCall(
        () => checkPoint(peer, "ECDH peer"),
        () => c.ecdhEphemeral(curve, peer),
      ),
  };
  if (c.verifyRsa) {
    const verifyRsa = c.verifyRsa.bind(c);
    out.verifyRsa = (pub, scheme, digest, signature) =>
      checkedCall(
        () => {
          checkRsaPublicKey(pub);
          checkScheme(scheme);
          checkBytes(digest, "digest");
          checkBytes(signature, "signature");
        },
        () => verifyRsa(pub, scheme, digest, signature),
      );
  }
  if (c.verifyEcdsa) {
    const verifyEcdsa = c.verifyEcdsa.bind(c);
    out.verifyEcdsa = (curve, pub, digest, signature) =>
      checkedCall(
        () => {
          checkPoint(pub, "ECDSA key");
          checkBytes(digest, "digest");
          checkObject(signature, "ECDSA signature");
          checkBytes(signature.r, "ECDSA r");
          checkBytes(signature.s, "ECDSA s");
        },
        () => verifyEcdsa(curve, pub, digest, signature),
      );
  }
  for (const name of ["aesGcmEncrypt", "aesGcmDecrypt"] as const) {
    const gcm = c[name]?.bind(c);
    if (!gcm) continue;
    out[name] = (key, iv, data, aad) =>
      checkedCall(
        () => {
          checkBytes(key, "AES key");
          checkBytes(iv, "AES-GCM IV");
          checkBytes(data, "data");
          if (aad !== undefined) checkBytes(aad, "AES-GCM additional data");
        },
        () => gcm(key, iv, data, aad),
      );
  }
  return out;
}
