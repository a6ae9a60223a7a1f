/** nvchangeauth: TPM2_NV_ChangeAuth (the index's authValue; the TPM requires a policy session, ADMIN role). */
import { SESSION_FLAGS } from "../flags.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** nvchangeauth -ha index [-pwdo old] [-pwdn new] -se0 policy-session 01. */
export const nvchangeauth: Utility = {
  name: "nvchangeauth",
  summary: "Runs TPM2_NV_ChangeAuth",
  flags: { "-ha": "hex", "-pwdo": "string", "-pwdn": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t-pwdo\tpassword (default empty)",
    "\t-pwdn\tnew password (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t\tthe TPM requires -se0 to be a policy session (PolicyCommandCode NV_ChangeAuth)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const newAuth = new TextEncoder().encode(f.string("-pwdn") ?? "");
    await (await ctx.tss()).nvChangeAuth({ nvIndex, newAuth }, { sessions: ctx.sessions(true, f.string("-pwdo"))! });
    ctx.result({ nvIndex: hex8(nvIndex) });
  },
};
