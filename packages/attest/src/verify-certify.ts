/**
 * A certification checked by a verifier without a TPM (TPM 2.0 Part 3, 18.2
 * TPM2_Certify and 18.3 TPM2_CertifyCreation): the signature over the
 * TPMS_ATTEST octets with the signer's public area, the magic and type, the
 * qualifyingData in extraData, and the certified Name against the Name of the
 * object the verifier expects (from its public area, or given).
 */
import type { Crypto } from "@tss/marshal";
import { TPM_ST } from "@tss/marshal";
import { AttestError } from "./attest-error.js";
import { objectNameOf } from "./object-name.js";
import type { AttestStructure, PublicInput, SignatureInput } from "./structure-input.js";
import { needCrypto } from "./verify-attest-signature.js";
import { type ClockInfo, checkAttestation } from "./verify-attestation.js";

/** What verifyCertify checks. Give objectPublic, objectName, or both (then both must match). */
export interface VerifyCertifyInput {
  /** The signed octets: `certifyInfo` of TPM2_Certify or TPM2_CertifyCreation. */
  readonly attest: Uint8Array;
  /** The command's `signature`: a TPMT_SIGNATURE value or its marshalled bytes. */
  readonly signature: SignatureInput;
  /** The signing key's public area (TPMT_PUBLIC value, or marshalled TPMT_PUBLIC / TPM2B_PUBLIC). */
  readonly signerPublic: PublicInput;
  /** The certified object's public area: its Name is computed with its nameAlg. */
  readonly objectPublic?: PublicInput;
  /** The certified object's Name. */
  readonly objectName?: Uint8Array;
  /** The verifier's qualifyingData; extraData must equal it. */
  readonly qualifyingData: Uint8Array;
  /** The Crypto contract (hash, verifyRsa, verifyEcdsa) of any plugin. */
  readonly crypto: Crypto;
  /**
   * Accept a signer that is not an AK (restricted, sign, fixedTPM SET; decrypt
   * CLEAR). Default false: such a key can sign a forged structure.
   */
  readonly allowAnySigner?: boolean;
}

/** A certification that verified. */
export interface VerifiedCertification {
  /** TPM_ST_ATTEST_CERTIFY or TPM_ST_ATTEST_CREATION. */
  readonly type: number;
  /** The whole decoded TPMS_ATTEST. */
  readonly attest: AttestStructure;
  /** The certified Name (equal to the expected object's). */
  readonly name: Uint8Array;
  /** TPM_ST_ATTEST_CERTIFY: the object's qualified Name. */
  readonly qualifiedName?: Uint8Array;
  /** TPM_ST_ATTEST_CREATION: the creationHash attested (compare it with the object's creation data digest). */
  readonly creationHash?: Uint8Array;
  /** The qualified Name of the signer. */
  readonly qualifiedSigner: Uint8Array;
  readonly extraData: Uint8Array;
  readonly clockInfo: ClockInfo;
  readonly firmwareVersion: bigint;
  /** The signature scheme's hash. */
  readonly hashAlg: number;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Verifies a TPM2_Certify (TPM_ST_ATTEST_CERTIFY) or TPM2_CertifyCreation
 * (TPM_ST_ATTEST_CREATION) attestation: the signature with the signer's
 * public key, magic, type, extraData equal to `qualifyingData`, and the
 * certified Name equal to the Name of `objectPublic` (nameAlg ||
 * H(TPMT_PUBLIC)) and/or `objectName`. The signer must be an AK (see
 * checkAttestationSigner) unless `allowAnySigner`. Throws AttestError:
 * BAD_SIGNER, BAD_SIGNATURE,
 * BAD_MAGIC, WRONG_TYPE, MALFORMED, NONCE_MISMATCH, NAME_MISMATCH,
 * UNSUPPORTED_ALGORITHM, NO_CRYPTO, BAD_PARAMETER.
 */
export async function verifyCertify(input: VerifyCertifyInput): Promise<VerifiedCertification> {
  if (input === null || typeof input !== "object") {
    throw new AttestError(
      "BAD_PARAMETER",
      "verifyCertify needs { attest, signature, signerPublic, objectPublic or objectName, qualifyingData, crypto }",
    );
  }
  const crypto = needCrypto(input.crypto);
  if (input.objectPublic === undefined && input.objectName === undefined) {
    throw new AttestError("BAD_PARAMETER", "verifyCertify needs the expected object: objectPublic or objectName");
  }
  if (input.objectName !== undefined && !(input.objectName instanceof Uint8Array)) {
    throw new AttestError("BAD_PARAMETER", "objectName must be a Uint8Array");
  }
  const expectedNames: Uint8Array[] = [];
  if (input.objectPublic !== undefined) expectedNames.push(await objectNameOf(crypto, input.objectPublic));
  if (input.objectName !== undefined) expectedNames.push(input.objectName);
  const { attest, hashAlg } = await checkAttestation(
    {
      attest: input.attest,
      signature: input.signature,
      signerPublic: input.signerPublic,
      qualifyingData: input.qualifyingData,
      types: [TPM_ST.ATTEST_CERTIFY, TPM_ST.ATTEST_CREATION],
      crypto,
      ...(input.allowAnySigner ? { allowAnySigner: true } : {}),
    },
    "signerPublic",
    "qualifyingData",
  );
  const attested = attest.attested as {
    certify?: { name: Uint8Array; qualifiedName: Uint8Array };
    creation?: { objectName: Uint8Array; creationHash: Uint8Array };
  };
  const name = attested.certify?.name ?? attested.creation?.objectName;
  if (!name) throw new AttestError("MALFORMED", "the attestation carries no certified Name");
  for (const expected of expectedNames) {
    if (!sameBytes(name, expected)) {
      throw new AttestError("NAME_MISMATCH", "the certified Name is not the Name of the expected object");
    }
  }
  return {
    type: attest.type,
    attest,
    name,
    ...(attested.certify ? { qualifiedName: attested.certify.qualifiedName } : {}),
    ...(attested.creation ? { creationHash: attested.creation.creationHash } : {}),
    qualifiedSigner: attest.qualifiedSigner,
    extraData: attest.extraData,
    clockInfo: attest.clockInfo,
    firmwareVersion: attest.firmwareVersion,
    hashAlg,
  };
}
