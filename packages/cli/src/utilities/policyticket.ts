/** policyticket: TPM2_PolicyTicket, replaying a PolicySigned or PolicySecret ticket. */
import { TPMT_TK_AUTH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { MAX_NAME_BUFFER, policySessionFlag, read2BFile, required2BFile, sessionUsage } from "../policy-flags.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** policyticket -ha policy session -to timeout [-cp] [-pref] -na authName file | -hi e|o|p -tk ticket. */
export const policyticket: Utility = {
  name: "policyticket",
  summary: "Runs TPM2_PolicyTicket",
  flags: {
    "-ha": "hex",
    "-to": "string",
    "-cp": "string",
    "-pref": "string",
    "-na": "string",
    "-hi": "string",
    "-tk": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\tpolicy session handle",
    "\t-to\ttimeout file name",
    "\t[-cp\tcpHash file (default none)]",
    "\t[-pref\tpolicyRef file (default none)]",
    "\t-na\tauthName file (not hierarchy)",
    "\t-hi\thierarchy (e, o, p) (authName is hierarchy)",
    "\t\te endorsement, o owner, p platform",
    "\t-tk\tticket file name",
    ...sessionUsage("NULL", "\t20\tcommand decrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const policySession = policySessionFlag(ctx, "-ha");
    const timeout = await required2BFile(ctx, "-to", "timeout file name parameter");
    const tk = f.string("-tk");
    if (tk === undefined) throw new UsageError("missing ticket file name parameter -tk");
    const na = f.string("-na");
    const hi = f.string("-hi");
    if (na === undefined && hi === undefined) throw new UsageError("missing parameter -na or -hi");
    if (na !== undefined && hi !== undefined) throw new UsageError("cannot specify both -na and -hi");
    let authName: Uint8Array;
    if (na !== undefined) authName = await read2BFile(ctx, na, MAX_NAME_BUFFER);
    else {
      // A hierarchy's Name is its handle, big-endian.
      const h = hierarchyFlag("-hi", hi, "eop");
      authName = Uint8Array.of(h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
    }
    const ticket = unmarshalStructure(TPMT_TK_AUTH, await ctx.readFile(tk), tk);
    const sessions = ctx.sessions(false);
    await (await ctx.tss()).policyTicket(
      {
        policySession,
        timeout,
        cpHashA: await read2BFile(ctx, f.string("-cp")),
        policyRef: await read2BFile(ctx, f.string("-pref")),
        authName,
        ticket,
      },
      sessions ? { sessions } : {},
    );
  },
};
