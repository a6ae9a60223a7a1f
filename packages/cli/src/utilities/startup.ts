/** startup: TPM2_Startup (and optionally TPM2_SelfTest). */
import { TPM_SU } from "@tss/marshal";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** startup -c | -s [-st | -sto]. */
export const startup: Utility = {
  name: "startup",
  summary: "Runs TPM2_Startup",
  flags: { "-c": "switch", "-s": "switch", "-st": "switch", "-sto": "switch" },
  usage: [
    "\t[-c\tstartup clear (default)]",
    "\t[-s\tstartup state]",
    "\t[-st\trun TPM2_SelfTest]",
    "\t[-sto\trun only TPM2_SelfTest (no startup)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    if (f.has("-c") && f.has("-s")) throw new UsageError("-c and -s cannot both be given");
    const tss = await ctx.tss();
    if (!f.has("-sto")) await tss.startup({ startupType: f.has("-s") ? TPM_SU.STATE : TPM_SU.CLEAR });
    if (f.has("-st") || f.has("-sto")) await tss.selfTest({ fullTest: true });
  },
};
