/**
 * TPM_CAP: capability selectors for GetCapability (Part 2, 6.12). PUB_KEYS and
 * SPDM_SESSION_INFO were added after 1.83 (Library 1.84) and are listed so that a
 * newer TPM's capability data can be selected.
 */
export const TPM_CAP = {
  ALGS: 0x00000000,
  HANDLES: 0x00000001,
  COMMANDS: 0x00000002,
  PP_COMMANDS: 0x00000003,
  AUDIT_COMMANDS: 0x00000004,
  PCRS: 0x00000005,
  TPM_PROPERTIES: 0x00000006,
  PCR_PROPERTIES: 0x00000007,
  ECC_CURVES: 0x00000008,
  AUTH_POLICIES: 0x00000009,
  ACT: 0x0000000a,
  /** Library 1.84. */
  PUB_KEYS: 0x0000000b,
  /** Library 1.84. */
  SPDM_SESSION_INFO: 0x0000000c,
  VENDOR_PROPERTY: 0x00000100,
} as const;
