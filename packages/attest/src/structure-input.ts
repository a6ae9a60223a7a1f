/**
 * The structures a verifier receives, taken as decoded values or as the bytes a
 * TPM (or a utility's file) gives: TPMT_PUBLIC or TPM2B_PUBLIC, TPMT_SIGNATURE,
 * and the attestation octets with or without their TPM2B_ATTEST size.
 */
import type { Infer, TPMS_ATTEST } from "@tss/marshal";
import { MarshalError, TPM2B_PUBLIC, TPMT_PUBLIC, TPMT_SIGNATURE, unmarshal } from "@tss/marshal";
import type { PublicArea, TpmSignature } from "@tss/session";
import { AttestError } from "./attest-error.js";

/** A TPMS_ATTEST value, as the @tss/marshal codec reads it. */
export type AttestStructure = Infer<typeof TPMS_ATTEST>;

/** A public area: a TPMT_PUBLIC value, or the marshalled TPMT_PUBLIC or TPM2B_PUBLIC. */
export type PublicInput = PublicArea | Uint8Array;

/** A signature: a TPMT_SIGNATURE value, or its marshalled bytes (as `tss quote -os` writes them). */
export type SignatureInput = TpmSignature | Uint8Array;

function bigEndian16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function malformed(what: string, e: unknown): AttestError {
  const detail = e instanceof MarshalError ? e.message : String(e);
  return new AttestError("MALFORMED", `${what} does not unmarshal: ${detail}`, { cause: e });
}

/** The TPMT_PUBLIC value of a public area given as a value or as marshalled TPMT_PUBLIC / TPM2B_PUBLIC bytes. */
export function readPublicArea(input: PublicInput, what: string): PublicArea {
  if (input instanceof Uint8Array) {
    // A TPM2B_PUBLIC starts with its size; a TPMT_PUBLIC with its type.
    if (input.length >= 2 && bigEndian16(input, 0) === input.length - 2) {
      try {
        return (unmarshal(TPM2B_PUBLIC, input) as { publicArea: PublicArea }).publicArea;
      } catch {
        // not a TPM2B_PUBLIC after all: read it as a TPMT_PUBLIC below
      }
    }
    try {
      return unmarshal(TPMT_PUBLIC, input) as PublicArea;
    } catch (e) {
      throw malformed(`${what} (TPMT_PUBLIC or TPM2B_PUBLIC)`, e);
    }
  }
  if (input === null || typeof input !== "object") {
    throw new AttestError("BAD_PARAMETER", `${what} must be a TPMT_PUBLIC value or its marshalled bytes`);
  }
  if ("publicArea" in input) return (input as { publicArea: PublicArea }).publicArea;
  return input;
}

/** The TPMT_SIGNATURE value of a signature given as a value or as its marshalled bytes. */
export function readSignature(input: SignatureInput): TpmSignature {
  if (input instanceof Uint8Array) {
    try {
      return unmarshal(TPMT_SIGNATURE, input) as TpmSignature;
    } catch (e) {
      throw malformed("the signature (TPMT_SIGNATURE)", e);
    }
  }
  if (input === null || typeof input !== "object" || typeof (input as { sigAlg?: unknown }).sigAlg !== "number") {
    throw new AttestError("BAD_PARAMETER", "the signature must be a TPMT_SIGNATURE value or its marshalled bytes");
  }
  return input;
}

/**
 * The signed octets of an attestation: the TPM2B_ATTEST buffer (a marshalled
 * TPMS_ATTEST). A TPM2B_ATTEST with its 2-octet size is accepted too: its
 * size is at most 2304, so it never starts with TPM_GENERATED's 0xff.
 */
export function attestOctets(input: Uint8Array): Uint8Array {
  if (!(input instanceof Uint8Array)) {
    throw new AttestError("BAD_PARAMETER", "the attestation must be a Uint8Array (the TPM2B_ATTEST buffer)");
  }
  if (input.length >= 2 && input[0] !== 0xff && bigEndian16(input, 0) === input.length - 2) return input.subarray(2);
  return input;
}
