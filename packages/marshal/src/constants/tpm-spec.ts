/**
 * TPM_SPEC: the specification version this package follows (Part 2, 6.1), as a TPM
 * reports it in TPM_PT_FAMILY_INDICATOR, TPM_PT_LEVEL, TPM_PT_REVISION,
 * TPM_PT_DAY_OF_YEAR and TPM_PT_YEAR. Library revision 1.83 (published January 2024).
 */
export const TPM_SPEC = {
  /** ASCII "2.0" with a terminating zero. */
  FAMILY: 0x322e3000,
  /** The specification level. */
  LEVEL: 0,
  /** The specification revision times 100 (1.83). */
  VERSION: 183,
  /** The year of the version. */
  YEAR: 2024,
  /** The day of the year (25 January). */
  DAY_OF_YEAR: 25,
} as const;
