/** policycapability: TPM2_PolicyCapability, comparing operandB with a TPM capability's value. */
import { SESSION_FLAGS } from "../flags.js";
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

/** policycapability -hs policy session -ic | -if operandB [-off] [-op] -cap capability [-pr property]. */
export const policycapability: Utility = {
  name: "policycapability",
  summary: "Runs TPM2_PolicyCapability",
  flags: {
    "-hs": "hex",
    "-ic": "string",
    "-if": "string",
    "-off": "dec",
    "-op": "hex",
    "-cap": "hex",
    "-pr": "hex",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hs\tpolicy session handle",
    "\t-ic\tdata string (operandB)",
    "\t-if\tdata file (operandB) ",
    "\t[-off\toffset (default 0)]",
    ...OPERATION_USAGE,
    "",
    "\t-cap\tcapability",
    "\t-pr\tproperty (defaults to 0)",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const policySession = policySessionFlag(ctx, "-hs");
    const operandB = await operandBFromFlags(ctx);
    const capability = f.number("-cap");
    if (capability === undefined) throw new UsageError("missing or illegal parameter -cap");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyCapability(
      {
        policySession,
        operandB,
        offset: offsetFlag(ctx),
        operation: operationFlag(ctx),
        capability,
        property: f.number("-pr") ?? 0,
      },
      sessions ? { sessions } : {},
    );
  },
};
