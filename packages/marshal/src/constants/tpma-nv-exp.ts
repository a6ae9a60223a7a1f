import { MarshalError } from "../errors.js";
import { TPMA_NV_TPM_NT_SHIFT } from "./tpma-nv.js";

/**
 * TPMA_NV_EXP: the 64-bit attributes of an index defined with NV_DefineSpace2 and read
 * with NV_ReadPublic2 (Part 2, NV storage structures; new in 1.83), as bigint. Bits
 * 0-31 mean what TPMA_NV's do (the spec names them TPMA_NV_PPWRITE...; keyed here
 * without "TPMA_NV_"); bits 32-34 are the external-NV attributes (keyed without "TPMA_").
 */
export const TPMA_NV_EXP = {
  PPWRITE: 0x1n,
  OWNERWRITE: 0x2n,
  AUTHWRITE: 0x4n,
  POLICYWRITE: 0x8n,
  /** Mask of the TPM_NT field (bits 4-7). */
  TPM_NT: 0xf0n,
  POLICY_DELETE: 0x400n,
  WRITELOCKED: 0x800n,
  WRITEALL: 0x1000n,
  WRITEDEFINE: 0x2000n,
  WRITE_STCLEAR: 0x4000n,
  GLOBALLOCK: 0x8000n,
  PPREAD: 0x10000n,
  OWNERREAD: 0x20000n,
  AUTHREAD: 0x40000n,
  POLICYREAD: 0x80000n,
  NO_DA: 0x2000000n,
  ORDERLY: 0x4000000n,
  CLEAR_STCLEAR: 0x8000000n,
  READLOCKED: 0x10000000n,
  WRITTEN: 0x20000000n,
  PLATFORMCREATE: 0x40000000n,
  READ_STCLEAR: 0x80000000n,
  /** The external NV data is encrypted. */
  EXTERNAL_NV_ENCRYPTION: 0x100000000n,
  /** The external NV data is integrity protected. */
  EXTERNAL_NV_INTEGRITY: 0x200000000n,
  /** The external NV data is protected against rollback. */
  EXTERNAL_NV_ANTIROLLBACK: 0x400000000n,
} as const;

/** The shift of TPMA_NV_EXP's TPM_NT field. */
export const TPMA_NV_EXP_TPM_NT_SHIFT = BigInt(TPMA_NV_TPM_NT_SHIFT);

const U64 = 0xffffffffffffffffn;

/** The index type (a TPM_NT value) held in a TPMA_NV_EXP. */
export function tpmaNvExpType(attrs: bigint): number {
  return Number((attrs & TPMA_NV_EXP.TPM_NT) >> TPMA_NV_EXP_TPM_NT_SHIFT);
}

/** attrs with its TPM_NT field set to nt (0-15); throws MarshalError("VALUE") when nt does not fit. */
export function withTpmaNvExpType(attrs: bigint, nt: number): bigint {
  if (!Number.isInteger(nt) || nt < 0 || nt > 0xf) {
    throw new MarshalError("VALUE", "TPMA_NV_EXP.TPM_NT", `TPM_NT ${nt} does not fit in 4 bits`);
  }
  return ((attrs & ~TPMA_NV_EXP.TPM_NT) | (BigInt(nt) << TPMA_NV_EXP_TPM_NT_SHIFT)) & U64;
}

/** A TPMA_NV widened to a TPMA_NV_EXP (bits 32-63 clear). */
export function tpmaNvExpFromTpmaNv(attrs: number): bigint {
  return BigInt(attrs >>> 0);
}

/** The TPMA_NV half (bits 0-31) of a TPMA_NV_EXP. */
export function tpmaNvFromTpmaNvExp(attrs: bigint): number {
  return Number(attrs & 0xffffffffn);
}
