/** policyor: TPM2_PolicyOR over 2 to 8 branch digests, each in a file. */
import { SESSION_FLAGS } from "../flags.js";
import { policySessionFlag, read2BFile, sessionUsage } from "../policy-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policyor -ha policy session -if digest file (2 to 8 times). */
export const policyor: Utility = {
  name: "policyor",
  summary: "Runs TPM2_PolicyOR",
  flags: { "-ha": "hex", "-if": "list", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-if\tpolicy digest file (2-8 -if specifiers required)",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const files = ctx.flags.list("-if");
    if (files.length > 8) throw new UsageError("-if can only be specified up to 8 times");
    if (files.length < 2) throw new UsageError("-if must be specified 2 to 8 times");
    const digests: Uint8Array[] = [];
    for (const file of files) digests.push(await read2BFile(ctx, file));
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyOR({ policySession, pHashList: digests }, sessions ? { sessions } : {});
  },
};
