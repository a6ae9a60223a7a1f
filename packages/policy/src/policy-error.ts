/** The one error type of @tss/policy. */

/** Why a policy could not be computed, read or satisfied. */
export type PolicyErrorCode = "BAD_POLICY" | "BAD_HASH" | "UNSATISFIABLE";

/**
 * A policy error with a stable `code`: BAD_POLICY (a malformed assertion or
 * JSON document), BAD_HASH (a hash algorithm the TPM does not define or the
 * Crypto cannot compute), UNSATISFIABLE (the satisfier lacks what a step needs).
 */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    readonly code: PolicyErrorCode,
    message: string,
  ) {
    super(message);
  }
}
