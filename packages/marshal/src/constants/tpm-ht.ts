/** TPM_HT: the handle types, the most significant octet of a handle (Part 2, 7.2). */
export const TPM_HT = {
  PCR: 0x00,
  NV_INDEX: 0x01,
  HMAC_SESSION: 0x02,
  LOADED_SESSION: 0x02,
  POLICY_SESSION: 0x03,
  SAVED_SESSION: 0x03,
  EXTERNAL_NV: 0x11,
  PERMANENT_NV: 0x12,
  PERMANENT: 0x40,
  TRANSIENT: 0x80,
  PERSISTENT: 0x81,
  AC: 0x90,
} as const;

/** The handle type (most significant octet) of a handle. */
export function handleType(handle: number): number {
  return handle >>> 24;
}
