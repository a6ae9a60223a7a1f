/** policynv: TPM2_PolicyNV, comparing operandB with an NV index's contents at an offset. */
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvIndexFlag } from "../nv-flags.js";
import {
  OPERATION_USAGE,
  offsetFlag,
  operandBFromFlags,
  operationFlag,
  policySessionFlag,
  sessionUsage,
} from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The authorization handle of -hi o|p, or the NV index itself. */
export function nvPolicyAuthHandle(nvIndex: number, hi: string | undefined): number {
  if (hi !== undefined && hi !== "o" && hi !== "p") throw new UsageError("missing or illegal -hi (o or p)");
  return nvAuthHandle(nvIndex, hi);
}

/** policynv [-hi o|p] -ha NV index [-pwda] -hs policy session -ic string | -if file [-off] [-op]. */
export const policynv: Utility = {
  name: "policynv",
  summary: "Runs TPM2_PolicyNV",
  flags: {
    "-hi": "string",
    "-ha": "hex",
    "-pwda": "string",
    "-hs": "hex",
    "-ic": "string",
    "-if": "string",
    "-off": "dec",
    "-op": "hex",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hi\thierarchy authHandle (o, p)]",
    "\t\tdefault NV index",
    "",
    "\t-ha\tNV index handle (operand A)",
    "\t[-pwda\tpassword for authorization (default empty)]",
    "\t-hs\tpolicy session handle",
    "\t-ic\tdata string (operandB)",
    "\t-if\tdata file (operandB) ",
    "\t[-off\toffset (default 0)]",
    ...OPERATION_USAGE,
    ...sessionUsage("PWAP", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvPolicyAuthHandle(nvIndex, f.string("-hi"));
    const policySession = policySessionFlag(ctx, "-hs");
    const operandB = await operandBFromFlags(ctx);
    const operation = operationFlag(ctx);
    const offset = offsetFlag(ctx);
    const sessions = ctx.sessions(true, f.string("-pwda"))!;
    await (await ctx.tss()).policyNV({ authHandle, nvIndex, policySession, operandB, offset, operation }, { sessions });
  },
};
