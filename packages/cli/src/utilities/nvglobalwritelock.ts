/** nvglobalwritelock: TPM2_NV_GlobalWriteLock (every GLOBALLOCK index's writes locked until the next Startup(CLEAR)). */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/** nvglobalwritelock -hia o|p [-pwd]. */
export const nvglobalwritelock: Utility = {
  name: "nvglobalwritelock",
  summary: "Runs TPM2_NV_GlobalWriteLock",
  flags: { "-hia": "string", "-pwd": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hia\thierarchy authorization (o, p)",
    "\t[-pwd\tauthorization password (default empty)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authHandle = hierarchyFlag("-hia", f.string("-hia"), "op");
    await (await ctx.tss()).nvGlobalWriteLock({ authHandle }, { sessions: ctx.sessions(true, f.string("-pwd"))! });
    ctx.result({ authHandle: authHandle.toString(16).padStart(8, "0") });
  },
};
