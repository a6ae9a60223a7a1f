/**
 * TPM_ALG_ID: algorithm identifiers (Part 2, 6.3; values assigned by the TCG Algorithm
 * Registry). Every identifier of Library 1.83 plus the later registry additions
 * KEYEDXOF, KMACXOF128, KMACXOF256, KMAC128 and KMAC256.
 */
export const TPM_ALG_ID = {
  /** Should not occur. */
  ERROR: 0x0000,
  RSA: 0x0001,
  TDES: 0x0003,
  /** The older name of SHA1. */
  SHA: 0x0004,
  SHA1: 0x0004,
  HMAC: 0x0005,
  AES: 0x0006,
  MGF1: 0x0007,
  KEYEDHASH: 0x0008,
  XOR: 0x000a,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  SHA256_192: 0x000e,
  /** No algorithm selected. */
  NULL: 0x0010,
  SM3_256: 0x0012,
  SM4: 0x0013,
  RSASSA: 0x0014,
  RSAES: 0x0015,
  RSAPSS: 0x0016,
  OAEP: 0x0017,
  ECDSA: 0x0018,
  ECDH: 0x0019,
  ECDAA: 0x001a,
  SM2: 0x001b,
  ECSCHNORR: 0x001c,
  ECMQV: 0x001d,
  KDF1_SP800_56A: 0x0020,
  KDF2: 0x0021,
  KDF1_SP800_108: 0x0022,
  ECC: 0x0023,
  SYMCIPHER: 0x0025,
  CAMELLIA: 0x0026,
  SHA3_256: 0x0027,
  SHA3_384: 0x0028,
  SHA3_512: 0x0029,
  SHAKE128: 0x002a,
  SHAKE256: 0x002b,
  SHAKE256_192: 0x002c,
  SHAKE256_256: 0x002d,
  SHAKE256_512: 0x002e,
  CMAC: 0x003f,
  CTR: 0x0040,
  OFB: 0x0041,
  CBC: 0x0042,
  CFB: 0x0043,
  ECB: 0x0044,
  CCM: 0x0050,
  GCM: 0x0051,
  KW: 0x0052,
  KWP: 0x0053,
  EAX: 0x0054,
  EDDSA: 0x0060,
  EDDSA_PH: 0x0061,
  LMS: 0x0070,
  XMSS: 0x0071,
  /** Algorithm Registry addition after Library 1.83. */
  KEYEDXOF: 0x0080,
  /** Algorithm Registry addition after Library 1.83. */
  KMACXOF128: 0x0081,
  /** Algorithm Registry addition after Library 1.83. */
  KMACXOF256: 0x0082,
  /** Algorithm Registry addition after Library 1.83. */
  KMAC128: 0x0090,
  /** Algorithm Registry addition after Library 1.83. */
  KMAC256: 0x0091,
} as const;

/** Digest size in bytes of a hash algorithm, or 0 when it is not a hash. */
export function digestSize(alg: number): number {
  switch (alg) {
    case TPM_ALG_ID.SHA1:
      return 20;
    case TPM_ALG_ID.SHA256_192:
    case TPM_ALG_ID.SHAKE256_192:
      return 24;
    case TPM_ALG_ID.SHA256:
    case TPM_ALG_ID.SM3_256:
    case TPM_ALG_ID.SHA3_256:
    case TPM_ALG_ID.SHAKE256_256:
      return 32;
    case TPM_ALG_ID.SHA384:
    case TPM_ALG_ID.SHA3_384:
      return 48;
    case TPM_ALG_ID.SHA512:
    case TPM_ALG_ID.SHA3_512:
    case TPM_ALG_ID.SHAKE256_512:
      return 64;
    default:
      return 0;
  }
}
