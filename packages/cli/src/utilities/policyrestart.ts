/** policyrestart: TPM2_PolicyRestart, resetting a policy session's policyDigest. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policyrestart -ha policy session. */
export const policyrestart: Utility = {
  name: "policyrestart",
  summary: "Runs TPM2_PolicyRestart",
  flags: { "-ha": "hex", ...SESSION_FLAGS },
  usage: ["\t-ha\tpolicy session handle", ...sessionUsage("NULL", "\t20\tcommand decrypt", "\t40\tresponse encrypt")],
  async run(ctx) {
    const sessionHandle = policySessionFlag(ctx, "-ha");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyRestart({ sessionHandle }, sessions ? { sessions } : {});
  },
};
