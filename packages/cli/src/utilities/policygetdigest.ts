/** policygetdigest: TPM2_PolicyGetDigest, printing (and optionally saving) a policy session's policyDigest. */
import { policySessionFlag } from "../policy-flags.js";
import { printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** policygetdigest -ha policy session [-of file]. */
export const policygetdigest: Utility = {
  name: "policygetdigest",
  summary: "Runs TPM2_PolicyGetDigest",
  flags: { "-ha": "hex", "-of": "string" },
  usage: ["\t-ha\tpolicy session handle", "\t[-of\tbinary digest file name (default do not save)]"],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const { policyDigest } = await (await ctx.tss()).policyGetDigest({ policySession });
    const of = ctx.flags.string("-of");
    if (of !== undefined) await ctx.writeFile(of, policyDigest);
    ctx.print(printAll("policyDigest", policyDigest));
    ctx.result({ policyDigest });
  },
};
