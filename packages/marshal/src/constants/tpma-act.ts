/** TPMA_ACT: the state of an Authenticated Countdown Timer (Part 2, 8.12). */
export const TPMA_ACT = {
  /** The ACT has signaled (its timeout expired). */
  signaled: 0x00000001,
  /** The signaled state is kept across TPM Resume/Restart. */
  preserveSignaled: 0x00000002,
} as const;
