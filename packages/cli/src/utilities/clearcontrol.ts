/** clearcontrol: TPM2_ClearControl, TPM2_Clear disallowed or allowed. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/**
 * clearcontrol -hi l|p [-pwda] [-state n]: as IBM's, a non-zero -state (the
 * default 1) sets disable = YES (Clear disallowed); -state 0 sets disable = NO.
 */
export const clearcontrol: Utility = {
  name: "clearcontrol",
  summary: "Runs TPM2_ClearControl",
  flags: { "-hi": "string", "-pwda": "string", "-state": "dec", ...SESSION_FLAGS },
  usage: [
    "\t-hi\tauthhandle hierarchy (l, p)",
    "\t\tl lockout, p platform",
    "\t-pwda\tauthorization password (default empty)",
    "\t-state\t0 to disable, 1 to enable (default enable)",
    "\t\t(enable sets disableClear: TPM2_Clear is then refused)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const auth = hierarchyFlag("-hi", ctx.flags.string("-hi"), "lp");
    const disable = (ctx.flags.number("-state") ?? 1) !== 0;
    await (await ctx.tss()).clearControl(
      { auth, disable },
      {
        sessions: ctx.sessions(true, ctx.flags.string("-pwda"))!,
      },
    );
  },
};
