/**
 * The failures of @tss/attest, each with a stable `code`: what a verifier
 * rejects (a signature that does not verify, a stale nonce, PCRs that are not
 * the expected ones, an object that is not the one certified) and what it
 * cannot judge (malformed input, an algorithm it does not handle).
 */

/** Stable codes of AttestError. */
export type AttestErrorCode =
  /** The structure does not start with TPM_GENERATED_VALUE (0xff 'T' 'C' 'G'): the TPM did not make it. */
  | "BAD_MAGIC"
  /** A TPMS_ATTEST of another type than the one asked for (a certification where a quote is expected, ...). */
  | "WRONG_TYPE"
  /** The signature does not verify over the attestation with the signer's public key (or does not fit that key). */
  | "BAD_SIGNATURE"
  /** extraData is not the verifier's nonce (qualifyingData). */
  | "NONCE_MISMATCH"
  /** The quoted PCR digest is not the digest of the expected PCR values, or the selection is not the expected one. */
  | "PCR_MISMATCH"
  /** The certified Name is not the Name of the expected object. */
  | "NAME_MISMATCH"
  /** The signer is not an attestation key (restricted, sign and fixedTPM SET, decrypt CLEAR). */
  | "BAD_SIGNER"
  /** A signature scheme, hash, curve or key type this package (or the Crypto given) does not handle. */
  | "UNSUPPORTED_ALGORITHM"
  /** Bytes that do not unmarshal as the structure they should be (TPMS_ATTEST, TPMT_SIGNATURE, TPMT_PUBLIC). */
  | "MALFORMED"
  /** The Crypto given lacks what the check needs (hash, verifyRsa, verifyEcdsa), or none was given. */
  | "NO_CRYPTO"
  /** A caller's argument is not valid (a wrong type, a key that cannot receive a credential, ...). */
  | "BAD_PARAMETER";

/** A failure in @tss/attest, with a stable `code`. */
export class AttestError extends Error {
  override readonly name = "AttestError";
  constructor(
    readonly code: AttestErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
