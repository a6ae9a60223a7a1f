/** policyauthorize: TPM2_PolicyAuthorize, replacing the policyDigest with an approved policy and its verification ticket. */
import { TPMT_TK_VERIFIED } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { MAX_NAME_BUFFER, policySessionFlag, read2BFile, required2BFile, sessionUsage } from "../policy-flags.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policyauthorize -ha policy session -appr approved policy file [-pref] -skn signing key Name file -tk ticket. */
export const policyauthorize: Utility = {
  name: "policyauthorize",
  summary: "Runs TPM2_PolicyAuthorize",
  flags: { "-ha": "hex", "-appr": "string", "-pref": "string", "-skn": "string", "-tk": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-appr\tfile name of digest of the policy being approved",
    "\t[-pref\tpolicyRef file] (default none)",
    "\t-skn\tsigning key Name file name",
    "\t-tk\tticket file name",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const policySession = policySessionFlag(ctx, "-ha");
    const approvedPolicy = await required2BFile(ctx, "-appr", "parameter");
    const keySign = await required2BFile(ctx, "-skn", "parameter", MAX_NAME_BUFFER);
    const tk = f.string("-tk");
    if (tk === undefined) throw new UsageError("missing parameter -tk");
    const checkTicket = unmarshalStructure(TPMT_TK_VERIFIED, await ctx.readFile(tk), tk);
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyAuthorize(
      { policySession, approvedPolicy, policyRef: await read2BFile(ctx, f.string("-pref")), keySign, checkTicket },
      sessions ? { sessions } : {},
    );
  },
};
