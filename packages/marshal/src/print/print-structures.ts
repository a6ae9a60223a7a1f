/**
 * Structures as the IBM TSS's structure printers lay them out (indent in
 * spaces; nested members two further in).
 */
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { tpmaActLines } from "./print-attributes.js";
import { printAllLines } from "./print-bytes.js";
import { algIdLine, handleLine } from "./print-names.js";

/** A TPMT_HA value: the hash algorithm and the digest under its member name ({} for TPM_ALG_NULL). */
export interface TpmtHaValue {
  readonly hashAlg: number;
  readonly digest: Readonly<Record<string, Uint8Array>>;
}

/** TPMT_HA: "hashAlg TPM_ALG_x", then the digest (labelled by its member name, sha256 etc.). */
export function tpmtHaLines(ha: TpmtHaValue, indent: number): string[] {
  const lines = [algIdLine("hashAlg", ha.hashAlg, indent + 2)];
  if (ha.hashAlg === TPM_ALG_ID.NULL) return lines;
  const [name, digest] = Object.entries(ha.digest)[0] ?? [];
  if (name === undefined || digest === undefined) {
    lines.push(
      `${" ".repeat(indent + 2)}TPMU_HA: selection ${ha.hashAlg.toString(16).padStart(8, "0")} not implemented`,
    );
  } else {
    lines.push(...printAllLines(name, digest, indent + 2));
  }
  return lines;
}

/** TPMS_PCR_SELECTION: "hash TPM_ALG_x", then the bitmap as "TPMS_PCR_SELECTION length n". */
export function pcrSelectionLines(selection: { hash: number; pcrSelect: Uint8Array }, indent: number): string[] {
  return [
    algIdLine("hash", selection.hash, indent + 2),
    ...printAllLines("TPMS_PCR_SELECTION", selection.pcrSelect, indent + 2),
  ];
}

/** TPMS_TAGGED_POLICY: "handle TPM_RH_x", then its policy digest as a TPMT_HA. */
export function taggedPolicyLines(policy: { handle: number; policyHash: TpmtHaValue }, indent: number): string[] {
  return [handleLine("handle", policy.handle, indent), ...tpmtHaLines(policy.policyHash, indent)];
}

/** TPMS_ACT_DATA: the ACT's handle, "TPMS_ACT_DATA timeout n sec", and its TPMA_ACT. */
export function actDataLines(act: { handle: number; timeout: number; attributes: number }, indent: number): string[] {
  return [
    handleLine("handle", act.handle, indent),
    `${" ".repeat(indent)}TPMS_ACT_DATA timeout ${act.timeout} sec`,
    ...tpmaActLines(act.attributes, indent),
  ];
}
