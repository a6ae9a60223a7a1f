/** TPM_AT: the tag of a TPMS_AC_OUTPUT from AC_GetCapability (Part 2, Attached Components). */
export const TPM_AT = {
  /** In a command: any attribute (the AC returns all). */
  ANY: 0x00000000,
  /** In a response: the data is a TPM_AE error code. */
  ERROR: 0x00000001,
  /** The data is the AC's Protection Profile 1 information. */
  PV1: 0x00000002,
  /** The start of vendor-specific tags. */
  VEND: 0x80000000,
} as const;
