/** policyauthorizenv: TPM2_PolicyAuthorizeNV, accepting the policy digest held in an NV index. */
import { SESSION_FLAGS } from "../flags.js";
import { nvIndexFlag } from "../nv-flags.js";
import { policySessionFlag, sessionUsage } from "../policy-flags.js";
import type { Utility } from "../utility.js";
import { nvPolicyAuthHandle } from "./policynv.js";

/** policyauthorizenv [-hi o|p] -ha NV index [-pwda] -hs policy session. */
export const policyauthorizenv: Utility = {
  name: "policyauthorizenv",
  summary: "Runs TPM2_PolicyAuthorizeNV",
  flags: { "-hi": "string", "-ha": "hex", "-pwda": "string", "-hs": "hex", ...SESSION_FLAGS },
  usage: [
    "\t[-hi\thierarchy authHandle (o, p)]",
    "\t\tdefault NV index",
    "\t-ha\tNV index handle",
    "\t[-pwda\tpassword for authorization (default empty)]",
    "\t-hs\tpolicy session handle",
    ...sessionUsage("PWAP", "\t20\tcommand decrypt", "\t40\tresponse encrypt"),
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvPolicyAuthHandle(nvIndex, f.string("-hi"));
    const policySession = policySessionFlag(ctx, "-hs");
    const sessions = ctx.sessions(true, f.string("-pwda"))!;
    await (await ctx.tss()).policyAuthorizeNV({ authHandle, nvIndex, policySession }, { sessions });
  },
};
