/**
 * Authorization HMACs (TPM 2.0 Part 1, 19.6.5 "HMAC Computation" and 19.6.6
 * "Response HMAC").
 *
 *   command:  HMAC(sessionKey || authValue, cpHash || nonceCaller || nonceTPM
 *                  [|| nonceTPM of the decrypt session] [|| nonceTPM of the encrypt session]
 *                  || sessionAttributes)
 *   response: HMAC(sessionKey || authValue, rpHash || nonceTPM || nonceCaller || sessionAttributes)
 *
 * The response uses the new nonceTPM and the command's nonceCaller.
 */
import type { Crypto } from "@tss/marshal";
import { putBytes, takeMessage, withMessage } from "./message-buffer.js";
import { type CryptoOps, cryptoOps, type MaybePromise, promised } from "./steps.js";

/** The command HMAC of one session; `extraNonces` only for the first authorization session. */
export function commandHmac(
  crypto: Crypto,
  authHash: number,
  key: Uint8Array,
  cpHash: Uint8Array,
  nonceCaller: Uint8Array,
  nonceTPM: Uint8Array,
  extraNonces: readonly Uint8Array[],
  sessionAttributes: number,
): Promise<Uint8Array> {
  return promised(() =>
    commandHmacOp(cryptoOps(crypto), authHash, key, cpHash, nonceCaller, nonceTPM, extraNonces, sessionAttributes),
  );
}

/** commandHmac on the per-command primitives: a value when they answer now. */
export function commandHmacOp(
  ops: CryptoOps,
  authHash: number,
  key: Uint8Array,
  cpHash: Uint8Array,
  nonceCaller: Uint8Array,
  nonceTPM: Uint8Array,
  extraNonces: readonly Uint8Array[],
  sessionAttributes: number,
): MaybePromise<Uint8Array> {
  let length = cpHash.length + nonceCaller.length + nonceTPM.length + 1;
  for (let i = 0; i < extraNonces.length; i++) length += extraNonces[i]!.length;
  const message = takeMessage(length);
  let at = putBytes(message, putBytes(message, putBytes(message, 0, cpHash), nonceCaller), nonceTPM);
  for (let i = 0; i < extraNonces.length; i++) at = putBytes(message, at, extraNonces[i]!);
  message[at] = sessionAttributes & 0xff;
  return withMessage(message, (m) => ops.hmac(authHash, key, m));
}

/** The response HMAC of one session. */
export function responseHmac(
  crypto: Crypto,
  authHash: number,
  key: Uint8Array,
  rpHash: Uint8Array,
  nonceTPM: Uint8Array,
  nonceCaller: Uint8Array,
  sessionAttributes: number,
): Promise<Uint8Array> {
  return promised(() =>
    responseHmacOp(cryptoOps(crypto), authHash, key, rpHash, nonceTPM, nonceCaller, sessionAttributes),
  );
}

/** responseHmac on the per-command primitives: a value when they answer now. */
export function responseHmacOp(
  ops: CryptoOps,
  authHash: number,
  key: Uint8Array,
  rpHash: Uint8Array,
  nonceTPM: Uint8Array,
  nonceCaller: Uint8Array,
  sessionAttributes: number,
): MaybePromise<Uint8Array> {
  const message = takeMessage(rpHash.length + nonceTPM.length + nonceCaller.length + 1);
  const at = putBytes(message, putBytes(message, putBytes(message, 0, rpHash), nonceTPM), nonceCaller);
  message[at] = sessionAttributes & 0xff;
  return withMessage(message, (m) => ops.hmac(authHash, key, m));
}
