/** TPM_EO: the comparison PolicyNV and PolicyCounterTimer apply (Part 2, 6.8). */
export const TPM_EO = {
  /** A = B */
  EQ: 0x0000,
  /** A != B */
  NEQ: 0x0001,
  /** A > B, signed */
  SIGNED_GT: 0x0002,
  /** A > B, unsigned */
  UNSIGNED_GT: 0x0003,
  /** A < B, signed */
  SIGNED_LT: 0x0004,
  /** A < B, unsigned */
  UNSIGNED_LT: 0x0005,
  /** A >= B, signed */
  SIGNED_GE: 0x0006,
  /** A >= B, unsigned */
  UNSIGNED_GE: 0x0007,
  /** A <= B, signed */
  SIGNED_LE: 0x0008,
  /** A <= B, unsigned */
  UNSIGNED_LE: 0x0009,
  /** Every bit set in B is set in A. */
  BITSET: 0x000a,
  /** Every bit set in B is clear in A. */
  BITCLEAR: 0x000b,
} as const;
