/**
 * The promised per-command primitives of a Crypto that computes them in the
 * calling thread: each is its SyncCrypto member settled, so a synchronous throw
 * (bad input) becomes a rejection, as the Crypto contract has it.
 */
import type { Crypto, SyncCrypto } from "../contracts/crypto.js";

/** Crypto's hash, hmac and aesCfb as async functions over the same members of `sync`. */
export function promisedPrimitives(sync: SyncCrypto): Pick<Crypto, "hash" | "hmac" | "aesCfb"> {
  return {
    async hash(alg, data) {
      return sync.hash(alg, data);
    },
    async hmac(alg, key, data) {
      return sync.hmac(alg, key, data);
    },
    async aesCfb(encrypt, key, iv, data) {
      return sync.aesCfb(encrypt, key, iv, data);
    },
  };
}
