/**
 * The failures of @tss/ekcert, each with a stable `code`. TPM response codes
 * still arrive as @tss/marshal's TpmError; bad arguments to the TSS as TssError.
 */

/** Stable codes of EkCertError. */
export type EkCertErrorCode =
  /** The NV index (certificate, nonce or template) is not defined on this TPM. */
  | "NV_INDEX_ABSENT"
  /** The NV index is defined but empty (TPMA_NV_WRITTEN clear) or holds nothing usable. */
  | "NV_INDEX_EMPTY"
  /** The bytes are not a DER X.509 certificate (or the PEM around them is bad). */
  | "BAD_CERTIFICATE"
  /** The certificate's public key is not the EK's. */
  | "KEY_MISMATCH"
  /** No issuer for a certificate among the intermediates and roots. */
  | "NO_ISSUER"
  /** A signature in the chain does not verify. */
  | "BAD_SIGNATURE"
  /** A certificate is outside its validity period (when dates are checked). */
  | "EXPIRED"
  /** An issuing certificate is not a CA (basicConstraints cA FALSE or absent on a v3 certificate). */
  | "NOT_A_CA"
  /** The chain is longer than allowed, or loops. */
  | "CHAIN_TOO_LONG"
  /** An algorithm, curve or key type this package does not handle. */
  | "UNSUPPORTED"
  /** Verification needs the Crypto contract's hash/verifyRsa/verifyEcdsa and none was given. */
  | "NO_CRYPTO"
  /** A caller's argument is not valid. */
  | "BAD_PARAMETER";

/** A failure in @tss/ekcert, with a stable `code`. */
export class EkCertError extends Error {
  override readonly name = "EkCertError";
  constructor(
    readonly code: EkCertErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
