/** clear: TPM2_Clear, the owner and endorsement hierarchies reset, authorized by lockout or platform. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/** clear -hi l|p [-pwda]. */
export const clear: Utility = {
  name: "clear",
  summary: "Runs TPM2_Clear",
  flags: { "-hi": "string", "-pwda": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hi\tauthhandle hierarchy (l, p)",
    "\t\tl lockout, p platform",
    "\t-pwda\tauthorization password (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const authHandle = hierarchyFlag("-hi", ctx.flags.string("-hi"), "lp");
    await (await ctx.tss()).clear(
      { authHandle },
      {
        sessions: ctx.sessions(true, ctx.flags.string("-pwda"))!,
      },
    );
  },
};
