/**
 * The digests a signer signs for a policy: PolicySigned's aHash and
 * PolicyAuthorize's approval (Part 3, 23.3 and 23.16).
 */
import type { Crypto } from "@tss/marshal";
import { u32 } from "./bytes.js";
import { policyHash } from "./policy-digest.js";

/**
 * PolicySigned's aHash, which the authObject's key signs:
 * H(nonceTPM || expiration (INT32) || cpHashA || policyRef), with the
 * signature scheme's hash.
 */
export function policySignedDigest(
  crypto: Crypto,
  hashAlg: number,
  input: { nonceTPM?: Uint8Array; expiration?: number; cpHashA?: Uint8Array; policyRef?: Uint8Array },
): Promise<Uint8Array> {
  const none = new Uint8Array(0);
  return policyHash(
    crypto,
    hashAlg,
    input.nonceTPM ?? none,
    u32(input.expiration ?? 0),
    input.cpHashA ?? none,
    input.policyRef ?? none,
  );
}

/**
 * PolicyAuthorize's approval, which keySign signs (and VerifySignature turns into
 * the checkTicket): aHash = H(approvedPolicy || policyRef), with keySign's
 * scheme hash.
 */
export function policyApprovalDigest(
  crypto: Crypto,
  hashAlg: number,
  approvedPolicy: Uint8Array,
  policyRef: Uint8Array = new Uint8Array(0),
): Promise<Uint8Array> {
  return policyHash(crypto, hashAlg, approvedPolicy, policyRef);
}
