import { MarshalError } from "../errors.js";

/** TPM_NV_INDEX: the fields of an NV Index handle (Part 2, 13.2). Both entries are masks. */
export const TPM_NV_INDEX = {
  /** Mask of the index number within the NV range (bits 0-23). */
  index: 0x00ffffff,
  /** Mask of the handle type (bits 24-31; TPM_HT_NV_INDEX for an ordinary index). */
  RH_NV: 0xff000000,
} as const;

/** The shift of TPM_NV_INDEX's index field. */
export const TPM_NV_INDEX_INDEX_SHIFT = 0;
/** The shift of TPM_NV_INDEX's RH_NV field. */
export const TPM_NV_INDEX_RH_NV_SHIFT = 24;

/** The index number (low 24 bits) of an NV Index handle. */
export function tpmNvIndexIndex(handle: number): number {
  return (handle & TPM_NV_INDEX.index) >>> TPM_NV_INDEX_INDEX_SHIFT;
}

/** The RH_NV field (handle type octet) of an NV Index handle. */
export function tpmNvIndexRhNv(handle: number): number {
  return (handle & TPM_NV_INDEX.RH_NV) >>> TPM_NV_INDEX_RH_NV_SHIFT;
}

/** An NV Index handle from its handle type and index number; throws MarshalError("VALUE") when either does not fit. */
export function makeTpmNvIndex(rhNv: number, index: number): number {
  if (!Number.isInteger(rhNv) || rhNv < 0 || rhNv > 0xff) {
    throw new MarshalError("VALUE", "TPM_NV_INDEX.RH_NV", `RH_NV ${rhNv} is not an octet`);
  }
  if (!Number.isInteger(index) || index < 0 || index > 0xffffff) {
    throw new MarshalError("VALUE", "TPM_NV_INDEX.index", `index ${index} does not fit in 24 bits`);
  }
  return ((rhNv << TPM_NV_INDEX_RH_NV_SHIFT) | index) >>> 0;
}
