/** TPM_SE: session types for StartAuthSession (Part 2, 6.11). */
export const TPM_SE = {
  HMAC: 0x00,
  POLICY: 0x01,
  TRIAL: 0x03,
} as const;
