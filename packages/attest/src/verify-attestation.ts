/**
 * The checks every attestation shares (TPM 2.0 Part 3, 18 "Attestation
 * Commands"; TPMS_ATTEST, Part 2, 10.12.12): the signer is an AK, the
 * signature over the TPMS_ATTEST octets verifies with its public area, the
 * magic and the type are right, and extraData is the verifier's
 * qualifyingData. verifyQuote and verifyCertify add their own checks; other
 * attestations (TPM2_GetTime, TPM2_NV_Certify, the audit digests) are checked
 * with this and read from the decoded structure.
 */
import type { Crypto } from "@tss/marshal";
import { constantTimeEqual } from "@tss/session";
import { AttestError } from "./attest-error.js";
import { checkAttestationSigner } from "./attestation-signer.js";
import { decodeAttest } from "./decode-attest.js";
import {
  type AttestStructure,
  attestOctets,
  type PublicInput,
  readPublicArea,
  readSignature,
  type SignatureInput,
} from "./structure-input.js";
import { needCrypto, verifyAttestSignature } from "./verify-attest-signature.js";

/** What verifyAttestation checks. */
export interface VerifyAttestationInput {
  /** The signed octets: the command's TPM2B_ATTEST buffer (with its size is accepted). */
  readonly attest: Uint8Array;
  /** The command's `signature`: a TPMT_SIGNATURE value or its marshalled bytes. */
  readonly signature: SignatureInput;
  /** The signing key's public area (TPMT_PUBLIC value, or marshalled TPMT_PUBLIC / TPM2B_PUBLIC). */
  readonly signerPublic: PublicInput;
  /** The verifier's qualifyingData (its nonce); extraData must equal it. */
  readonly qualifyingData: Uint8Array;
  /** The TPM_ST_ATTEST_* types accepted (any when omitted). */
  readonly types?: readonly number[];
  /** The Crypto contract (hash, verifyRsa, verifyEcdsa) of any plugin. */
  readonly crypto: Crypto;
  /**
   * Accept a signer that is not an AK (restricted, sign, fixedTPM SET; decrypt
   * CLEAR). Default false: such a key can sign a forged structure.
   */
  readonly allowAnySigner?: boolean;
}

/** The TPMS_CLOCK_INFO of an attestation. */
export interface ClockInfo {
  /** Milliseconds that advance while the TPM is powered (TPM2_ClockSet moves it forward, TPM2_Clear resets it). */
  readonly clock: bigint;
  readonly resetCount: number;
  readonly restartCount: number;
  /** TPMI_YES_NO: true when the clock has not gone backwards since it was last saved. */
  readonly safe: boolean;
}

/** An attestation that verified: the decoded structure and the signature scheme's hash. */
export interface VerifiedAttestation {
  /** The whole decoded TPMS_ATTEST. */
  readonly attest: AttestStructure;
  /** The signature scheme's hash. */
  readonly hashAlg: number;
}

/** Checks that extraData is the verifier's nonce; AttestError NONCE_MISMATCH otherwise. */
export function checkNonce(extraData: Uint8Array, nonce: Uint8Array, what = "nonce"): void {
  if (!(nonce instanceof Uint8Array)) throw new AttestError("BAD_PARAMETER", `the ${what} must be a Uint8Array`);
  if (!constantTimeEqual(extraData, nonce)) {
    throw new AttestError("NONCE_MISMATCH", `extraData (${extraData.length} octets) is not the ${what} sent`);
  }
}

/**
 * Verifies any attestation: the signer is an AK (unless `allowAnySigner`),
 * the signature (RSASSA, RSAPSS or ECDSA, with the scheme's hash) verifies
 * over the octets before anything in them is read, then the magic, a type
 * among `types`, and extraData equal to `qualifyingData`. Returns the decoded
 * TPMS_ATTEST. Throws AttestError: BAD_SIGNER, BAD_SIGNATURE, BAD_MAGIC,
 * WRONG_TYPE, MALFORMED, NONCE_MISMATCH, UNSUPPORTED_ALGORITHM, NO_CRYPTO,
 * BAD_PARAMETER.
 */
export async function verifyAttestation(input: VerifyAttestationInput): Promise<VerifiedAttestation> {
  return checkAttestation(input, "the signer", "qualifyingData");
}

/** verifyAttestation with the words its callers use in messages ("the AK", "nonce"). */
export async function checkAttestation(
  input: VerifyAttestationInput,
  signerWord: string,
  nonceWord: string,
): Promise<VerifiedAttestation> {
  const crypto = needCrypto(input.crypto);
  const signed = attestOctets(input.attest);
  const signature = readSignature(input.signature);
  const signerPublic = readPublicArea(input.signerPublic, signerWord);
  if (!input.allowAnySigner) checkAttestationSigner(signerPublic, signerWord);
  const hashAlg = await verifyAttestSignature(crypto, signed, signature, signerPublic);
  const attest = decodeAttest(signed, input.types);
  checkNonce(attest.extraData, input.qualifyingData, nonceWord);
  return { attest, hashAlg };
}
