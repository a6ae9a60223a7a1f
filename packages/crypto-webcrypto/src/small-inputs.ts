/**
 * Hashes, HMACs and AES-CFB of small inputs computed synchronously in
 * JavaScript (@noble/hashes, @noble/ciphers) instead of through WebCrypto. A
 * session's per-command work is a handful of these on inputs of tens of bytes,
 * and each WebCrypto call costs a promise settled from another thread (and an
 * importKey for every new AES key), many times the computation itself. Inputs
 * larger than SMALL_INPUT still go to WebCrypto.
 */
import { cfb } from "@noble/ciphers/aes.js";
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256, sha384, sha512 } from "@noble/hashes/sha2.js";
import { TPM_ALG_ID } from "@tss/marshal";
import { HmacSha256, KeyedCache, sha256 as sha256Short } from "@tss/marshal/plugin-support";
import { hashName } from "./subtle.js";

/** Inputs up to this many bytes are computed here; longer ones by WebCrypto. */
export const SMALL_INPUT = 1024;

/** A @noble/hashes hash function. */
type NobleHash = typeof sha256;

/** The @noble/hashes function of a TPM hash algorithm (TssError "UNSUPPORTED" as hashName). */
function nobleHashOf(alg: number): NobleHash {
  switch (hashName(alg)) {
    case "SHA-1":
      return sha1 as unknown as NobleHash;
    case "SHA-256":
      return sha256;
    case "SHA-384":
      return sha384 as unknown as NobleHash;
    default:
      return sha512 as unknown as NobleHash;
  }
}

/** True when `data` is a byte array small enough to be computed here. */
export function isSmall(data: unknown): data is Uint8Array {
  return data instanceof Uint8Array && data.length <= SMALL_INPUT;
}

/**
 * The digest of a small input: SHA-256 with @tss/marshal/plugin-support's (several
 * times faster than @noble/hashes' on short messages), the others with @noble/hashes.
 */
export function smallDigest(alg: number, data: Uint8Array): Uint8Array {
  const hash = nobleHashOf(alg); // TssError("UNSUPPORTED") for an unknown algorithm
  return alg === TPM_ALG_ID.SHA256 ? sha256Short(data) : hash(data);
}

/** AES-CFB-128 of a small input (key and IV already checked). */
export function smallAesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = cfb(key, iv);
  return encrypt ? c.encrypt(data) : c.decrypt(data);
}

/** How many keyed HMAC states are kept. */
export const SMALL_HMAC_KEYS = 16;

/** An HMAC keyed once: MAC after MAC under its key. */
interface Keyed {
  mac(data: Uint8Array): Uint8Array;
}

/** A keyed HMAC with hash `alg` (TssError("UNSUPPORTED") for an unknown algorithm). */
function keyedHmac(alg: number, key: Uint8Array): Keyed {
  const hash = nobleHashOf(alg);
  if (alg === TPM_ALG_ID.SHA256) return new HmacSha256(key);
  const keyed = nobleHmac.create(hash, key);
  return { mac: (data) => keyed.clone().update(data).digest() };
}

/**
 * HMAC of small inputs, with a keyed state (the key block absorbed into the
 * inner and outer hashes) kept per key for the most recently used keys, so a
 * session's HMACs under its session key pay for the key once.
 */
export class SmallHmac {
  readonly #states: KeyedCache<Keyed>;

  constructor(readonly limit: number = SMALL_HMAC_KEYS) {
    this.#states = new KeyedCache(limit);
  }

  /** HMAC(key, data) with the TPM hash `alg`. */
  mac(alg: number, key: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#states.get(alg, key, () => keyedHmac(alg, key)).mac(data);
  }

  /** Number of keys held. */
  get size(): number {
    return this.#states.size;
  }
}
