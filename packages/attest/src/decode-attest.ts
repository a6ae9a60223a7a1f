/**
 * TPMS_ATTEST (TPM 2.0 Part 2, 10.12.12) decoded for a verifier: the magic
 * TPM_GENERATED_VALUE and the type are checked first, each with its own code,
 * then the whole structure is unmarshalled.
 */
import { TPM_ST, TPMS_ATTEST, unmarshal } from "@tss/marshal";
import { AttestError } from "./attest-error.js";
import { type AttestStructure, attestOctets } from "./structure-input.js";

/** TPM_GENERATED_VALUE: 0xff 'T' 'C' 'G', the first octets of every structure a TPM signs. */
export const TPM_GENERATED_VALUE = 0xff544347;

function typeText(type: number): string {
  const name = Object.entries(TPM_ST).find(([, v]) => v === type)?.[0];
  return `${name ? `TPM_ST_${name} ` : ""}(0x${type.toString(16).padStart(4, "0")})`;
}

/**
 * Decodes the octets a TPM signed (the TPM2B_ATTEST buffer, with or without
 * its size) as a TPMS_ATTEST whose type is one of `types` (any when omitted).
 * AttestError BAD_MAGIC when it does not start with TPM_GENERATED_VALUE,
 * WRONG_TYPE for another type, MALFORMED when the rest does not unmarshal
 * (truncated, trailing octets, bad sizes).
 */
export function decodeAttest(attest: Uint8Array, types?: readonly number[]): AttestStructure {
  const bytes = attestOctets(attest);
  if (bytes.length < 6) throw new AttestError("MALFORMED", `an attestation of ${bytes.length} octets is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== TPM_GENERATED_VALUE) {
    throw new AttestError(
      "BAD_MAGIC",
      `the attestation starts with 0x${magic.toString(16).padStart(8, "0")}, not TPM_GENERATED_VALUE 0xff544347`,
    );
  }
  const type = view.getUint16(4);
  if (types && !types.includes(type)) {
    throw new AttestError(
      "WRONG_TYPE",
      `a ${typeText(type)} attestation where ${types.map(typeText).join(" or ")} is expected`,
    );
  }
  try {
    return unmarshal(TPMS_ATTEST, bytes);
  } catch (e) {
    throw new AttestError("MALFORMED", `the attestation does not unmarshal as TPMS_ATTEST: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
