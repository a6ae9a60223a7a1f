/**
 * The PCRs of a quote (TPM 2.0 Part 3, 18.4 TPM2_Quote): pcrDigest is the
 * digest, with the signing scheme's hash, of the selected PCR values
 * concatenated, banks in the order of pcrSelect and PCRs ascending in each
 * bank (PCR n is octet n/8, bit n%8 of the bank's pcrSelect).
 */
import { digestSize } from "@tss/marshal";
import { selectedPcrs } from "@tss/policy";
import { AttestError } from "./attest-error.js";

/**
 * The PCR values a verifier expects: by bank (a TPM_ALG_ID hash, e.g.
 * `TPM_ALG_ID.SHA256`) then by PCR index, e.g. `{ [TPM_ALG_ID.SHA256]: { 0: v0, 7: v7 } }`.
 */
export type ExpectedPcrs = Readonly<Record<number, Readonly<Record<number, Uint8Array>>>>;

/** One bank of a PCR selection (TPMS_PCR_SELECTION). */
export interface PcrSelection {
  /** The bank: a TPM_ALG_ID hash. */
  readonly hash: number;
  /** The bitmap: PCR n is octet n/8, bit n%8. */
  readonly pcrSelect: Uint8Array;
}

function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, "0")}`;
}

/** The expected values as bank -> index -> value, each checked (hash banks, integer indexes, digest-sized values). */
function expectedBanks(pcrs: ExpectedPcrs): Map<number, Map<number, Uint8Array>> {
  if (pcrs === null || typeof pcrs !== "object") {
    throw new AttestError("BAD_PARAMETER", "the expected PCRs must be { [hashAlg]: { [index]: value } }");
  }
  const banks = new Map<number, Map<number, Uint8Array>>();
  for (const [bankKey, values] of Object.entries(pcrs)) {
    const bank = Number(bankKey);
    const size = Number.isInteger(bank) ? digestSize(bank) : 0;
    if (size === 0) throw new AttestError("BAD_PARAMETER", `PCR bank ${bankKey} is not a TPM hash algorithm`);
    if (values === null || typeof values !== "object") {
      throw new AttestError("BAD_PARAMETER", `PCR bank ${hex16(bank)}: values must be { [index]: value }`);
    }
    const indexes = new Map<number, Uint8Array>();
    for (const [indexKey, value] of Object.entries(values)) {
      const index = Number(indexKey);
      if (!Number.isInteger(index) || index < 0 || index >= 8 * 255) {
        throw new AttestError("BAD_PARAMETER", `PCR index ${indexKey} in bank ${hex16(bank)}`);
      }
      if (!(value instanceof Uint8Array) || value.length !== size) {
        throw new AttestError(
          "BAD_PARAMETER",
          `PCR ${index} of bank ${hex16(bank)} must be a ${size}-octet Uint8Array`,
        );
      }
      indexes.set(index, value);
    }
    banks.set(bank, indexes);
  }
  return banks;
}

/**
 * The TPML_PCR_SELECTION (for TPM2_Quote's PCRselect) of the expected PCRs:
 * banks in ascending algorithm order, each with a bitmap of at least
 * `sizeofSelect` octets (3, the usual 24 PCRs).
 */
export function pcrSelectionOf(pcrs: ExpectedPcrs, sizeofSelect = 3): PcrSelection[] {
  return [...expectedBanks(pcrs)]
    .sort(([a], [b]) => a - b)
    .map(([hash, values]) => {
      const top = Math.max(-1, ...values.keys());
      const pcrSelect = new Uint8Array(Math.max(sizeofSelect, (top >> 3) + 1));
      for (const index of values.keys()) pcrSelect[index >> 3]! |= 1 << (index & 7);
      return { hash, pcrSelect };
    });
}

/**
 * The expected values of the PCRs a quote selects, in the quote's order.
 * AttestError PCR_MISMATCH when the selection and the expected PCRs differ:
 * a selected PCR without an expected value, or an expected PCR the quote does
 * not cover (a verifier that asks for PCR 7 must get PCR 7 attested).
 */
export function quotedPcrValues(pcrSelect: readonly PcrSelection[], pcrs: ExpectedPcrs): Uint8Array[] {
  const banks = expectedBanks(pcrs);
  const covered = new Set<string>();
  const values: Uint8Array[] = [];
  for (const { hash, pcrSelect: bitmap } of pcrSelect) {
    for (const index of selectedPcrs({ hash, pcrSelect: bitmap })) {
      const value = banks.get(hash)?.get(index);
      if (!value) {
        throw new AttestError(
          "PCR_MISMATCH",
          `the quote covers PCR ${index} of bank ${hex16(hash)}, which is not expected`,
        );
      }
      values.push(value);
      covered.add(`${hash}:${index}`);
    }
  }
  for (const [hash, indexes] of banks) {
    for (const index of indexes.keys()) {
      if (!covered.has(`${hash}:${index}`)) {
        throw new AttestError("PCR_MISMATCH", `PCR ${index} of bank ${hex16(hash)} is expected but not quoted`);
      }
    }
  }
  return values;
}
