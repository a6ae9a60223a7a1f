/** TPM_AE: the error codes an AC returns with TPM_AT_ERROR (Part 2, Attached Components). */
export const TPM_AE = {
  /** No error. */
  NONE: 0x00000000,
} as const;
