import { MarshalError } from "../errors.js";

/**
 * TPMA_LOCALITY: a set of localities 0-4 as bits, or (when Extended is not zero) one
 * extended locality 32-255 as the whole octet (Part 2, 8.5).
 */
export const TPMA_LOCALITY = {
  TPM_LOC_ZERO: 0x01,
  TPM_LOC_ONE: 0x02,
  TPM_LOC_TWO: 0x04,
  TPM_LOC_THREE: 0x08,
  TPM_LOC_FOUR: 0x10,
  /** The mask of the Extended field (bits 5-7). */
  Extended: 0xe0,
} as const;

/** The shift of TPMA_LOCALITY's Extended field. */
export const TPMA_LOCALITY_EXTENDED_SHIFT = 5;

/** The Extended field of a TPMA_LOCALITY (0 when the octet is a set of localities 0-4). */
export function tpmaLocalityExtended(attrs: number): number {
  return (attrs & TPMA_LOCALITY.Extended) >>> TPMA_LOCALITY_EXTENDED_SHIFT;
}

/**
 * The TPMA_LOCALITY that names one locality: a bit for localities 0-4, the number itself
 * for an extended locality 32-255. Throws MarshalError("VALUE") for 5-31 or out of range.
 */
export function tpmaLocalityFor(locality: number): number {
  if (Number.isInteger(locality) && locality >= 0 && locality <= 4) return 1 << locality;
  if (Number.isInteger(locality) && locality >= 32 && locality <= 255) return locality;
  throw new MarshalError("VALUE", "TPMA_LOCALITY", `locality ${locality} is neither 0-4 nor 32-255`);
}
