/** shutdown: TPM2_Shutdown. */
import { TPM_SU } from "@tss/marshal";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** shutdown -c | -s. */
export const shutdown: Utility = {
  name: "shutdown",
  summary: "Runs TPM2_Shutdown",
  flags: { "-c": "switch", "-s": "switch" },
  usage: ["\t[-c\tshutdown clear (default)]", "\t[-s\tshutdown state]"],
  async run(ctx) {
    const f = ctx.flags;
    if (f.has("-c") && f.has("-s")) throw new UsageError("-c and -s cannot both be given");
    await (await ctx.tss()).shutdown({ shutdownType: f.has("-s") ? TPM_SU.STATE : TPM_SU.CLEAR });
  },
};
