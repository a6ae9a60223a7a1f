/** policyauthvalue: TPM2_PolicyAuthValue (the authorized entity's authValue goes into the session HMAC). */
import { policySessionFlag } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policyauthvalue -ha policy session. */
export const policyauthvalue: Utility = {
  name: "policyauthvalue",
  summary: "Runs TPM2_PolicyAuthValue",
  flags: { "-ha": "hex" },
  usage: ["\t-ha\tpolicy session handle"],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    await (await ctx.tss()).policyAuthValue({ policySession });
  },
};
