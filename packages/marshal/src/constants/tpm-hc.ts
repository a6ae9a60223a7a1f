/**
 * TPM_HC: handle-range masks and the first and last handle of each range (Part 2, 7.5),
 * keyed by their spec names (which carry no prefix).
 *
 * The specification derives PCR_LAST, HMAC_SESSION_LAST, POLICY_SESSION_LAST and
 * TRANSIENT_LAST from a TPM's implementation constants (IMPLEMENTATION_PCR,
 * MAX_ACTIVE_SESSIONS, MAX_LOADED_OBJECTS). A TSS talks to any TPM, so these are the
 * widest values, as tpm2-tss has them: 32 PCRs, and session and transient ranges
 * that end one below the range's last handle. Ask the TPM (TPM_PT_PCR_COUNT,
 * TPM_PT_ACTIVE_SESSIONS_MAX, TPM_PT_HR_TRANSIENT_MIN) for its own limits.
 */
export const TPM_HC = {
  /** The handle number within its range (the low 24 bits). */
  HR_HANDLE_MASK: 0x00ffffff,
  /** The handle type (the high octet). */
  HR_RANGE_MASK: 0xff000000,
  /** The shift of the handle type. */
  HR_SHIFT: 24,
  HR_PCR: 0x00000000,
  HR_HMAC_SESSION: 0x02000000,
  HR_POLICY_SESSION: 0x03000000,
  HR_TRANSIENT: 0x80000000,
  HR_PERSISTENT: 0x81000000,
  HR_NV_INDEX: 0x01000000,
  HR_EXTERNAL_NV: 0x11000000,
  HR_PERMANENT_NV: 0x12000000,
  HR_PERMANENT: 0x40000000,
  PCR_FIRST: 0x00000000,
  PCR_LAST: 0x0000001f,
  HMAC_SESSION_FIRST: 0x02000000,
  HMAC_SESSION_LAST: 0x02fffffe,
  LOADED_SESSION_FIRST: 0x02000000,
  LOADED_SESSION_LAST: 0x02fffffe,
  POLICY_SESSION_FIRST: 0x03000000,
  POLICY_SESSION_LAST: 0x03fffffe,
  TRANSIENT_FIRST: 0x80000000,
  ACTIVE_SESSION_FIRST: 0x03000000,
  ACTIVE_SESSION_LAST: 0x03fffffe,
  TRANSIENT_LAST: 0x80fffffe,
  PERSISTENT_FIRST: 0x81000000,
  PERSISTENT_LAST: 0x81ffffff,
  /** The first persistent handle of the platform's half of the persistent range. */
  PLATFORM_PERSISTENT: 0x81800000,
  NV_INDEX_FIRST: 0x01000000,
  NV_INDEX_LAST: 0x01ffffff,
  /** New in 1.83. */
  EXTERNAL_NV_FIRST: 0x11000000,
  /** New in 1.83. */
  EXTERNAL_NV_LAST: 0x11ffffff,
  /** New in 1.83. */
  PERMANENT_NV_FIRST: 0x12000000,
  /** New in 1.83. */
  PERMANENT_NV_LAST: 0x12ffffff,
  PERMANENT_FIRST: 0x40000000,
  /** TPM_RH_LAST of 1.83 (the SVN-limited hierarchy range ends here). */
  PERMANENT_LAST: 0x4004ffff,
  SVN_OWNER_FIRST: 0x40010000,
  SVN_OWNER_LAST: 0x4001ffff,
  SVN_ENDORSEMENT_FIRST: 0x40020000,
  SVN_ENDORSEMENT_LAST: 0x4002ffff,
  SVN_PLATFORM_FIRST: 0x40030000,
  SVN_PLATFORM_LAST: 0x4003ffff,
  SVN_NULL_FIRST: 0x40040000,
  SVN_NULL_LAST: 0x4004ffff,
  /** The NV Indexes that hold Attached Component information. */
  HR_NV_AC: 0x01d00000,
  NV_AC_FIRST: 0x01d00000,
  NV_AC_LAST: 0x01d0ffff,
  /** Attached Component handles. */
  HR_AC: 0x90000000,
  AC_FIRST: 0x90000000,
  AC_LAST: 0x9000ffff,
} as const;
