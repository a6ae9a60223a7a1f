/**
 * The PCR panel: every allocated bank as a table (PCR_Read), PCR_Extend of a
 * typed string's digest into PCR 16 in each bank, and PCR_Reset of PCR 16.
 */
import { algIdName, TPM_ALG_ID, TPM_CAP } from "@tss/marshal";
import { readCapability } from "../capability.js";
import { byId, field, fillTable, onClick, onSubmit } from "../dom.js";
import { toHex } from "../hex.js";
import type { PageTpm } from "../tpm-connection.js";

/** The PCR the panel extends and resets (the debug PCR: resettable from locality 0). */
export const DEMO_PCR = 16;

/** The TPMU_HA member of each bank the page can hash for. */
const HA_MEMBER: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};

/** The banks with at least one PCR allocated. */
export async function allocatedBanks(page: PageTpm): Promise<number[]> {
  const banks = await readCapability(page, TPM_CAP.PCRS, 0);
  return banks.filter((b) => (b.pcrSelect as Uint8Array).some((x) => x !== 0)).map((b) => b.hash as number);
}

/** The 24 PCRs of one bank (three PCR_Reads of eight). */
export async function readBank(page: PageTpm, hash: number): Promise<Uint8Array[]> {
  const values: Uint8Array[] = [];
  for (let group = 0; group < 3; group++) {
    const pcrSelect = new Uint8Array(3);
    pcrSelect[group] = 0xff;
    const { pcrValues } = await page.tss.pcrRead({ pcrSelectionIn: [{ hash, pcrSelect }] });
    values.push(...(pcrValues as Uint8Array[]));
  }
  return values;
}

/** Reads every bank and fills the table: a row per PCR, a column per bank. */
export async function showPcrs(page: PageTpm): Promise<void> {
  const banks = await allocatedBanks(page);
  const values = await Promise.all(banks.map((b) => readBank(page, b)));
  const head = byId("pcr-head");
  const tr = document.createElement("tr");
  for (const label of ["PCR", ...banks.map((b) => (algIdName(b) ?? String(b)).replace("TPM_ALG_", ""))]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = label;
    tr.append(th);
  }
  head.replaceChildren(tr);
  fillTable(
    "pcr-rows",
    Array.from({ length: 24 }, (_, i) => [String(i), ...values.map((bank) => toHex(bank[i] ?? new Uint8Array()))]),
  );
}

/** PCR_Extend of the text's digest, in every bank the page can hash for, into PCR 16. */
export async function extendPcr(page: PageTpm, text: string): Promise<void> {
  const data = new TextEncoder().encode(text);
  const banks = (await allocatedBanks(page)).filter((b) => HA_MEMBER[b] !== undefined);
  const digests = await Promise.all(
    banks.map(async (hashAlg) => ({
      hashAlg,
      digest: { [HA_MEMBER[hashAlg] as string]: await page.crypto.hash(hashAlg, data) },
    })),
  );
  await page.tss.pcrExtend({ pcrHandle: DEMO_PCR, digests } as never);
}

/** Wires the panel's buttons and form. */
export function setUpPcrs(page: PageTpm): void {
  onClick("pcr-refresh", "pcr", () => showPcrs(page));
  onSubmit("pcr-extend-form", "pcr", async (form) => {
    await extendPcr(page, field(form, "text"));
    await showPcrs(page);
  });
  onClick("pcr-reset", "pcr", async () => {
    await page.tss.pcrReset({ pcrHandle: DEMO_PCR });
    await showPcrs(page);
  });
}
