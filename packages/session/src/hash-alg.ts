import { digestSize, TssError } from "@tss/marshal";

/**
 * The digest size of a session hash algorithm; throws TssError("BAD_PARAMETER")
 * for a value that is not a hash the TPM knows.
 */
export function hashSize(alg: number): number {
  const n = digestSize(alg);
  if (n === 0) throw new TssError("BAD_PARAMETER", `0x${alg.toString(16).padStart(4, "0")} is not a hash algorithm`);
  return n;
}
