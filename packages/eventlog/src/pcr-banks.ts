/** Simulated PCR banks: extend in software and compare with the values a TPM reports. */
import { type Crypto, digestSize } from "@tss/marshal";
import { EventLogError } from "./event-log-error.js";

/** PCR values by bank: a TPM_ALG_ID to the values of PCR 0, 1, 2, ... in that bank. */
export type PcrBanks = Map<number, Uint8Array[]>;

/** The number of PCRs of a PC Client TPM (IMPLEMENTATION_PCR). */
export const PC_CLIENT_PCR_COUNT = 24;

/**
 * PCR values at TPM2_Startup(CLEAR) for the given banks: all zeros, except PCRs 17-22
 * (the D-RTM PCRs of the PC Client profile), which start at all ones.
 */
export function resetPcrBanks(banks: readonly number[], pcrCount = PC_CLIENT_PCR_COUNT): PcrBanks {
  const out: PcrBanks = new Map();
  for (const alg of banks) {
    const size = digestSize(alg);
    if (!size) throw new EventLogError("UNKNOWN_ALGORITHM", `bank ${alg} is not a known hash algorithm`);
    out.set(
      alg,
      Array.from({ length: pcrCount }, (_, pcr) => new Uint8Array(size).fill(pcr >= 17 && pcr <= 22 ? 0xff : 0)),
    );
  }
  return out;
}

/** The TPM's extend: H(old || digest) with the bank's hash. */
export async function extendPcr(
  crypto: Pick<Crypto, "hash">,
  hashAlg: number,
  old: Uint8Array,
  digest: Uint8Array,
): Promise<Uint8Array> {
  const data = new Uint8Array(old.length + digest.length);
  data.set(old);
  data.set(digest, old.length);
  return crypto.hash(hashAlg, data);
}

/** One PCR whose expected value differs from the reported one. */
export interface PcrMismatch {
  readonly hashAlg: number;
  readonly pcr: number;
  readonly expected: Uint8Array;
  readonly actual: Uint8Array;
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Compares expected PCR values with reported ones. Only the PCRs present in
 * `actual` are compared (a bank or PCR the TPM did not report is not a mismatch);
 * a bank in `actual` that `expected` lacks is compared against nothing and skipped.
 */
export function comparePcrBanks(expected: PcrBanks, actual: PcrBanks): PcrMismatch[] {
  const out: PcrMismatch[] = [];
  for (const [hashAlg, values] of actual) {
    const want = expected.get(hashAlg);
    if (!want) continue;
    values.forEach((value, pcr) => {
      const e = want[pcr];
      if (value !== undefined && e !== undefined && !equal(e, value))
        out.push({ hashAlg, pcr, expected: e, actual: value });
    });
  }
  return out;
}
