/** nvundefinespacespecial: TPM2_NV_UndefineSpaceSpecial (an index with POLICY_DELETE, under its policy and platform auth). */
import { TPM_RH } from "@tss/marshal";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** nvundefinespacespecial -ha index [-pwdn] [-pwdp]: -se0 is the index's (policy) session, -se1 the platform's. */
export const nvundefinespacespecial: Utility = {
  name: "nvundefinespacespecial",
  summary: "Runs TPM2_NV_UndefineSpaceSpecial",
  flags: { "-ha": "hex", "-pwdn": "string", "-pwdp": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t[-pwdp\tpassword for platform (default empty)]",
    "\t[-pwdn\tpassword for NV index (default empty)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t\t-se0 authorizes the NV index (normally a policy session with",
    "\t\tPolicyCommandCode NV_UndefineSpaceSpecial), -se1 the platform",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    await (await ctx.tss()).nvUndefineSpaceSpecial(
      { nvIndex, platform: TPM_RH.PLATFORM },
      { sessions: authSessions(f, [f.string("-pwdn"), f.string("-pwdp")]) },
    );
    ctx.result({ nvIndex: hex8(nvIndex) });
  },
};
