/**
 * What a crypto plugin makes once per key and uses for every call under that key
 * (a keyed HMAC state, an imported CryptoKey), kept for the most recently used
 * keys: a session's many HMACs under one session key pay for the key once.
 */
import { checkBytes } from "./check-bytes.js";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The map key of a (hash algorithm, key octets) pair; TssError("BAD_PARAMETER") for a key that is not octets. */
function keyId(alg: number, key: Uint8Array): string {
  checkBytes(key, "key");
  let id = `${alg}:`;
  for (let i = 0; i < key.length; i++) id += HEX[key[i]!];
  return id;
}

/**
 * Values by hash algorithm and key octets, at most `limit` of them: a value used
 * again moves to the back, and the least recently used one goes when a new one
 * comes in. The values stand for secret keys: a cache belongs to one Crypto
 * instance.
 */
export class KeyedCache<V> {
  readonly #values = new Map<string, V>();

  /** Keeps at most `limit` values. */
  constructor(readonly limit: number) {}

  /** The value for (alg, key), made by `make` when none is held (a `make` that throws keeps nothing). */
  get(alg: number, key: Uint8Array, make: () => V): V {
    const id = keyId(alg, key);
    let value = this.#values.get(id);
    if (value === undefined) {
      value = make();
      if (this.#values.size >= this.limit) this.#values.delete(this.#values.keys().next().value as string);
    } else {
      this.#values.delete(id); // set again below: most recently used last
    }
    this.#values.set(id, value);
    return value;
  }

  /** Drops the value for (alg, key), if one is held (a key whose value turned out unusable). */
  forget(alg: number, key: Uint8Array): void {
    this.#values.delete(keyId(alg, key));
  }

  /** Number of values held. */
  get size(): number {
    return this.#values.size;
  }
}
