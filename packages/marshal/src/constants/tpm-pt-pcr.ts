/** TPM_PT_PCR: PCR property tags for GetCapability(TPM_CAP_PCR_PROPERTIES) (Part 2, 6.14). */
export const TPM_PT_PCR = {
  /** PCRs saved by Shutdown(STATE) and restored by Startup(STATE). */
  SAVE: 0x00000000,
  /** PCRs that locality 0 may extend. */
  EXTEND_L0: 0x00000001,
  /** PCRs that locality 0 may reset. */
  RESET_L0: 0x00000002,
  EXTEND_L1: 0x00000003,
  RESET_L1: 0x00000004,
  EXTEND_L2: 0x00000005,
  RESET_L2: 0x00000006,
  EXTEND_L3: 0x00000007,
  RESET_L3: 0x00000008,
  EXTEND_L4: 0x00000009,
  RESET_L4: 0x0000000a,
  /** PCRs whose changes do not increment pcrUpdateCounter. */
  NO_INCREMENT: 0x00000011,
  /** PCRs reset by a D-RTM event. */
  DRTM_RESET: 0x00000012,
  /** PCRs controlled by a policy. */
  POLICY: 0x00000013,
  /** PCRs controlled by an authorization value. */
  AUTH: 0x00000014,
  /** The first property tag. */
  FIRST: 0x00000000,
  /** The last property tag of Library 1.83. */
  LAST: 0x00000014,
} as const;
