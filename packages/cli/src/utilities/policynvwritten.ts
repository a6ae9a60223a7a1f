/** policynvwritten: TPM2_PolicyNvWritten, requiring an NV index's TPMA_NV_WRITTEN to be set or clear. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, sessionUsage } from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policynvwritten -hs policy session -ws y|n. */
export const policynvwritten: Utility = {
  name: "policynvwritten",
  summary: "Runs TPM2_PolicyNvWritten",
  flags: { "-hs": "hex", "-ws": "string", ...SESSION_FLAGS },
  usage: ["\t-hs\tpolicy session handle", "\t-ws\twritten set (y, n)", ...sessionUsage("NULL", "\t80\taudit")],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-hs");
    const ws = ctx.flags.string("-ws");
    if (ws !== "y" && ws !== "n") throw new UsageError("missing or illegal -ws (y or n)");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyNvWritten({ policySession, writtenSet: ws === "y" }, sessions ? { sessions } : {});
  },
};
