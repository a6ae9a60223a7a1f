/**
 * TPMA_CC: a command's attributes, as GetCapability(TPM_CAP_COMMANDS) reports them
 * (Part 2, 8.9). commandIndex, cHandles and Res are multi-bit fields: their entries are
 * masks, read them with the helpers below.
 */
export const TPMA_CC = {
  /** Mask of the command index: the low 16 bits of the command code. */
  commandIndex: 0x0000ffff,
  /** The command may write NV. */
  nv: 0x00400000,
  /** The command can flush any number of loaded contexts. */
  extensive: 0x00800000,
  /** Any transient object a command handle names is flushed when the command completes. */
  flushed: 0x01000000,
  /** Mask of cHandles: the number of handles in the command's handle area. */
  cHandles: 0x0e000000,
  /** The response has a handle area (one handle). */
  rHandle: 0x10000000,
  /** A vendor-specific command (the V bit of the command code). */
  V: 0x20000000,
  /** Mask of the Res field (bits 30-31): reserved for software, zero from a TPM. */
  Res: 0xc0000000,
} as const;

/** The shift of TPMA_CC's commandIndex field. */
export const TPMA_CC_COMMAND_INDEX_SHIFT = 0;
/** The shift of TPMA_CC's cHandles field. */
export const TPMA_CC_C_HANDLES_SHIFT = 25;
/** The shift of TPMA_CC's Res field. */
export const TPMA_CC_RES_SHIFT = 30;

/** The command index (low 16 bits of the command code) in a TPMA_CC. */
export function tpmaCcCommandIndex(attrs: number): number {
  return (attrs & TPMA_CC.commandIndex) >>> TPMA_CC_COMMAND_INDEX_SHIFT;
}

/** The number of command handles (cHandles, 0-7) in a TPMA_CC. */
export function tpmaCcHandles(attrs: number): number {
  return (attrs & TPMA_CC.cHandles) >>> TPMA_CC_C_HANDLES_SHIFT;
}

/** The TPM_CC a TPMA_CC describes: its command index with the V bit. */
export function tpmaCcCommandCode(attrs: number): number {
  return ((attrs & TPMA_CC.commandIndex) | (attrs & TPMA_CC.V)) >>> 0;
}
