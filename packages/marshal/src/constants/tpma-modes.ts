/** TPMA_MODES: the modes the TPM runs in, as TPM_PT_MODES reports them (Part 2, 8.10). */
export const TPMA_MODES = {
  /** The TPM is designed to comply with FIPS 140-2. */
  FIPS_140_2: 0x00000001,
  /** The TPM is designed to comply with FIPS 140-3 (new in 1.83). */
  FIPS_140_3: 0x00000002,
  /** Mask of the FIPS 140-3 service indicator field (bits 2-3, new in 1.83). */
  FIPS_140_3_INDICATOR: 0x0000000c,
} as const;

/** The shift of TPMA_MODES's FIPS_140_3_INDICATOR field. */
export const TPMA_MODES_FIPS_140_3_INDICATOR_SHIFT = 2;

/** The FIPS 140-3 service indicator (0-3) in a TPMA_MODES. */
export function tpmaModesFips1403Indicator(attrs: number): number {
  return (attrs & TPMA_MODES.FIPS_140_3_INDICATOR) >>> TPMA_MODES_FIPS_140_3_INDICATOR_SHIFT;
}
