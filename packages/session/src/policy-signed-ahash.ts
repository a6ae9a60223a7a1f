/**
 * The digest an authorizing key signs for TPM2_PolicySigned (Part 3, 23.3):
 * aHash = H(nonceTPM || expiration || cpHashA || policyRef), expiration a
 * big-endian INT32, the other three possibly empty.
 */
import type { Crypto } from "@tss/marshal";
import { concat, u32 } from "./bytes.js";

/** What PolicySigned's aHash covers. */
export interface PolicySignedTerms {
  readonly nonceTPM: Uint8Array;
  readonly expiration: number;
  readonly cpHashA: Uint8Array;
  readonly policyRef: Uint8Array;
}

/** aHash with `hashAlg` (the signature scheme's hash). */
export function policySignedAHash(crypto: Crypto, hashAlg: number, terms: PolicySignedTerms): Promise<Uint8Array> {
  return crypto.hash(hashAlg, concat(terms.nonceTPM, u32(terms.expiration), terms.cpHashA, terms.policyRef));
}
