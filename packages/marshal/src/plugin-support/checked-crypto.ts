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

/** The checked wrapper of each member function made so far: one wrapper per function, so identity is kept. */
const WRAPPERS = new WeakMap<object, unknown>();

/**
 * `fn` with `check` run on its arguments first: what `check` throws becomes the
 * rejection (a Crypto member rejects, it does not throw). One wrapper per `fn`.
 */
function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>, check: (...args: A) => void) {
  let w = WRAPPERS.get(fn) as ((...args: A) => Promise<R>) | undefined;
  if (w === undefined) {
    w = (...args: A) => {
      try {
        check(...args);
      } catch (e) {
        return Promise.reject(e);
      }
      return fn(...args);
    };
    WRAPPERS.set(fn, w);
  }
  return w;
}

/**
 * `crypto` with every input checked first (TssError BAD_PARAMETER, as a
 * rejection) and its sync facet checked as `checkedSync` does. A plugin returns
 * its Crypto through this; its own members may then take the types as given.
 * A member function shared by two Crypto objects (a module's verifyRsa) gets
 * one wrapper, so `a.verifyRsa === b.verifyRsa` still tells the same code.
 * The members are called without `this`.
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
    hash: guarded(c.hash, (_alg, data) => checkBytes(data, "data")),
    hmac: guarded(c.hmac, (_alg, key, data) => {
      checkBytes(key, "HMAC key");
      checkBytes(data, "data");
    }),
    aesCfb: guarded(c.aesCfb, (_encrypt, key, iv, data) => {
      checkBytes(key, "AES key");
      checkBytes(iv, "AES-CFB IV");
      checkBytes(data, "data");
    }),
    rsaOaepEncrypt: guarded(c.rsaOaepEncrypt, (pub, _hashAlg, label, data) => {
      checkRsaPublicKey(pub);
      checkBytes(label, "OAEP label");
      checkBytes(data, "data");
    }),
    ecdhEphemeral: guarded(c.ecdhEphemeral, (_curve, peer) => checkPoint(peer, "ECDH peer")),
  };
  if (c.verifyRsa) {
    out.verifyRsa = guarded(c.verifyRsa, (pub, scheme, digest, signature) => {
      checkRsaPublicKey(pub);
      checkScheme(scheme);
      checkBytes(digest, "digest");
      checkBytes(signature, "signature");
    });
  }
  if (c.verifyEcdsa) {
    out.verifyEcdsa = guarded(c.verifyEcdsa, (_curve, pub, digest, signature) => {
      checkPoint(pub, "ECDSA key");
      checkBytes(digest, "digest");
      checkObject(signature, "ECDSA signature");
      checkBytes(signature.r, "ECDSA r");
      checkBytes(signature.s, "ECDSA s");
    });
  }
  const checkGcm = (key: Uint8Array, iv: Uint8Array, data: Uint8Array, aad?: Uint8Array) => {
    checkBytes(key, "AES key");
    checkBytes(iv, "AES-GCM IV");
    checkBytes(data, "data");
    if (aad !== undefined) checkBytes(aad, "AES-GCM additional data");
  };
  if (c.aesGcmEncrypt) out.aesGcmEncrypt = guarded(c.aesGcmEncrypt, checkGcm);
  if (c.aesGcmDecrypt) out.aesGcmDecrypt = guarded(c.aesGcmDecrypt, checkGcm);
  return out;
}
