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
import { concat } from "./bytes.js";

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
  return crypto.hmac(
    authHash,
    key,
    concat(cpHash, nonceCaller, nonceTPM, ...extraNonces, new Uint8Array([sessionAttributes & 0xff])),
  );
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
  return crypto.hmac(authHash, key, concat(rpHash, nonceTPM, nonceCaller, new Uint8Array([sessionAttributes & 0xff])));
}
