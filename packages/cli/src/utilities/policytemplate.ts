/** policytemplate: TPM2_PolicyTemplate, binding a policy to the template of the object to create. */
import { policySessionFlag, required2BFile } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policytemplate -ha policy session -te template hash file (the digest's bytes). */
export const policytemplate: Utility = {
  name: "policytemplate",
  summary: "Runs TPM2_PolicyTemplate",
  flags: { "-ha": "hex", "-te": "string" },
  usage: ["\t-ha\tpolicy session handle", "\t-te\ttemplate file"],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const templateHash = await required2BFile(ctx, "-te", "template hash file");
    await (await ctx.tss()).policyTemplate({ policySession, templateHash });
  },
};
