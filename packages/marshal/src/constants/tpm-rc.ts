/**
 * TPM_RC: response codes (Part 2, 6.6), keyed by the name without "TPM_RC_".
 *
 * Format-zero codes are RC_VER1 + number (errors) or RC_WARN + number (warnings);
 * format-one codes are RC_FMT1 + number, to which the TPM adds TPM_RC_H, TPM_RC_P or
 * TPM_RC_S and a number TPM_RC_1..TPM_RC_F naming the handle, parameter or session at
 * fault. The markers RC_VER1, RC_FMT1, RC_WARN and RC_MAX_FM0 keep their full spec
 * names. READ_ONLY, CHANNEL and CHANNEL_KEY were added after 1.83 (Library 1.84) and
 * are listed so that newer TPMs' answers can be named.
 */
export const TPM_RC = {
  SUCCESS: 0x000,
  /** The TPM 1.2 TPM_BADTAG value: a TPM 1.2 command sent to a TPM 2.0. */
  BAD_TAG: 0x01e,

  /** Set in every TPM 2.0 format-zero code. */
  RC_VER1: 0x100,
  INITIALIZE: 0x100,
  FAILURE: 0x101,
  SEQUENCE: 0x103,
  PRIVATE: 0x10b,
  HMAC: 0x119,
  DISABLED: 0x120,
  EXCLUSIVE: 0x121,
  AUTH_TYPE: 0x124,
  AUTH_MISSING: 0x125,
  POLICY: 0x126,
  PCR: 0x127,
  PCR_CHANGED: 0x128,
  UPGRADE: 0x12d,
  TOO_MANY_CONTEXTS: 0x12e,
  AUTH_UNAVAILABLE: 0x12f,
  REBOOT: 0x130,
  UNBALANCED: 0x131,
  COMMAND_SIZE: 0x142,
  COMMAND_CODE: 0x143,
  AUTHSIZE: 0x144,
  AUTH_CONTEXT: 0x145,
  NV_RANGE: 0x146,
  NV_SIZE: 0x147,
  NV_LOCKED: 0x148,
  NV_AUTHORIZATION: 0x149,
  NV_UNINITIALIZED: 0x14a,
  NV_SPACE: 0x14b,
  NV_DEFINED: 0x14c,
  BAD_CONTEXT: 0x150,
  CPHASH: 0x151,
  PARENT: 0x152,
  NEEDS_TEST: 0x153,
  NO_RESULT: 0x154,
  SENSITIVE: 0x155,
  /** Library 1.84. */
  READ_ONLY: 0x156,
  /** The largest format-zero error code (a marker, not a code). */
  RC_MAX_FM0: 0x17f,

  /** Set in every format-one code. */
  RC_FMT1: 0x080,
  ASYMMETRIC: 0x081,
  ATTRIBUTES: 0x082,
  HASH: 0x083,
  VALUE: 0x084,
  HIERARCHY: 0x085,
  KEY_SIZE: 0x087,
  MGF: 0x088,
  MODE: 0x089,
  TYPE: 0x08a,
  HANDLE: 0x08b,
  KDF: 0x08c,
  RANGE: 0x08d,
  AUTH_FAIL: 0x08e,
  NONCE: 0x08f,
  PP: 0x090,
  SCHEME: 0x092,
  SIZE: 0x095,
  SYMMETRIC: 0x096,
  TAG: 0x097,
  SELECTOR: 0x098,
  INSUFFICIENT: 0x09a,
  SIGNATURE: 0x09b,
  KEY: 0x09c,
  POLICY_FAIL: 0x09d,
  INTEGRITY: 0x09f,
  TICKET: 0x0a0,
  RESERVED_BITS: 0x0a1,
  BAD_AUTH: 0x0a2,
  EXPIRED: 0x0a3,
  POLICY_CC: 0x0a4,
  BINDING: 0x0a5,
  CURVE: 0x0a6,
  ECC_POINT: 0x0a7,
  FW_LIMITED: 0x0a8,
  SVN_LIMITED: 0x0a9,
  /** Library 1.84. */
  CHANNEL: 0x0b0,
  /** Library 1.84. */
  CHANNEL_KEY: 0x0b1,

  /** Set (with RC_VER1) in every warning. */
  RC_WARN: 0x900,
  CONTEXT_GAP: 0x901,
  OBJECT_MEMORY: 0x902,
  SESSION_MEMORY: 0x903,
  MEMORY: 0x904,
  SESSION_HANDLES: 0x905,
  OBJECT_HANDLES: 0x906,
  LOCALITY: 0x907,
  YIELDED: 0x908,
  CANCELED: 0x909,
  TESTING: 0x90a,
  REFERENCE_H0: 0x910,
  REFERENCE_H1: 0x911,
  REFERENCE_H2: 0x912,
  REFERENCE_H3: 0x913,
  REFERENCE_H4: 0x914,
  REFERENCE_H5: 0x915,
  REFERENCE_H6: 0x916,
  REFERENCE_S0: 0x918,
  REFERENCE_S1: 0x919,
  REFERENCE_S2: 0x91a,
  REFERENCE_S3: 0x91b,
  REFERENCE_S4: 0x91c,
  REFERENCE_S5: 0x91d,
  REFERENCE_S6: 0x91e,
  NV_RATE: 0x920,
  LOCKOUT: 0x921,
  RETRY: 0x922,
  NV_UNAVAILABLE: 0x923,
  /** Reserved; a TPM never returns it. */
  NOT_USED: 0x97f,

  /** Format one: the number names a handle (added to a format-one code). */
  H: 0x000,
  /** Format one: the number names a parameter. */
  P: 0x040,
  /** Format one: the number names a session. */
  S: 0x800,
  "1": 0x100,
  "2": 0x200,
  "3": 0x300,
  "4": 0x400,
  "5": 0x500,
  "6": 0x600,
  "7": 0x700,
  "8": 0x800,
  "9": 0x900,
  A: 0xa00,
  B: 0xb00,
  C: 0xc00,
  D: 0xd00,
  E: 0xe00,
  F: 0xf00,
  /** Format one: the bits holding the handle, parameter or session number. */
  N_MASK: 0xf00,
} as const;

/**
 * The bit fields of a response code, named by the letters of Part 2's response-code
 * figures: format zero is E (bits 0-6), F (bit 7, clear), V (bit 8), T (bit 10),
 * S (bit 11); format one is E (bits 0-5), P (bit 6), F (bit 7, set), N (bits 8-11).
 */
export const TPM_RC_FIELDS = {
  /** Format zero: the error number. */
  E_FMT0: 0x07f,
  /** Format one: the error number. */
  E_FMT1: 0x03f,
  /** Format one: N names a parameter (else a handle or, with N's top bit, a session). */
  P: 0x040,
  /** Set in a format-one code. */
  F: 0x080,
  /** Format zero: set in a TPM 2.0 code (with F clear, a clear V means a TPM 1.2 code). */
  V: 0x100,
  /** Format zero: set in a vendor-defined code. */
  T: 0x400,
  /** Format zero: set in a warning. */
  S: 0x800,
  /** Format one: the handle, parameter or session number. */
  N: 0xf00,
  /** Format one: the shift of N. */
  N_SHIFT: 8,
} as const;
