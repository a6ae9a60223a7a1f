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
import { bytesEqual } from "./bytes.js";
import { hashSize } from "./hash-alg.js";
import { putBytes, putU32, releaseMessage, takeMessage, withMessage } from "./message-buffer.js";
import { type CryptoOps, cryptoOps, type MaybePromise, promised, thenMaybe } from "./steps.js";

/** The longest cpHash message remembered (a repeated command is usually short). */
const MAX_REMEMBERED = 256;

/**
 * Per crypto (its per-command primitives), the last cpHash computed, with its
 * algorithm and message: a command sent again unchanged (the same code, Names
 * and clear parameters, as polling a counter or reading an NV index does) has
 * the same cpHash, found without hashing again. What is kept is the message as
 * it went to the TPM (its first parameter already encrypted when the session
 * encrypts it), until the next command.
 */
const lastCpHash = new WeakMap<CryptoOps, { alg: number; message: Uint8Array; digest: Uint8Array }>();

/** cpHash over the command code, the Names of the command handles and the parameter area as sent. */
export function cpHash(
  crypto: Crypto,
  alg: number,
  commandCode: number,
  names: readonly Uint8Array[],
  parameters: Uint8Array,
): Promise<Uint8Array> {
  return promised(() => cpHashOp(cryptoOps(crypto), alg, commandCode, names, parameters));
}

/** cpHash on the per-command primitives: a value when they answer now. */
export function cpHashOp(
  ops: CryptoOps,
  alg: number,
  commandCode: number,
  names: readonly Uint8Array[],
  parameters: Uint8Array,
): MaybePromise<Uint8Array> {
  hashSize(alg);
  let length = 4 + parameters.length;
  for (let i = 0; i < names.length; i++) length += names[i]!.length;
  const message = takeMessage(length);
  let at = putU32(message, 0, commandCode);
  for (let i = 0; i < names.length; i++) at = putBytes(message, at, names[i]!);
  putBytes(message, at, parameters);
  const last = lastCpHash.get(ops);
  if (last !== undefined && last.alg === alg && bytesEqual(last.message, message)) {
    releaseMessage(message);
    return last.digest.slice();
  }
  // Remembered before the message goes back to the pool (at once for an answer now).
  const remember = (digest: Uint8Array): Uint8Array => {
    if (message.length <= MAX_REMEMBERED) {
      lastCpHash.set(ops, { alg, message: message.slice(), digest: digest.slice() });
    }
    return digest;
  };
  return withMessage(message, (m) => thenMaybe(ops.hash(alg, m), remember));
}

/** rpHash over the response code (0 for every response that carries sessions), command code and parameter area as received. */
export function rpHash(
  crypto: Crypto,
  alg: number,
  responseCode: number,
  commandCode: number,
  parameters: Uint8Array,
): Promise<Uint8Array> {
  return promised(() => rpHashOp(cryptoOps(crypto), alg, responseCode, commandCode, parameters));
}

/** rpHash on the per-command primitives: a value when they answer now. */
export function rpHashOp(
  ops: CryptoOps,
  alg: number,
  responseCode: number,
  commandCode: number,
  parameters: Uint8Array,
): MaybePromise<Uint8Array> {
  hashSize(alg);
  const message = takeMessage(8 + parameters.length);
  putBytes(message, putU32(message, putU32(message, 0, responseCode), commandCode), parameters);
  return withMessage(message, (m) => ops.hash(alg, m));
}
