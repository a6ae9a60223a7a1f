/**
 * @tss/policy: an offline TPM 2.0 policy calculator. The policy digest of every
 * TPM2_Policy* assertion (Part 3, chapter 23) on the Crypto contract, a builder,
 * policy trees as JSON, and the commands that satisfy a policy in a session.
 */

export type * from "./assertions.js";
export { policyApprovalDigest, policySignedDigest } from "./authorization-digests.js";
export { bytesEqual, fromHex, toHex } from "./bytes.js";
export { pcrDigest, pcrSelection, selectedPcrs } from "./pcr-digest.js";
export { PolicyBuilder, policy } from "./policy-builder.js";
export {
  applyAssertion,
  applyAssertions,
  extendPolicy,
  initialPolicyDigest,
  operandArgs,
  policyDigest,
  policyHash,
  policyHashSize,
  policyUpdate,
  ticketCommandCode,
} from "./policy-digest.js";
export { PolicyError, type PolicyErrorCode } from "./policy-error.js";
export { policyFromJson, policyToJson, policyToJsonValue } from "./policy-json.js";
export {
  checkPolicyDigest,
  type PolicyCommand,
  type PolicyExecute,
  type PolicyTicketInput,
  policyCommands,
  type SatisfyOptions,
  type SignedAuthorization,
  satisfyPolicy,
} from "./satisfy-policy.js";
