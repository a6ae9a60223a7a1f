/**
 * The flags the IBM policy utilities share: the policy session handle, optional
 * raw-binary TPM2B files (nonceTPM, cpHash, policyRef, Names: the file's bytes
 * are the buffer), the operandB of PolicyNV / PolicyCounterTimer /
 * PolicyCapability (-ic string or -if file), its comparison (-op, hex 0..B),
 * and the ticket (-tk, a marshalled TPMT_TK_AUTH) and timeout (-to, the
 * TPM2B_TIMEOUT's bytes) that PolicySigned and PolicySecret write.
 */
import { TPM_EO, TPMT_TK_AUTH, TssError } from "@tss/marshal";
import { marshalStructure } from "./structure-files.js";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/** The largest TPM2B_DIGEST / TPM2B_NONCE / TPM2B_OPERAND buffer (sizeof(TPMU_HA), SHA-512). */
export const MAX_POLICY_BUFFER = 64;
/** The largest TPM2B_NAME buffer (a hash algorithm and a SHA-512 digest). */
export const MAX_NAME_BUFFER = 66;

/** The policy session handle of `flag` (-ha or -hs), required. */
export function policySessionFlag(ctx: UtilityContext, flag: string): number {
  const h = ctx.flags.number(flag);
  if (h === undefined) throw new UsageError(`missing policy session handle parameter ${flag}`);
  return h;
}

/**
 * A whole file read into a TPM2B buffer of at most `max` bytes (IBM's
 * TSS_File_Read2B); an empty buffer when `file` is undefined.
 */
export async function read2BFile(
  ctx: UtilityContext,
  file: string | undefined,
  max: number = MAX_POLICY_BUFFER,
): Promise<Uint8Array> {
  if (file === undefined) return new Uint8Array(0);
  const bytes = await ctx.readFile(file);
  if (bytes.length > max)
    throw new TssError("BAD_PARAMETER", `${file}: ${bytes.length} bytes do not fit a ${max}-byte TPM2B buffer`);
  return bytes;
}

/** A required file flag read into a TPM2B buffer. */
export async function required2BFile(ctx: UtilityContext, flag: string, what: string, max?: number) {
  const file = ctx.flags.string(flag);
  if (file === undefined) throw new UsageError(`missing ${what} ${flag}`);
  return read2BFile(ctx, file, max);
}

/** operandB of -ic (the string's bytes, no nul) or -if (a file): exactly one. */
export async function operandBFromFlags(ctx: UtilityContext): Promise<Uint8Array> {
  const text = ctx.flags.string("-ic");
  const file = ctx.flags.string("-if");
  if (text === undefined && file === undefined)
    throw new UsageError("operandB data string or data file must be specified");
  if (text !== undefined && file !== undefined)
    throw new UsageError("operandB data string and data file cannot both be specified");
  if (file !== undefined) return read2BFile(ctx, file);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_POLICY_BUFFER)
    throw new TssError("BAD_PARAMETER", `-ic data ${bytes.length} bytes is longer than ${MAX_POLICY_BUFFER}`);
  return bytes;
}

/** The TPM_EO of -op (hex 0 to B; default 0, A = B). */
export function operationFlag(ctx: UtilityContext): number {
  const op = ctx.flags.number("-op") ?? TPM_EO.EQ;
  if (op > TPM_EO.BITCLEAR) throw new UsageError(`bad parameter ${op.toString(16)} for -op (0 to B)`);
  return op;
}

/** The usage lines of -op. */
export const OPERATION_USAGE: readonly string[] = [
  "\t-op\toperation (default A = B)",
  "",
  "\t\t0\tA = B ",
  "\t\t1\tA != B ",
  "\t\t2\tA > B signed\t ",
  "\t\t3\tA > B unsigned\t ",
  "\t\t4\tA < B signed\t ",
  "\t\t5\tA < B unsigned\t ",
  "\t\t6\tA >= B signed\t ",
  "\t\t7\tA >= B unsigned\t ",
  "\t\t8\tA <= B signed\t ",
  "\t\t9\tA <= B unsigned\t ",
  "\t\tA\tAll bits SET in B are SET in A. ((A&B)=B) ",
  "\t\tB\tAll bits SET in B are CLEAR in A. ((A&B)=0) ",
];

/** The -off offset (decimal, default 0), a UINT16. */
export function offsetFlag(ctx: UtilityContext): number {
  const off = ctx.flags.number("-off") ?? 0;
  if (off > 0xffff) throw new UsageError(`-off ${off} is beyond a UINT16`);
  return off;
}

/** Writes -tk (the TPMT_TK_AUTH, marshalled) and -to (the timeout's bytes) when given. */
export async function writeTicketFiles(
  ctx: UtilityContext,
  out: { timeout: Uint8Array; policyTicket: unknown },
): Promise<void> {
  const tk = ctx.flags.string("-tk");
  if (tk !== undefined) await ctx.writeFile(tk, marshalStructure(TPMT_TK_AUTH, out.policyTicket));
  const to = ctx.flags.string("-to");
  if (to !== undefined) await ctx.writeFile(to, out.timeout);
}

/** The usage lines of the session flags, with the attribute bits the command allows. */
export function sessionUsage(defaultText: "PWAP" | "NULL", ...bits: string[]): string[] {
  return ["", `\t-se[0-2] session handle / attributes (default ${defaultText})`, "\t01\tcontinue", ...bits];
}
