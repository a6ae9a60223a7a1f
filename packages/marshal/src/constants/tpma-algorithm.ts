/** TPMA_ALGORITHM: what kind of algorithm a TPM_ALG_ID is, as GetCapability(TPM_CAP_ALGS) reports (Part 2, 8.2). */
export const TPMA_ALGORITHM = {
  /** An asymmetric algorithm with public and private portions. */
  asymmetric: 0x00000001,
  /** A symmetric block cipher. */
  symmetric: 0x00000002,
  /** A hash algorithm. */
  hash: 0x00000004,
  /** An object type. */
  object: 0x00000008,
  /** A signing algorithm. */
  signing: 0x00000100,
  /** An encryption or decryption algorithm. */
  encrypting: 0x00000200,
  /** A method such as a key derivative function. */
  method: 0x00000400,
} as const;
