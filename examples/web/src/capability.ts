/** TPM2_GetCapability read to the end (the TPM answers in pieces while moreData is YES). */
import { TPM_CAP } from "@tss/marshal";
import type { PageTpm } from "./tpm-connection.js";

type CapabilityItem = Record<string, any>;

/** The member of TPMU_CAPABILITIES each capability fills. */
const MEMBER: Readonly<Record<number, string>> = {
  [TPM_CAP.ALGS]: "algorithms",
  [TPM_CAP.HANDLES]: "handles",
  [TPM_CAP.COMMANDS]: "command",
  [TPM_CAP.PCRS]: "assignedPCR",
  [TPM_CAP.TPM_PROPERTIES]: "tpmProperties",
};

/** The TPM_CC a TPMA_CC describes: commandIndex (bits 0-15) and, for a vendor command, the V bit (29). */
export function commandCodeOf(tpmaCc: number): number {
  return ((tpmaCc & 0xffff) | (tpmaCc & 0x20000000)) >>> 0;
}

/** The property an item stands for: its handle, TPM_PT or algorithm; a command's code (TPMA_CC's index and V bit). */
function keyOf(capability: number, item: CapabilityItem): number {
  const key = typeof item === "number" ? item : ((item.property ?? item.alg ?? item.hash ?? 0) as number);
  return capability === TPM_CAP.COMMANDS ? commandCodeOf(key) : key >>> 0;
}

/** Every item of `capability` from `first` up to (not including) `end`. */
export async function readCapability(
  page: PageTpm,
  capability: number,
  first: number,
  end = 0xffffffff,
): Promise<CapabilityItem[]> {
  const member = MEMBER[capability];
  if (member === undefined) throw new Error(`capability ${capability} is not read by this page`);
  const items: CapabilityItem[] = [];
  let property = first;
  for (let round = 0; round < 64; round++) {
    const { moreData, capabilityData } = await page.tss.getCapability({ capability, property, propertyCount: 256 });
    const got = (capabilityData.data as Record<string, CapabilityItem[]>)[member] ?? [];
    for (const item of got) {
      if (capability !== TPM_CAP.PCRS && keyOf(capability, item) >= end) return items;
      items.push(item);
    }
    if (!moreData || got.length === 0 || capability === TPM_CAP.PCRS) break;
    property = (keyOf(capability, got[got.length - 1] as CapabilityItem) + 1) >>> 0;
  }
  return items;
}
