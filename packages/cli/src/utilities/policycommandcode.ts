/** policycommandcode: TPM2_PolicyCommandCode, limiting a policy to one command. */
import { policySessionFlag } from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policycommandcode -ha policy session -cc command code (hex). */
export const policycommandcode: Utility = {
  name: "policycommandcode",
  summary: "Runs TPM2_PolicyCommandCode",
  flags: { "-ha": "hex", "-cc": "hex" },
  usage: ["\t-ha\tpolicy session handle", "\t-cc\tcommand code"],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const code = ctx.flags.number("-cc");
    if (code === undefined) throw new UsageError("missing parameter -cc");
    await (await ctx.tss()).policyCommandCode({ policySession, code });
  },
};
