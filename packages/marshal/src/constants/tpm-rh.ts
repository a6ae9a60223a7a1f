/** TPM_RH: permanent handles (Part 2, 7.4). */
export const TPM_RH = {
  FIRST: 0x40000000,
  /** Not used. */
  SRK: 0x40000000,
  /** The owner (storage) hierarchy. */
  OWNER: 0x40000001,
  /** Not used. */
  REVOKE: 0x40000002,
  /** Not used. */
  TRANSPORT: 0x40000003,
  /** Not used. */
  OPERATOR: 0x40000004,
  /** Not used. */
  ADMIN: 0x40000005,
  /** Not used. */
  EK: 0x40000006,
  /** The null hierarchy, or no handle where one may be given. */
  NULL: 0x40000007,
  /** Reserved: a handle value a TPM will not assign. */
  UNASSIGNED: 0x40000008,
  /** The password authorization session (also TPM_RS_PW). */
  PW: 0x40000009,
  /** The lockout (dictionary-attack) authority. */
  LOCKOUT: 0x4000000a,
  /** The endorsement hierarchy. */
  ENDORSEMENT: 0x4000000b,
  /** The platform hierarchy. */
  PLATFORM: 0x4000000c,
  /** The platform's NV enable. */
  PLATFORM_NV: 0x4000000d,
  /** The first vendor-specific authorization handle. */
  AUTH_00: 0x40000010,
  /** The last vendor-specific authorization handle. */
  AUTH_FF: 0x4000010f,
  /** The first Authenticated Countdown Timer. */
  ACT_0: 0x40000110,
  /** The last Authenticated Countdown Timer. */
  ACT_F: 0x4000011f,
  /** Firmware-limited owner hierarchy (new in 1.83). */
  FW_OWNER: 0x40000140,
  /** Firmware-limited endorsement hierarchy (new in 1.83). */
  FW_ENDORSEMENT: 0x40000141,
  /** Firmware-limited platform hierarchy (new in 1.83). */
  FW_PLATFORM: 0x40000142,
  /** Firmware-limited null hierarchy (new in 1.83). */
  FW_NULL: 0x40000143,
  /** SVN-limited owner hierarchies: this base plus the SVN (new in 1.83). */
  SVN_OWNER_BASE: 0x40010000,
  /** SVN-limited endorsement hierarchies: this base plus the SVN (new in 1.83). */
  SVN_ENDORSEMENT_BASE: 0x40020000,
  /** SVN-limited platform hierarchies: this base plus the SVN (new in 1.83). */
  SVN_PLATFORM_BASE: 0x40030000,
  /** SVN-limited null hierarchies: this base plus the SVN (new in 1.83). */
  SVN_NULL_BASE: 0x40040000,
  LAST: 0x4004ffff,
} as const;

/** TPM_RS: the password authorization session handle (Part 2, 7.4, listed with TPM_RH). */
export const TPM_RS = {
  PW: 0x40000009,
} as const;
