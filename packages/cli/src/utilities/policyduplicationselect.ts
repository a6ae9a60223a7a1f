/** policyduplicationselect: TPM2_PolicyDuplicationSelect, limiting duplication to a new parent (and object). */
import { SESSION_FLAGS } from "../flags.js";
import { MAX_NAME_BUFFER, policySessionFlag, read2BFile, required2BFile, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";

/** policyduplicationselect -ha policy session -inpn new parent Name file [-ion object Name file] [-io]. */
export const policyduplicationselect: Utility = {
  name: "policyduplicationselect",
  summary: "Runs TPM2_PolicyDuplicationSelect",
  flags: { "-ha": "hex", "-inpn": "string", "-ion": "string", "-io": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-inpn\tnew parent Name file",
    "\t-ion\tobject Name file",
    "\t[-io\tinclude object (default no)",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const policySession = policySessionFlag(ctx, "-ha");
    const newParentName = await required2BFile(ctx, "-inpn", "new parent Name file", MAX_NAME_BUFFER);
    const objectName = await read2BFile(ctx, ctx.flags.string("-ion"), MAX_NAME_BUFFER);
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyDuplicationSelect(
      { policySession, objectName, newParentName, includeObject: ctx.flags.has("-io") },
      sessions ? { sessions } : {},
    );
  },
};
