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
  const message = takeMessage(auditDigest.length + cpHash.length + rpHash.length);
  putBytes(message, putBytes(message, putBytes(message, 0, auditDigest), cpHash), rpHash);
  return withMessage(message, (m) => crypto.hash(hashAlg, m));
}
