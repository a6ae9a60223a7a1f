/**
 * cpHash and rpHash (TPM 2.0 Part 1, 18.7 "Command Parameter Hash" and 18.8
 * "Response Parameter Hash").
 *
 *   cpHash = H(commandCode || Name(handle 1) || ... || Name(handle n) || parameters)
 *   rpHash = H(responseCode || commandCode || parameters)
 *
 * Parameters are the marshalled parameter areas as they travel: a command's after
 * parameter encryption, a response's before parameter decryption.
 */
import type { Crypto } from "@tss/marshal";
import { concat, u32 } from "./bytes.js";
import { hashSize } from "./hash-alg.js";

/** cpHash over the command code, the Names of the command handles and the parameter area as sent. */
export function cpHash(
  crypto: Crypto,
  alg: number,
  commandCode: number,
  names: readonly Uint8Array[],
  parameters: Uint8Array,
): Promise<Uint8Array> {
  // Not async: the crypto's own promise is returned as it is (one tick less per command).
  try {
    hashSize(alg);
  } catch (e) {
    return Promise.reject(e);
  }
  return crypto.hash(alg, concat(u32(commandCode), ...names, parameters));
}

/** rpHash over the response code (0 for every response that carries sessions), command code and parameter area as received. */
export function rpHash(
  crypto: Crypto,
  alg: number,
  responseCode: number,
  commandCode: number,
  parameters: Uint8Array,
): Promise<Uint8Array> {
  try {
    hashSize(alg);
  } catch (e) {
    return Promise.reject(e);
  }
  return crypto.hash(alg, concat(u32(responseCode), u32(commandCode), parameters));
}
