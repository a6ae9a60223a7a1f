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
    const keyOf = (item: CapabilityItem): number =>
      typeof item === "number" ? item : ((item.property ?? item.alg ?? item.hash ?? 0) as number);
    for (const item of got) {
      if (capability !== TPM_CAP.PCRS && (keyOf(item) & (capability === TPM_CAP.COMMANDS ? 0xffff : -1)) >>> 0 >= end)
        return items;
      items.push(item);
    }
    if (!moreData || got.length === 0 || capability === TPM_CAP.PCRS) break;
    const last = got[got.length - 1] as CapabilityItem;
    property = ((capability === TPM_CAP.COMMANDS ? keyOf(last) & 0xffff : keyOf(last)) + 1) >>> 0;
  }
  return items;
}
