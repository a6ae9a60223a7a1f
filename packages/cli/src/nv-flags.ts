/** NV index arguments shared by the NV utilities. */
import { TPM_CAP, TPM_PT, TPM_RH } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** Checks an NV index handle (01xxxxxx), as the IBM utilities do. */
export function nvIndexFlag(value: number | undefined): number {
  if (value === undefined || value >>> 24 !== 0x01)
    throw new UsageError("NV index handle not specified or out of range, MSB not 01 (-ha)");
  return value;
}

/** The authorization handle of an NV read or write: the index itself, or -hia o|p. */
export function nvAuthHandle(nvIndex: number, hia: string | undefined): number {
  if (hia === undefined) return nvIndex;
  if (hia === "o") return TPM_RH.OWNER;
  if (hia === "p") return TPM_RH.PLATFORM;
  throw new UsageError(`-hia has bad parameter ${hia} (o or p)`);
}

/** The largest NV read or write one command carries (TPM_PT_NV_BUFFER_MAX), asked of the TPM. */
export async function nvBufferMax(tss: {
  getCapability(input: { capability: number; property: number; propertyCount: number }): Promise<any>;
}): Promise<number> {
  const property = TPM_PT.NV_BUFFER_MAX;
  const out = await tss.getCapability({ capability: TPM_CAP.TPM_PROPERTIES, property, propertyCount: 1 });
  const p = (out.capabilityData.data.tpmProperties as { property: number; value: number }[])[0];
  return p && p.property === property && p.value > 0 ? p.value : 512;
}
