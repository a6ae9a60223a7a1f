/** shutdown: TPM2_Shutdown. */
import { TPM_SU } from "@tss/marshal";
import type { Utility } from "../utility.js";

/** shutdown [-c | -s]: the later of the two wins, as IBM's. */
export const shutdown: Utility = {
  name: "shutdown",
  summary: "Runs TPM2_Shutdown",
  flags: { "-c": "switch", "-s": "switch" },
  usage: ["\t[-c\tshutdown clear (default)]", "\t[-s\tshutdown state]"],
  async run(ctx) {
    const state = ctx.flags.lastOf("-c", "-s") === "-s";
    await (await ctx.tss()).shutdown({ shutdownType: state ? TPM_SU.STATE : TPM_SU.CLEAR });
    ctx.result({ shutdown: state ? "state" : "clear" });
  },
};
