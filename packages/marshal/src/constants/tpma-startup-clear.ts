/** TPMA_STARTUP_CLEAR: state reset by Startup(CLEAR), as TPM_PT_STARTUP_CLEAR reports it (Part 2, 8.7). */
export const TPMA_STARTUP_CLEAR = {
  /** The platform hierarchy is enabled. */
  phEnable: 0x00000001,
  /** The owner (storage) hierarchy is enabled. */
  shEnable: 0x00000002,
  /** The endorsement hierarchy is enabled. */
  ehEnable: 0x00000004,
  /** NV Indexes of the platform hierarchy are enabled. */
  phEnableNV: 0x00000008,
  /** The TPM is in read-only mode (Library 1.84, ReadOnlyControl). */
  readOnly: 0x00000010,
  /** The TPM's last shutdown was orderly (Shutdown before power loss). */
  orderly: 0x80000000,
} as const;
