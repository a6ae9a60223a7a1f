/**
 * Printers in the IBM TSS's tssprint layout: names of algorithms, curves and
 * handles, TPMA_* attribute lines, byte strings (TSS_PrintAlli) and a few
 * structures. Each returns lines without newlines.
 */

export * from "./print-attest.js";
export * from "./print-attributes.js";
export * from "./print-bytes.js";
export * from "./print-names.js";
export * from "./print-public.js";
export * from "./print-structures.js";
