/** hierarchycontrol: TPM2_HierarchyControl, a hierarchy (or platform NV) enabled or disabled. */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** -he letters: as -hi, but n is platform NV (TPM_RH_PLATFORM_NV), not the null hierarchy. */
const ENABLES: Readonly<Record<string, number>> = {
  e: TPM_RH.ENDORSEMENT,
  o: TPM_RH.OWNER,
  p: TPM_RH.PLATFORM,
  n: TPM_RH.PLATFORM_NV,
};

/** hierarchycontrol -hi e|o|p -he e|o|p|n [-pwda] [-state 0|1 (default 1, enable)]. */
export const hierarchycontrol: Utility = {
  name: "hierarchycontrol",
  summary: "Runs TPM2_HierarchyControl",
  flags: { "-hi": "string", "-he": "string", "-pwda": "string", "-state": "dec", ...SESSION_FLAGS },
  usage: [
    "\t-hi\tauthhandle hierarchy (e, o, p)",
    "\t-he\tenable hierarchy (e, o, p, n)",
    "\t\te\tendorsement, o owner, p platform, n platform NV",
    "\t[-pwda\tauthorization password (default empty)]",
    "\t[-state\t(0 to disable, 1 to enable) (default enable)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authHandle = hierarchyFlag("-hi", f.string("-hi"), "eop");
    const he = f.string("-he");
    const enable = he !== undefined && he.length === 1 ? ENABLES[he] : undefined;
    if (enable === undefined) throw new UsageError("missing or illegal -he (one of e, o, p, n)");
    const state = (f.number("-state") ?? 1) !== 0;
    await (await ctx.tss()).hierarchyControl(
      { authHandle, enable, state },
      {
        sessions: ctx.sessions(true, f.string("-pwda"))!,
      },
    );
  },
};
