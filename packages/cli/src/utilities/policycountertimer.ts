/** policycountertimer: TPM2_PolicyCounterTimer, comparing operandB with the TPMS_TIME_INFO at an offset. */
import { SESSION_FLAGS } from "../flags.js";
import {
  OPERATION_USAGE,
  offsetFlag,
  operandBFromFlags,
  operationFlag,
  policySessionFlag,
  sessionUsage,
} from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policycountertimer -ha policy session -ic string | -if file [-off offset] [-op operation]. */
export const policycountertimer: Utility = {
  name: "policycountertimer",
  summary: "Runs TPM2_PolicyCounterTimer",
  flags: { "-ha": "hex", "-ic": "string", "-if": "string", "-off": "dec", "-op": "hex", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-ic\tdata string (operandB)",
    "\t-if\tdata file (operandB) ",
    "\t[-off\toffset (default 0)]",
    ...OPERATION_USAGE,
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const operandB = await operandBFromFlags(ctx);
    const operation = operationFlag(ctx);
    const offset = offsetFlag(ctx);
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyCounterTimer(
      { policySession, operandB, offset, operation },
      sessions ? { sessions } : {},
    );
  },
};
