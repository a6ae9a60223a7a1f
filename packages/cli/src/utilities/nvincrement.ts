/** nvincrement: TPM2_NV_Increment (a counter index's value goes up by one). */
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** nvincrement -ha index [-pwdn] [-hia o|p]. */
export const nvincrement: Utility = {
  name: "nvincrement",
  summary: "Runs TPM2_NV_Increment",
  flags: { "-ha": "hex", "-pwdn": "string", "-hia": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t-pwdn\tpassword for NV index (default empty)",
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    await (await ctx.tss()).nvIncrement({ authHandle, nvIndex }, { sessions: ctx.sessions(true, f.string("-pwdn"))! });
    ctx.result({ nvIndex: hex8(nvIndex) });
  },
};
