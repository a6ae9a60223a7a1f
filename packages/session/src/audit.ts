/**
 * Audit sessions (TPM 2.0 Part 1, 19.6.x "Audit"; Part 3, TPM2_GetSessionAuditDigest):
 * the session's digest starts at zeros of the session hash's size (when the
 * session first audits or auditReset is set) and is extended per command:
 *
 *   auditDigest = H(auditDigest || cpHash || rpHash)
 */
import type { Crypto } from "@tss/marshal";
import { hashSize } from "./hash-alg.js";
import { putBytes, takeMessage, withMessage } from "./message-buffer.js";
import { type CryptoOps, cryptoOps, type MaybePromise, promised } from "./steps.js";

/** The audit digest a session starts from. */
export function initialAuditDigest(hashAlg: number): Uint8Array {
  return new Uint8Array(hashSize(hashAlg));
}

/** Extends an audit digest with one command's cpHash and rpHash. */
export function extendAuditDigest(
  crypto: Crypto,
  hashAlg: number,
  auditDigest: Uint8Array,
  cpHash: Uint8Array,
  rpHash: Uint8Array,
): Promise<Uint8Array> {
  return promised(() => extendAuditDigestOp(cryptoOps(crypto), hashAlg, auditDigest, cpHash, rpHash));
}

/** extendAuditDigest on the per-command primitives: a value when they answer now. */
export function extendAuditDigestOp(
  ops: CryptoOps,
  hashAlg: number,
  auditDigest: Uint8Array,
  cpHash: Uint8Array,
  rpHash: Uint8Array,
): MaybePromise<Uint8Array> {
  const message = takeMessage(auditDigest.length + cpHash.length + rpHash.length);
  putBytes(message, putBytes(message, putBytes(message, 0, auditDigest), cpHash), rpHash);
  return withMessage(message, (m) => ops.hash(hashAlg, m));
}
