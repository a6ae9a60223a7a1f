/** flushcontext: TPM2_FlushContext of a transient object or session. */
import type { Utility } from "../utility.js";

/** flushcontext -ha handle. */
export const flushcontext: Utility = {
  name: "flushcontext",
  summary: "Runs TPM2_FlushContext",
  flags: { "-ha": "hex" },
  usage: ["\t-ha\thandle"],
  async run(ctx) {
    const flushHandle = ctx.need("-ha", ctx.flags.number("-ha"), "handle parameter");
    await (await ctx.tss()).flushContext({ flushHandle });
  },
};
