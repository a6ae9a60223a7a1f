/** PolicyPCR's pcrDigest and PCR selections. */
import type { Crypto } from "@tss/marshal";
import type { PcrSelection } from "./assertions.js";
import { policyHash } from "./policy-digest.js";
import { PolicyError } from "./policy-error.js";

/**
 * A PCR selection of `pcrs` in bank `hash`: pcrSelect has `sizeofSelect`
 * octets (3 for the usual 24 PCRs), PCR n in octet n/8, bit n%8.
 */
export function pcrSelection(hash: number, pcrs: readonly number[], sizeofSelect = 3): PcrSelection {
  const pcrSelect = new Uint8Array(sizeofSelect);
  for (const n of pcrs) {
    if (!Number.isInteger(n) || n < 0 || n >= sizeofSelect * 8)
      throw new PolicyError("BAD_POLICY", `PCR ${n} does not fit a ${sizeofSelect}-octet selection`);
    pcrSelect[n >> 3]! |= 1 << (n & 7);
  }
  return { hash, pcrSelect };
}

/** The PCR numbers a selection selects, ascending. */
export function selectedPcrs(selection: PcrSelection): number[] {
  const out: number[] = [];
  selection.pcrSelect.forEach((octet, i) => {
    for (let bit = 0; bit < 8; bit++) if (octet & (1 << bit)) out.push(i * 8 + bit);
  });
  return out;
}

/**
 * PolicyPCR's pcrDigest: H(the values of the selected PCRs concatenated), banks
 * in selection order and PCRs ascending in each (the order of PCR_Read's
 * output). `values` gives the PCR values in that same order; `hashAlg` is the
 * policy session's hash.
 */
export function pcrDigest(crypto: Crypto, hashAlg: number, values: readonly Uint8Array[]): Promise<Uint8Array> {
  return policyHash(crypto, hashAlg, ...values);
}
