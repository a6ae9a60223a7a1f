/** TPM_CONSTANTS32: 32-bit architectural constants (Part 2, 6.2). */
export const TPM_CONSTANTS32 = {
  /** The first four octets of every structure a TPM signs over its own data ("\xffTCG"). */
  TPM_GENERATED_VALUE: 0xff544347,
  /** The largest number of bits a TPM's KDFa/KDFe derives in one call (new in 1.83). */
  TPM_MAX_DERIVATION_BITS: 8192,
} as const;

/** TPM_GENERATED: the magic value TPMS_ATTEST.magic holds (Part 2, 6.2; the pre-1.83 table name). */
export const TPM_GENERATED = {
  VALUE: TPM_CONSTANTS32.TPM_GENERATED_VALUE,
} as const;
