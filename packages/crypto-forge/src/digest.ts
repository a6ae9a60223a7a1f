/**
 * SHA hashes and HMAC for @tss/crypto-forge in pure JavaScript, on Uint8Array
 * (no binary-string round trips): SHA-256 with @tss/marshal/plugin-support's
 * (several times faster than @noble/hashes' on a session's short messages),
 * SHA-1, SHA-384 and SHA-512 with @noble/hashes. An HMAC keyed state (the key
 * block already absorbed into the inner and outer hashes) is kept per key for a
 * few keys, so a session's many HMACs under one session key pay for the key once.
 */
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { HmacSha256, KeyedCache, sha256 as sha256Short } from "@tss/marshal/plugin-support";

/** A @noble/hashes hash function. */
type NobleHash = typeof sha256;

/** The @noble/hashes function of a TPM hash algorithm, or TssError("UNSUPPORTED"). */
export function nobleHashOf(alg: number): NobleHash {
  switch (alg) {
    case TPM_ALG_ID.SHA1:
      return sha1 as unknown as NobleHash;
    case TPM_ALG_ID.SHA256:
      return sha256;
    case TPM_ALG_ID.SHA384:
      return sha384 as unknown as NobleHash;
    case TPM_ALG_ID.SHA512:
      return sha512 as unknown as NobleHash;
    default:
      throw new TssError(
        "UNSUPPORTED",
        `hash algorithm 0x${alg.toString(16).padStart(4, "0")} is not supported by @tss/crypto-forge`,
      );
  }
}

/** The digest of `data`. */
export function digest(alg: number, data: Uint8Array): Uint8Array {
  return alg === TPM_ALG_ID.SHA256 ? sha256Short(data) : nobleHashOf(alg)(data);
}

/** How many keyed HMAC states are kept (most recently used first out last). */
export const HMAC_KEY_CACHE_SIZE = 16;

/** An HMAC keyed once: MAC after MAC under its key. */
interface Keyed {
  mac(data: Uint8Array): Uint8Array;
}

/** A keyed HMAC with hash `alg` (TssError("UNSUPPORTED") as nobleHashOf). */
function keyedHmac(alg: number, key: Uint8Array): Keyed {
  if (alg === TPM_ALG_ID.SHA256) return new HmacSha256(key);
  const keyed = nobleHmac.create(nobleHashOf(alg), key);
  return { mac: (data) => keyed.clone().update(data).digest() };
}

/** A small most-recently-used cache of keyed HMAC states, by algorithm and key contents. */
export class HmacKeyCache {
  readonly #states: KeyedCache<Keyed>;

  constructor(readonly limit: number = HMAC_KEY_CACHE_SIZE) {
    this.#states = new KeyedCache(limit);
  }

  /** HMAC(key, data) with hash `alg`. */
  mac(alg: number, key: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#states.get(alg, key, () => keyedHmac(alg, key)).mac(data);
  }

  /** Number of keys held. */
  get size(): number {
    return this.#states.size;
  }
}
