/** TPMA_OBJECT: object attributes in TPMT_PUBLIC.objectAttributes (Part 2, 8.3). */
export const TPMA_OBJECT = {
  /** The object cannot be duplicated: its hierarchy is fixed. */
  fixedTPM: 0x00000002,
  /** The object is flushed on TPM Reset and TPM Restart and cannot be saved across Startup(STATE). */
  stClear: 0x00000004,
  /** The object is bound to the current firmware (new in 1.83). */
  fixedFirmware: 0x00000008,
  /** The object cannot be duplicated to another parent. */
  fixedParent: 0x00000010,
  /** The TPM generated the sensitive data (other than authValue) at creation. */
  sensitiveDataOrigin: 0x00000020,
  /** USER-role actions may be authorized with the authValue or a policy. */
  userWithAuth: 0x00000040,
  /** ADMIN-role actions need a policy session. */
  adminWithPolicy: 0x00000080,
  /** The object's hierarchy is firmware-limited (new in 1.83). */
  firmwareLimited: 0x00000100,
  /** The object's hierarchy is SVN-limited (new in 1.83). */
  svnLimited: 0x00000200,
  /** The object is not subject to dictionary-attack protection. */
  noDA: 0x00000400,
  /** Duplication needs an inner wrapper (symmetric encryption) as well as the outer one. */
  encryptedDuplication: 0x00000800,
  /** Key use is restricted to TPM-generated data (or manipulates only TPM-produced structures). */
  restricted: 0x00010000,
  /** The private portion may decrypt. */
  decrypt: 0x00020000,
  /** The private portion may sign (for a symmetric cipher key: encrypt). */
  sign: 0x00040000,
  /** The spec's alternative name of bit 18 for symmetric cipher keys. */
  encrypt: 0x00040000,
  /** The key may sign only X.509 certificates (CertifyX509). */
  x509sign: 0x00080000,
} as const;
