/**
 * @tss/attest: the verifier's side of TPM 2.0 attestation, without a TPM.
 * Quotes and certifications checked in software (TPMS_ATTEST decoding, the
 * signature with the signer's public area, the nonce, the PCR digest, the
 * certified Name) and MakeCredential for the enrolment handshake (a secret
 * that only the TPM holding the EK and the AK recovers). Browser-safe:
 * Uint8Array and bigint, no node: modules; any Crypto plugin.
 */

export { AttestError, type AttestErrorCode } from "./attest-error.js";
export { AK_REQUIRED_ATTRIBUTES, checkAttestationSigner } from "./attestation-signer.js";
export { decodeAttest, TPM_GENERATED_VALUE } from "./decode-attest.js";
export { type Credential, type MakeCredentialInput, makeCredential } from "./make-credential.js";
export { objectNameOf } from "./object-name.js";
export {
  type ExpectedPcrs,
  type PcrSelection,
  pcrSelectionOf,
  quotedPcrValues,
} from "./quote-pcrs.js";
export {
  type AttestStructure,
  attestOctets,
  type PublicInput,
  readPublicArea,
  readSignature,
  type SignatureInput,
} from "./structure-input.js";
export { signatureHashAlg, verifyAttestSignature } from "./verify-attest-signature.js";
export {
  type ClockInfo,
  checkNonce,
  type VerifiedAttestation,
  type VerifyAttestationInput,
  verifyAttestation,
} from "./verify-attestation.js";
export { type VerifiedCertification, type VerifyCertifyInput, verifyCertify } from "./verify-certify.js";
export { type VerifiedQuote, type VerifyQuoteInput, verifyQuote } from "./verify-quote.js";
