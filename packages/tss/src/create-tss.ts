import { Tss, type TssOptions } from "./tss.js";

/**
 * Creates a TSS context (the seed's TSS_Create). It does not connect yet, so
 * connection properties can still be changed.
 */
export function createTss(options: TssOptions): Tss {
  return new Tss(options);
}
