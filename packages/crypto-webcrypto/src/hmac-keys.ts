/**
 * HMAC on WebCrypto with each key imported once: a small most-recently-used
 * cache of HMAC CryptoKeys by hash and key contents, so a session's HMACs under
 * its session key cost one `sign` each instead of an import and a sign (or three
 * digests). An empty key, which WebCrypto cannot import, is computed from
 * digests (RFC 2104).
 */
import { buf, hashName, subtle } from "./subtle.js";

/** How many HMAC keys are kept imported. */
export const HMAC_KEY_CACHE_SIZE = 16;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

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
  readonly #keys = new Map<string, Promise<CryptoKey>>();

  constructor(readonly limit: number = HMAC_KEY_CACHE_SIZE) {}

  /** HMAC(key, data) with the TPM hash `alg`. */
  async mac(alg: number, key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const hash = hashName(alg);
    if (key.length === 0) return hmacEmptyKey(hash, data);
    let id = `${hash}:`;
    for (let i = 0; i < key.length; i++) id += HEX[key[i]!];
    let imported = this.#keys.get(id);
    if (imported === undefined) {
      imported = subtle().importKey("raw", buf(key), { name: "HMAC", hash }, false, ["sign"]);
      if (this.#keys.size >= this.limit) this.#keys.delete(this.#keys.keys().next().value as string);
      // A failed import is not kept.
      imported.catch(() => this.#keys.delete(id));
    } else {
      this.#keys.delete(id);
    }
    this.#keys.set(id, imported);
    return new Uint8Array(await subtle().sign("HMAC", await imported, buf(data)));
  }

  /** Number of keys held. */
  get size(): number {
    return this.#keys.size;
  }
}
