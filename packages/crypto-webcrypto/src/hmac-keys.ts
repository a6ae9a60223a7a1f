/**
 * HMAC on WebCrypto with each key imported once: a small most-recently-used
 * cache of HMAC CryptoKeys by hash and key contents, so a session's HMACs under
 * its session key cost one `sign` each instead of an import and a sign (or three
 * digests). An empty key, which WebCrypto cannot import, is computed from
 * digests (RFC 2104).
 */
import { KeyedCache } from "@tss/marshal/plugin-support";
import { buf, hashName, subtle } from "./subtle.js";

/** How many HMAC keys are kept imported. */
export const HMAC_KEY_CACHE_SIZE = 16;

/** The block size in bytes of the hashes HMAC is used with (SHA-1 and SHA-256: 64; SHA-384 and SHA-512: 128). */
function hmacBlockSize(hash: string): number {
  return hash === "SHA-384" || hash === "SHA-512" ? 128 : 64;
}

/** HMAC with an empty key: H((0^B ^ opad) || H((0^B ^ ipad) || data)). */
async function hmacEmptyKey(hash: string, data: Uint8Array): Promise<Uint8Array> {
  const block = hmacBlockSize(hash);
  const inner = new Uint8Array(block + data.length).fill(0x36, 0, block);
  inner.set(data, block);
  const innerDigest = new Uint8Array(await subtle().digest(hash, inner));
  const outer = new Uint8Array(block + innerDigest.length).fill(0x5c, 0, block);
  outer.set(innerDigest, block);
  return new Uint8Array(await subtle().digest(hash, outer));
}

/** Imported HMAC keys by hash and key contents, the most recently used kept. */
export class HmacKeyCache {
  readonly #keys: KeyedCache<Promise<CryptoKey>>;

  constructor(readonly limit: number = HMAC_KEY_CACHE_SIZE) {
    this.#keys = new KeyedCache(limit);
  }

  /** HMAC(key, data) with the TPM hash `alg`. */
  async mac(alg: number, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const hash = hashName(alg);
    if (key.length === 0) return hmacEmptyKey(hash, data);
    const imported = this.#keys.get(alg, key, () => {
      const importing = subtle().importKey("raw", buf(key), { name: "HMAC", hash }, false, ["sign"]);
      // A failed import is not kept (the key as it is now: the caller may reuse its array).
      const keyNow = key.slice();
      importing.catch(() => this.#keys.forget(alg, keyNow));
      return importing;
    });
    return new Uint8Array(await subtle().sign("HMAC", await imported, buf(data)));
  }

  /** Number of keys held. */
  get size(): number {
    return this.#keys.size;
  }
}
