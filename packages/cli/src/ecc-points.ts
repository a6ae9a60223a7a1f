/**
 * ECC points and commit counters in files, as IBM's commit, ecephemeral and
 * zgen2phase keep them: a TPM2B_ECC_POINT structure, and the counter as a
 * marshalled UINT16 (two bytes, big-endian).
 */
import { TPM2B_ECC_POINT, UINT16 } from "@tss/marshal";
import { CURVE_NAMES } from "./algorithms.js";
import { marshalStructure, unmarshalStructure } from "./structure-files.js";
import type { UtilityContext } from "./utility.js";

/** The curve names of -ecc / -cv (bnp256, nistp256, nistp384), for usage lines. */
export const CURVE_USAGE: readonly string[] = Object.keys(CURVE_NAMES).map((n) => `\t\t${n}`);

/** Writes a TPM2B_ECC_POINT value to the file of `flag`, when given. */
export async function writePointFlag(ctx: UtilityContext, flag: string, point: unknown): Promise<void> {
  const file = ctx.flags.string(flag);
  if (file !== undefined) await ctx.writeFile(file, marshalStructure(TPM2B_ECC_POINT, point));
}

/** Reads a TPM2B_ECC_POINT file. */
export async function readPointFile(ctx: UtilityContext, file: string) {
  return unmarshalStructure(TPM2B_ECC_POINT, await ctx.readFile(file), file);
}

/** Writes a commit counter (UINT16) to the file of `flag`, when given. */
export async function writeCounterFlag(ctx: UtilityContext, flag: string, counter: number): Promise<void> {
  const file = ctx.flags.string(flag);
  if (file !== undefined) await ctx.writeFile(file, marshalStructure(UINT16, counter));
}

/** Reads a commit counter file (a marshalled UINT16). */
export async function readCounterFile(ctx: UtilityContext, file: string): Promise<number> {
  return unmarshalStructure(UINT16, await ctx.readFile(file), file);
}
