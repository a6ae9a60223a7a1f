/**
 * The authPolicy digests of the TCG EK Credential Profile's EK templates
 * (v2.4 rev 3 and later, section 2.1.5 / appendix B):
 *
 * - PolicyA: TPM2_PolicySecret(TPM_RH_ENDORSEMENT) with an empty policyRef, the
 *   low-range (L-1, L-2) authPolicy, SHA-256 only.
 * - PolicyB: TPM2_PolicyOR(PolicyA, PolicyC), where PolicyC is
 *   TPM2_PolicyAuthorizeNV of the profile's policy index (I-1 0x01C07F01 for
 *   SHA-256, I-2 and I-3 for SHA-384 and SHA-512), the high-range authPolicy.
 *
 * Values as published in the profile and carried alike by tpm2-tools
 * (tools/tpm2_createek.c: policy_a_sha256, policy_b_sha384, policy_b_sha512,
 * policy_b_sm3_256) and go-tpm-tools (PolicyB SHA256 in its H-1 template). Our
 * tests recompute PolicyA and PolicyB(SHA-256) from their definitions.
 */

function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** PolicyA, SHA-256: PolicySecret(TPM_RH_ENDORSEMENT); the L-1 and L-2 authPolicy. */
export const EK_POLICY_A_SHA256: Uint8Array = hex("837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
/** PolicyC, SHA-256: PolicyAuthorizeNV of index I-1 (0x01C07F01). */
export const EK_POLICY_C_SHA256: Uint8Array = hex("3767e2edd43ff45a3a7e1eaefcef78643dca964632e7aad82c673a30d8633fde");
/** PolicyB, SHA-256: PolicyOR(PolicyA, PolicyC); the H-1 and H-2 authPolicy. */
export const EK_POLICY_B_SHA256: Uint8Array = hex("ca3d0a99a2b93906f7a3342414efcfb3a385d44cd1fd459089d19b5071c0b7a0");
/** PolicyB, SHA-384; the H-3, H-6 and H-7 authPolicy. */
export const EK_POLICY_B_SHA384: Uint8Array = hex(
  "b26e7d28d11a50bc53d882bcf5fd3a1a074148bb35d3b4e4cb1c0ad9bde419cacb47ba09699646150f9fc000f3f80e12",
);
/** PolicyB, SHA-512; the H-4 authPolicy. */
export const EK_POLICY_B_SHA512: Uint8Array = hex(
  "b8221ca69e8550a4914de3faa6a18c072cc01208073a928d5d66d59ef79e49a429c41a6b269571d57edb25fbdb1838425608b413cd616a5f6db5b6071af99bea",
);
/** PolicyB, SM3-256; the H-5 authPolicy. */
export const EK_POLICY_B_SM3_256: Uint8Array = hex("167860a35f2c5c3567f9c927ac56c032f3b3a6462f8d037998e7a10f77fa454a");
