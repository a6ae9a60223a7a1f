/** TPM_NT: the type of an NV Index, held in TPMA_NV's TPM_NT field (Part 2, 13.4). */
export const TPM_NT = {
  /** Ordinary: data written with NV_Write. */
  ORDINARY: 0x0,
  /** Counter: a 64-bit value changed only by NV_Increment. */
  COUNTER: 0x1,
  /** Bit field: a 64-bit value changed only by NV_SetBits. */
  BITS: 0x2,
  /** Extend: a digest changed only by NV_Extend. */
  EXTEND: 0x4,
  /** PIN Fail: a pinCount/pinLimit pair; authorization counts failures. */
  PIN_FAIL: 0x8,
  /** PIN Pass: a pinCount/pinLimit pair; authorization counts successes. */
  PIN_PASS: 0x9,
} as const;
