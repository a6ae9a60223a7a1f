/** A Crypto whose randomBytes replays given values, for known-answer flows. */
import type { Crypto } from "@tss/marshal";

/**
 * Wraps `crypto` so that randomBytes(n) returns the next of `values` (which must
 * have length n); every other member (and the sync facet) delegates. Throws when the values run out
 * or a size differs, so a test notices an unexpected draw.
 */
export function withFixedRandom(crypto: Crypto, values: readonly Uint8Array[]): Crypto {
  const queue = [...values];
  const out: Crypto = {
    randomBytes(n) {
      const v = queue.shift();
      if (v === undefined) throw new Error(`unexpected randomBytes(${n}): no fixed value left`);
      if (v.length !== n) throw new Error(`randomBytes(${n}) but the next fixed value has ${v.length} bytes`);
      return v.slice();
    },
    hash: (a, d) => crypto.hash(a, d),
    hmac: (a, k, d) => crypto.hmac(a, k, d),
    aesCfb: (e, k, iv, d) => crypto.aesCfb(e, k, iv, d),
    rsaOaepEncrypt: (p, h, l, d) => crypto.rsaOaepEncrypt(p, h, l, d),
    ecdhEphemeral: (c, p) => crypto.ecdhEphemeral(c, p),
    // The synchronous facet, when the wrapped crypto has one (it draws no random bytes).
    ...(crypto.sync === undefined ? {} : { sync: crypto.sync }),
  };
  return out;
}
