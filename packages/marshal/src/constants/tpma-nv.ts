import { MarshalError } from "../errors.js";

/**
 * TPMA_NV: NV Index attributes (Part 2, 13.4), keyed by the name without "TPMA_NV_".
 * TPM_NT is a 4-bit field holding the index type (a TPM_NT value): its entry is the
 * mask; read and set it with tpmaNvType / withTpmaNvType.
 */
export const TPMA_NV = {
  /** The platform (PP) authorization may write. */
  PPWRITE: 0x00000001,
  /** The owner authorization may write. */
  OWNERWRITE: 0x00000002,
  /** The index's authValue may authorize writes. */
  AUTHWRITE: 0x00000004,
  /** The index's authPolicy may authorize writes. */
  POLICYWRITE: 0x00000008,
  /** Mask of the TPM_NT field (bits 4-7). */
  TPM_NT: 0x000000f0,
  /** The index can be deleted only with a policy naming NV_UndefineSpaceSpecial. */
  POLICY_DELETE: 0x00000400,
  /** Writes are locked (set by NV_WriteLock). */
  WRITELOCKED: 0x00000800,
  /** A write must write the whole index. */
  WRITEALL: 0x00001000,
  /** NV_WriteLock locks the index permanently once written. */
  WRITEDEFINE: 0x00002000,
  /** NV_WriteLock locks writes until the next Startup(CLEAR). */
  WRITE_STCLEAR: 0x00004000,
  /** NV_GlobalWriteLock locks writes. */
  GLOBALLOCK: 0x00008000,
  /** The platform (PP) authorization may read. */
  PPREAD: 0x00010000,
  /** The owner authorization may read. */
  OWNERREAD: 0x00020000,
  /** The index's authValue may authorize reads. */
  AUTHREAD: 0x00040000,
  /** The index's authPolicy may authorize reads. */
  POLICYREAD: 0x00080000,
  /** Authorization failures do not count toward dictionary-attack lockout. */
  NO_DA: 0x02000000,
  /** The index is written to NV only on an orderly shutdown. */
  ORDERLY: 0x04000000,
  /** TPMA_NV_WRITTEN is cleared by Startup(CLEAR). */
  CLEAR_STCLEAR: 0x08000000,
  /** Reads are locked (set by NV_ReadLock). */
  READLOCKED: 0x10000000,
  /** The index has been written. */
  WRITTEN: 0x20000000,
  /** The platform hierarchy created the index. */
  PLATFORMCREATE: 0x40000000,
  /** NV_ReadLock locks reads until the next Startup(CLEAR). */
  READ_STCLEAR: 0x80000000,
} as const;

/** The shift of TPMA_NV's TPM_NT field. */
export const TPMA_NV_TPM_NT_SHIFT = 4;

/** The index type (a TPM_NT value) held in a TPMA_NV. */
export function tpmaNvType(attrs: number): number {
  return (attrs & TPMA_NV.TPM_NT) >>> TPMA_NV_TPM_NT_SHIFT;
}

/** attrs with its TPM_NT field set to nt (0-15); throws MarshalError("VALUE") when nt does not fit. */
export function withTpmaNvType(attrs: number, nt: number): number {
  if (!Number.isInteger(nt) || nt < 0 || nt > 0xf) {
    throw new MarshalError("VALUE", "TPMA_NV.TPM_NT", `TPM_NT ${nt} does not fit in 4 bits`);
  }
  return ((attrs & ~TPMA_NV.TPM_NT) | (nt << TPMA_NV_TPM_NT_SHIFT)) >>> 0;
}
