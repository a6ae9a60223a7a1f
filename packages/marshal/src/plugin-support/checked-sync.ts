/**
 * A SyncCrypto whose byte inputs are checked before its own code sees them: the
 * contract takes octets only, and a string or an array would otherwise be read
 * as other octets, or fail with a TypeError from deep inside a hash library.
 */
import type { SyncCrypto } from "../contracts/crypto.js";
import { checkBytes } from "./check-bytes.js";

/** `sync` with every key, IV and data checked to be a Uint8Array first (TssError BAD_PARAMETER otherwise). */
export function checkedSync(sync: SyncCrypto): SyncCrypto {
  return {
    hash(alg, data) {
      checkBytes(data, "data");
      return sync.hash(alg, data);
    },
    hmac(alg, key, data) {
      checkBytes(key, "HMAC key");
      checkBytes(data, "data");
      return sync.hmac(alg, key, data);
    },
    aesCfb(encrypt, key, iv, data) {
      checkBytes(key, "AES key");
      checkBytes(iv, "AES-CFB IV");
      checkBytes(data, "data");
      return sync.aesCfb(encrypt, key, iv, data);
    },
  };
}
