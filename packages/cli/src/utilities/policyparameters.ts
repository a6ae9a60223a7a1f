/** policyparameters: TPM2_PolicyParameters, binding a policy to a command's parameters (pHash). */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, required2BFile, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policyparameters -ha policy session -ph parameter hash file (the digest's bytes). */
export const policyparameters: Utility = {
  name: "policyparameters",
  summary: "Runs TPM2_PolicyParameters",
  flags: { "-ha": "hex", "-ph": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-ph\tparameter hash file",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const pHash = await required2BFile(ctx, "-ph", "parameter hash file");
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyParameters({ policySession, pHash }, sessions ? { sessions } : {});
  },
};
