/** Shared text and reads of the PCR replay utilities (eventextend, imaextend). */
import { TPM_ALG_ID } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { pcrSelect } from "./pcr-select.js";

const ALG_TEXT: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "TPM_ALG_SHA1",
  [TPM_ALG_ID.SHA256]: "TPM_ALG_SHA256",
  [TPM_ALG_ID.SHA384]: "TPM_ALG_SHA384",
  [TPM_ALG_ID.SHA512]: "TPM_ALG_SHA512",
  [TPM_ALG_ID.SM3_256]: "TPM_ALG_SM3_256",
};

/** The TPMU_HA member of each hash algorithm, for TPML_DIGEST_VALUES (and the bank names of --json). */
export const DIGEST_FIELD: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};

/** IBM's TSS_TPM_ALG_ID_Print line: "<label> TPM_ALG_SHA256". */
export function algorithmIdLine(label: string, alg: number): string {
  return `${label} ${ALG_TEXT[alg] ?? `algorithm ${alg.toString(16).padStart(4, "0")}`}\n`;
}

/** IBM's one-line byte dump (TSS_PrintAllLogLevel at LOGLEVEL_INFO): " <label> xx xx ... \n". */
export function infoLine(label: string, bytes: Uint8Array): string {
  let s = ` ${label} `;
  for (const b of bytes) s += `${b.toString(16).padStart(2, "0")} `;
  return `${s}\n`;
}

/** One PCR of one bank from the TPM, or undefined when the bank is not allocated. */
export async function readPcr(tss: Tss, hash: number, pcr: number): Promise<Uint8Array | undefined> {
  const out = await tss.pcrRead({ pcrSelectionIn: [{ hash, pcrSelect: pcrSelect(pcr) }] });
  return (out.pcrValues as Uint8Array[])[0];
}

/**
 * PCRs 0 to count-1 of one bank, read eight at a time (a TPM returns at most eight
 * digests per TPM2_PCR_Read); undefined when the bank is not allocated.
 */
export async function readPcrBank(tss: Tss, hash: number, count = 24): Promise<Uint8Array[] | undefined> {
  const values: Uint8Array[] = [];
  while (values.length < count) {
    const wanted = new Uint8Array(Math.max(3, (count + 7) >> 3));
    for (let pcr = values.length; pcr < count; pcr++) wanted[pcr >> 3]! |= 1 << (pcr & 7);
    const out = await tss.pcrRead({ pcrSelectionIn: [{ hash, pcrSelect: wanted }] });
    const got = out.pcrValues as Uint8Array[];
    if (got.length === 0) return values.length ? values : undefined;
    // The TPM answers for the lowest selected PCRs first: those from values.length on.
    const returned = (out.pcrSelectionOut as { pcrSelect: Uint8Array }[])[0]?.pcrSelect ?? new Uint8Array(0);
    const first = returned.findIndex((b) => b !== 0);
    const firstPcr = first < 0 ? -1 : first * 8 + Math.log2(returned[first]! & -returned[first]!);
    if (firstPcr !== values.length) throw new Error(`PCR_Read returned PCR ${firstPcr}, expected ${values.length}`);
    values.push(...got);
  }
  return values.slice(0, count);
}
