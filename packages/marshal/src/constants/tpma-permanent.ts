/** TPMA_PERMANENT: persistent TPM state, as TPM_PT_PERMANENT reports it (Part 2, 8.6). */
export const TPMA_PERMANENT = {
  /** HierarchyChangeAuth has set ownerAuth since the last Clear. */
  ownerAuthSet: 0x00000001,
  /** HierarchyChangeAuth has set endorsementAuth since the last Clear. */
  endorsementAuthSet: 0x00000002,
  /** HierarchyChangeAuth has set lockoutAuth since the last Clear. */
  lockoutAuthSet: 0x00000004,
  /** ClearControl has disabled Clear. */
  disableClear: 0x00000100,
  /** The TPM is in dictionary-attack lockout. */
  inLockout: 0x00000200,
  /** The TPM, not the manufacturer, generated the EPS. */
  tpmGeneratedEPS: 0x00000400,
} as const;
