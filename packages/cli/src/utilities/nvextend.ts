/** nvextend: TPM2_NV_Extend (an extend index's value becomes H(value || data)). */
import { MAX_DIGEST_BUFFER } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { fileOrStringFromFlags } from "../input-data.js";
import { nvAuthHandle, nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** nvextend -ha index [-pwdn] [-hia o|p] -ic string | -if file. */
export const nvextend: Utility = {
  name: "nvextend",
  summary: "Runs TPM2_NV_Extend",
  flags: { "-ha": "hex", "-pwdn": "string", "-hia": "string", "-ic": "string", "-if": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t-pwdn\tpassword for NV index (default empty)",
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "\t-ic\tdata string",
    "\t-if\tdata file",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t20\tcommand decrypt",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    // The data is a TPM2B_MAX_NV_BUFFER; the TPM bounds it further by TPM_PT_NV_BUFFER_MAX.
    const data = await fileOrStringFromFlags(ctx, MAX_DIGEST_BUFFER);
    await (await ctx.tss()).nvExtend(
      { authHandle, nvIndex, data },
      { sessions: ctx.sessions(true, f.string("-pwdn"))! },
    );
    ctx.result({ nvIndex: hex8(nvIndex), size: data.length });
  },
};
