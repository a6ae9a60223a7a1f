/**
 * A quote checked by a verifier without a TPM (TPM 2.0 Part 3, 18.4
 * TPM2_Quote): the checks of every attestation (verifyAttestation: the AK,
 * the signature, magic and type, the nonce in extraData), then pcrDigest
 * against the digest of the PCR values the verifier expects.
 */
import type { Crypto } from "@tss/marshal";
import { TPM_ST } from "@tss/marshal";
import { pcrDigest } from "@tss/policy";
import { constantTimeEqual } from "@tss/session";
import { AttestError } from "./attest-error.js";
import { type ExpectedPcrs, type PcrSelection, quotedPcrValues } from "./quote-pcrs.js";
import type { AttestStructure, PublicInput, SignatureInput } from "./structure-input.js";
import { type ClockInfo, checkAttestation } from "./verify-attestation.js";

/** What verifyQuote checks. */
export interface VerifyQuoteInput {
  /** The signed octets: TPM2_Quote's `quoted` (the TPM2B_ATTEST buffer; with its size is accepted). */
  readonly attest: Uint8Array;
  /** TPM2_Quote's `signature`: a TPMT_SIGNATURE value or its marshalled bytes. */
  readonly signature: SignatureInput;
  /** The AK's public area (TPMT_PUBLIC value, or marshalled TPMT_PUBLIC / TPM2B_PUBLIC). */
  readonly akPublic: PublicInput;
  /** The verifier's nonce, sent as TPM2_Quote's qualifyingData; extraData must equal it. */
  readonly nonce: Uint8Array;
  /** The PCR values expected, by bank and index; the quote must cover exactly these. */
  readonly pcrs: ExpectedPcrs;
  /** The Crypto contract (hash, verifyRsa, verifyEcdsa) of any plugin. */
  readonly crypto: Crypto;
  /**
   * Accept a signer that is not an AK (restricted, sign, fixedTPM SET; decrypt
   * CLEAR). Default false: such a key can sign a forged structure.
   */
  readonly allowAnySigner?: boolean;
}

/** A quote that verified. */
export interface VerifiedQuote {
  /** The whole decoded TPMS_ATTEST. */
  readonly attest: AttestStructure;
  /** The qualified Name of the AK. */
  readonly qualifiedSigner: Uint8Array;
  /** extraData: the nonce. */
  readonly extraData: Uint8Array;
  readonly clockInfo: ClockInfo;
  /** The TPM vendor's firmware version. */
  readonly firmwareVersion: bigint;
  /** The quoted selection, as in the quote. */
  readonly pcrSelect: readonly PcrSelection[];
  /** The quoted pcrDigest (equal to the digest of the expected PCRs). */
  readonly pcrDigest: Uint8Array;
  /** The signature scheme's hash (also the hash of pcrDigest). */
  readonly hashAlg: number;
}

/**
 * Verifies a TPM2_Quote: the signature (RSASSA, RSAPSS or ECDSA; the hash is
 * the scheme's) over the attestation octets with the AK's public key, the
 * magic TPM_GENERATED_VALUE, type TPM_ST_ATTEST_QUOTE, extraData equal to
 * `nonce`, and pcrDigest equal to the digest (scheme hash) of the expected PCR
 * values in the quote's pcrSelect order. The AK must be a restricted signing
 * key fixed to its TPM (see checkAttestationSigner) unless `allowAnySigner`.
 * Returns the decoded quote. Throws AttestError: BAD_SIGNER, BAD_SIGNATURE
 * (checked before the contents, so any change to the octets is
 * BAD_SIGNATURE), BAD_MAGIC, WRONG_TYPE, MALFORMED, NONCE_MISMATCH,
 * PCR_MISMATCH, UNSUPPORTED_ALGORITHM, NO_CRYPTO, BAD_PARAMETER.
 */
export async function verifyQuote(input: VerifyQuoteInput): Promise<VerifiedQuote> {
  if (input === null || typeof input !== "object") {
    throw new AttestError("BAD_PARAMETER", "verifyQuote needs { attest, signature, akPublic, nonce, pcrs, crypto }");
  }
  const { attest, hashAlg } = await checkAttestation(
    {
      attest: input.attest,
      signature: input.signature,
      signerPublic: input.akPublic,
      qualifyingData: input.nonce,
      types: [TPM_ST.ATTEST_QUOTE],
      crypto: input.crypto,
      ...(input.allowAnySigner ? { allowAnySigner: true } : {}),
    },
    "the AK",
    "nonce",
  );
  const quote = (attest.attested as { quote: { pcrSelect: PcrSelection[]; pcrDigest: Uint8Array } }).quote;
  const values = quotedPcrValues(quote.pcrSelect, input.pcrs);
  // A quote's pcrDigest is computed as PolicyPCR's: H(the selected values concatenated).
  const expected = await pcrDigest(input.crypto, hashAlg, values);
  if (!constantTimeEqual(expected, quote.pcrDigest)) {
    throw new AttestError("PCR_MISMATCH", "the quoted pcrDigest is not the digest of the expected PCR values");
  }
  return {
    attest,
    qualifiedSigner: attest.qualifiedSigner,
    extraData: attest.extraData,
    clockInfo: attest.clockInfo,
    firmwareVersion: attest.firmwareVersion,
    pcrSelect: quote.pcrSelect,
    pcrDigest: quote.pcrDigest,
    hashAlg,
  };
}
