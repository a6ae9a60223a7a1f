/** TPM_SU: Startup and Shutdown types (Part 2, 6.10). */
export const TPM_SU = {
  CLEAR: 0x0000,
  STATE: 0x0001,
} as const;
