/**
 * SHA-256 (FIPS 180-4, 6.2) and HMAC-SHA-256 (RFC 2104) in plain JavaScript, for
 * the crypto plugins that compute a session's per-command hashes themselves
 * (@tss/crypto-forge, the small inputs of @tss/crypto-webcrypto). Written for
 * the short messages of a session (cpHash, rpHash, HMACs, KDFa blocks): the
 * words are read straight from the bytes (no DataView, whose creation on a small
 * array costs more than hashing it), the message schedule is one array kept
 * across calls, and an HMAC key's inner and outer states are computed once per
 * key. Every working buffer is wiped before a call returns. Anything but a
 * Uint8Array is refused with TssError("BAD_PARAMETER").
 */
import { checkBytes } from "./check-bytes.js";

/** The round constants K (FIPS 180-4, 4.2.2). */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** The initial hash value H(0) (FIPS 180-4, 5.3.3). */
const H0 = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** The block size in octets. */
const BLOCK = 64;
/** The digest size in octets. */
const DIGEST = 32;

/** The message schedule, kept across calls (this code never runs re-entrantly). */
const W = new Int32Array(64);
/** The last one or two blocks of a message: its tail, the 0x80 octet, zeros and the bit length. */
const TAIL = new Uint8Array(2 * BLOCK);
/** The running state of the call in progress. */
const STATE = new Int32Array(8);

/** Processes the 64-octet block of `bytes` at `at` into `h` (FIPS 180-4, 6.2.2). */
function compress(h: Int32Array, bytes: Uint8Array, at: number): void {
  for (let t = 0; t < 16; t++, at += 4) {
    W[t] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (s1 + W[t - 7]! + s0 + W[t - 16]!) | 0;
  }
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let f = h[5]!;
  let g = h[6]!;
  let k = h[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
  h[5] = (h[5]! + f) | 0;
  h[6] = (h[6]! + g) | 0;
  h[7] = (h[7]! + k) | 0;
}

/**
 * Hashes `data` into `h`, which holds the state after `before` octets (0, or one
 * block for an HMAC's keyed state), padding included; writes the digest into
 * `out` at `outAt`. Wipes the schedule and the tail buffer.
 */
function finish(h: Int32Array, before: number, data: Uint8Array, out: Uint8Array, outAt: number): void {
  const n = data.length;
  const full = n - (n % BLOCK);
  for (let at = 0; at < full; at += BLOCK) compress(h, data, at);
  const rest = n - full;
  for (let i = 0; i < rest; i++) TAIL[i] = data[full + i]!;
  TAIL[rest] = 0x80;
  const end = rest + 9 <= BLOCK ? BLOCK : 2 * BLOCK;
  TAIL.fill(0, rest + 1, end - 8);
  // The message length in bits, big-endian in 64 bits (messages here are far below 2^53 bits).
  const bits = (before + n) * 8;
  const high = Math.floor(bits / 0x100000000);
  TAIL[end - 8] = high >>> 24;
  TAIL[end - 7] = high >>> 16;
  TAIL[end - 6] = high >>> 8;
  TAIL[end - 5] = high;
  TAIL[end - 4] = bits >>> 24;
  TAIL[end - 3] = bits >>> 16;
  TAIL[end - 2] = bits >>> 8;
  TAIL[end - 1] = bits;
  compress(h, TAIL, 0);
  if (end === 2 * BLOCK) compress(h, TAIL, BLOCK);
  for (let i = 0; i < 8; i++) {
    const v = h[i]!;
    out[outAt + 4 * i] = v >>> 24;
    out[outAt + 4 * i + 1] = v >>> 16;
    out[outAt + 4 * i + 2] = v >>> 8;
    out[outAt + 4 * i + 3] = v;
  }
  TAIL.fill(0, 0, end);
  W.fill(0);
}

/** SHA-256 of `data` (FIPS 180-4). */
export function sha256(data: Uint8Array): Uint8Array {
  checkBytes(data, "data");
  STATE.set(H0);
  const out = new Uint8Array(DIGEST);
  finish(STATE, 0, data, out, 0);
  STATE.fill(0);
  return out;
}

/**
 * HMAC-SHA-256 (RFC 2104) under one key: the states after the key's inner and
 * outer pads (K ^ ipad, K ^ opad) are computed once, so each MAC costs the
 * message's blocks and one more. The states are secret (they stand for the key).
 */
export class HmacSha256 {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);

  /** Keys an HMAC with `key` (hashed first when longer than a block, as RFC 2104 says). */
  constructor(key: Uint8Array) {
    checkBytes(key, "HMAC key");
    const k = key.length > BLOCK ? sha256(key) : key;
    const pad = new Uint8Array(BLOCK);
    for (const [state, byte] of [
      [this.#inner, 0x36],
      [this.#outer, 0x5c],
    ] as const) {
      for (let i = 0; i < BLOCK; i++) pad[i] = (i < k.length ? k[i]! : 0) ^ byte;
      state.set(H0);
      compress(state, pad, 0);
    }
    pad.fill(0);
    if (k !== key) k.fill(0); // the hashed key
    W.fill(0);
  }

  /** HMAC(key, data). */
  mac(data: Uint8Array): Uint8Array {
    checkBytes(data, "data");
    const out = new Uint8Array(DIGEST);
    // Inner: H((K ^ ipad) || data), into out; outer: H((K ^ opad) || inner).
    STATE.set(this.#inner);
    finish(STATE, BLOCK, data, out, 0);
    STATE.set(this.#outer);
    finish(STATE, BLOCK, out, out, 0);
    STATE.fill(0);
    return out;
  }
}
