/** policynamehash: TPM2_PolicyNameHash, binding a policy to the Names of a command's handles. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, required2BFile, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policynamehash -ha policy session -nh nameHash file (the digest's bytes). */
export const policynamehash: Utility = {
  name: "policynamehash",
  summary: "Runs TPM2_PolicyNameHash",
  flags: { "-ha": "hex", "-nh": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-nh\tNameHash file - TPM2B_DIGEST",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const nameHash = await required2BFile(ctx, "-nh", "nameHash file");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyNameHash({ policySession, nameHash }, sessions ? { sessions } : {});
  },
};
