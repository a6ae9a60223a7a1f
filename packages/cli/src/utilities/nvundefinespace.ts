/** nvundefinespace: TPM2_NV_UndefineSpace. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** nvundefinespace -ha index -hi o|p [-pwdp]. */
export const nvundefinespace: Utility = {
  name: "nvundefinespace",
  summary: "Runs TPM2_NV_UndefineSpace",
  flags: { "-ha": "hex", "-hi": "string", "-pwdp": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hi\thierarchy (o, p)",
    "\t\to owner, p platform",
    "\t-ha\tNV index handle",
    "\t-pwdp\tpassword for hierarchy (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = hierarchyFlag("-hi", f.string("-hi"), "op");
    await (await ctx.tss()).nvUndefineSpace(
      { authHandle, nvIndex },
      { sessions: ctx.sessions(true, f.string("-pwdp"))! },
    );
    ctx.result({ nvIndex: hex8(nvIndex) });
  },
};
