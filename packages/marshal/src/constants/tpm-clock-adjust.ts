/** TPM_CLOCK_ADJUST: ClockRateAdjust steps, a signed octet (Part 2, 6.7). */
export const TPM_CLOCK_ADJUST = {
  COARSE_SLOWER: -3,
  MEDIUM_SLOWER: -2,
  FINE_SLOWER: -1,
  NO_CHANGE: 0,
  FINE_FASTER: 1,
  MEDIUM_FASTER: 2,
  COARSE_FASTER: 3,
} as const;
