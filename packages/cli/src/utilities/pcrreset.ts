/** pcrreset: TPM2_PCR_Reset of a resettable PCR (16 and 23 at locality 0 on a PC Client TPM). */
import { SESSION_FLAGS } from "../flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** pcrreset -ha pcr [-se0 ...]. */
export const pcrreset: Utility = {
  name: "pcrreset",
  summary: "Runs TPM2_PCR_Reset",
  flags: { "-ha": "dec", ...SESSION_FLAGS },
  usage: ["\t-ha\tpcr handle", "", "\t-se[0-2] session handle / attributes (default PWAP)", "\t01\tcontinue"],
  async run(ctx) {
    const pcr = ctx.flags.number("-ha");
    if (pcr === undefined || pcr > 23) throw new UsageError("Missing or bad PCR handle parameter -ha");
    const tss = await ctx.tss();
    await tss.pcrReset({ pcrHandle: pcr }, { sessions: ctx.sessions(true)! });
  },
};
