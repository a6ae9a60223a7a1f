/**
 * The failures of @tss/ekcert, each with a stable `code`. TPM response codes
 * still arrive as @tss/marshal's TpmError; bad arguments to the TSS as TssError.
 */

import type { Certificate } from "./x509-certificate.js";

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
  /** No issuer for a certificate among the intermediates and roots (none with its issuer Name and key identifier). */
  | "NO_ISSUER"
  /** A signature in the chain does not verify with its issuer's key. */
  | "BAD_SIGNATURE"
  /** A certificate's notAfter is before the validation time (when dates are checked). */
  | "EXPIRED"
  /** A certificate's notBefore is after the validation time (when dates are checked). */
  | "NOT_YET_VALID"
  /** The path ends at a self-signed certificate that is not one of the roots. */
  | "UNTRUSTED_ROOT"
  /** An issuing certificate is not a CA (basicConstraints cA FALSE or absent, or keyUsage without keyCertSign). */
  | "NOT_A_CA"
  /** The path is longer than an issuer's pathLenConstraint or the overall limit (maxLength). */
  | "PATH_TOO_LONG"
  /** A certificate's signature algorithm, or its issuer's key type or curve, is not one this package verifies. */
  | "UNSUPPORTED_ALGORITHM"
  /** An algorithm, curve or key type this package does not handle (outside chain verification). */
  | "UNSUPPORTED"
  /** fetchIntermediates: a URL that is not http: or https:. */
  | "BAD_URL"
  /** fetchIntermediates: the request failed (network error, HTTP status other than 2xx, time-out, abort). */
  | "FETCH_FAILED"
  /** fetchIntermediates: a reply larger than maxBytes. */
  | "TOO_LARGE"
  /** fetchIntermediates: maxCertificates reached; URLs not followed. */
  | "LIMIT_REACHED"
  /** Verification needs the Crypto contract's hash/verifyRsa/verifyEcdsa and none was given. */
  | "NO_CRYPTO"
  /** A caller's argument is not valid. */
  | "BAD_PARAMETER";

/** What an EkCertError may carry besides its message. */
export interface EkCertErrorOptions {
  readonly cause?: unknown;
  /** The certificate the failure concerns (chain verification: the one expired, unsigned, not a CA, ...). */
  readonly certificate?: Certificate;
}

/** A failure in @tss/ekcert, with a stable `code` and, for chain failures, the `certificate` concerned. */
export class EkCertError extends Error {
  override readonly name = "EkCertError";
  /** The certificate the failure concerns, when there is one. */
  readonly certificate?: Certificate;
  constructor(
    readonly code: EkCertErrorCode,
    message: string,
    options?: EkCertErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    if (options?.certificate !== undefined) this.certificate = options.certificate;
  }
}
