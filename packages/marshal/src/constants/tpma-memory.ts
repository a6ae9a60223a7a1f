/** TPMA_MEMORY: how the TPM uses its memory, as TPM_PT_MEMORY reports it (Part 2, 8.8). */
export const TPMA_MEMORY = {
  /** Object and session contexts share RAM. */
  sharedRAM: 0x00000001,
  /** Persistent objects and NV Indexes share NV space. */
  sharedNV: 0x00000002,
  /** Loading a persistent object copies it into transient RAM. */
  objectCopiedToRam: 0x00000004,
} as const;
