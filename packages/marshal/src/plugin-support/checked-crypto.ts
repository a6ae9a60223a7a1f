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

/** The checked wrapper of each member function made so far: one wrapper per function, so identity is kept. */
const WRAPPERS = new WeakMap<object, unknown>();

/** The checked wrapper of `fn` (made by `wrap` the first time, the same one after). */
function wrapped<F extends object>(fn: F, wrap: (fn: F) => F): F {
  let w = WRAPPERS.get(fn) as F | undefined;
  if (w === undefined) {
    w = wrap(fn);
    WRAPPERS.set(fn, w);
  }
  return w;
}

type Member<K extends keyof Crypto> = NonNullable<Crypto[K]>;

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
    randomBytes: wrapped(
      c.randomBytes,
      (f): Member<"randomBytes"> =>
        (n) => {
          if (!Number.isInteger(n) || n < 0) throw bad(`randomBytes(${String(n)})`);
          return f(n);
        },
    ),
    hash: wrapped(
      c.hash,
      (f): Member<"hash"> =>
        (alg, data) =>
          checkedCall(
            () => checkBytes(data, "data"),
            () => f(alg, data),
          ),
    ),
    hmac: wrapped(
      c.hmac,
      (f): Member<"hmac"> =>
        (alg, key, data) =>
          checkedCall(
            () => {
              checkBytes(key, "HMAC key");
              checkBytes(data, "data");
            },
            () => f(alg, key, data),
          ),
    ),
    aesCfb: wrapped(
      c.aesCfb,
      (f): Member<"aesCfb"> =>
        (encrypt, key, iv, data) =>
          checkedCall(
            () => {
              checkBytes(key, "AES key");
              checkBytes(iv, "AES-CFB IV");
              checkBytes(data, "data");
            },
            () => f(encrypt, key, iv, data),
          ),
    ),
    rsaOaepEncrypt: wrapped(
      c.rsaOaepEncrypt,
      (f): Member<"rsaOaepEncrypt"> =>
        (pub, hashAlg, label, data) =>
          checkedCall(
            () => {
              checkRsaPublicKey(pub);
              checkBytes(label, "OAEP label");
              checkBytes(data, "data");
            },
            () => f(pub, hashAlg, label, data),
          ),
    ),
    ecdhEphemeral: wrapped(
      c.ecdhEphemeral,
      (f): Member<"ecdhEphemeral"> =>
        (curve, peer) =>
          checkedCall(
            () => checkPoint(peer, "ECDH peer"),
            () => f(curve, peer),
          ),
    ),
  };
  if (c.verifyRsa) {
    out.verifyRsa = wrapped(
      c.verifyRsa,
      (f): Member<"verifyRsa"> =>
        (pub, scheme, digest, signature) =>
          checkedCall(
            () => {
              checkRsaPublicKey(pub);
              checkScheme(scheme);
              checkBytes(digest, "digest");
              checkBytes(signature, "signature");
            },
            () => f(pub, scheme, digest, signature),
          ),
    );
  }
  if (c.verifyEcdsa) {
    out.verifyEcdsa = wrapped(
      c.verifyEcdsa,
      (f): Member<"verifyEcdsa"> =>
        (curve, pub, digest, signature) =>
          checkedCall(
            () => {
              checkPoint(pub, "ECDSA key");
              checkBytes(digest, "digest");
              checkObject(signature, "ECDSA signature");
              checkBytes(signature.r, "ECDSA r");
              checkBytes(signature.s, "ECDSA s");
            },
            () => f(curve, pub, digest, signature),
          ),
    );
  }
  for (const name of ["aesGcmEncrypt", "aesGcmDecrypt"] as const) {
    const gcm = c[name];
    if (!gcm) continue;
    out[name] = wrapped(
      gcm,
      (f): Member<"aesGcmEncrypt"> =>
        (key, iv, data, aad) =>
          checkedCall(
            () => {
              checkBytes(key, "AES key");
              checkBytes(iv, "AES-GCM IV");
              checkBytes(data, "data");
              if (aad !== undefined) checkBytes(aad, "AES-GCM additional data");
            },
            () => f(key, iv, data, aad),
          ),
    );
  }
  return out;
}
