/** policypassword: TPM2_PolicyPassword (the authorized entity's authValue is sent in clear). */
import { policySessionFlag } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policypassword -ha policy session. */
export const policypassword: Utility = {
  name: "policypassword",
  summary: "Runs TPM2_PolicyPassword",
  flags: { "-ha": "hex" },
  usage: ["\t-ha\tpolicy session handle"],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    await (await ctx.tss()).policyPassword({ policySession });
  },
};
