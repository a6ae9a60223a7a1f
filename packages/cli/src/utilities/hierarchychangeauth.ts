/** hierarchychangeauth: TPM2_HierarchyChangeAuth. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/** hierarchychangeauth -hi l|e|o|p [-pwdn new] [-pwda current]. */
export const hierarchychangeauth: Utility = {
  name: "hierarchychangeauth",
  summary: "Runs TPM2_HierarchyChangeAuth",
  flags: { "-hi": "string", "-pwdn": "string", "-pwda": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hi\thierarchy (l, e, o, p)",
    "\t\tl lockout, e endorsement, o owner, p platform",
    "\t-pwdn\tnew authorization password (default empty)",
    "\t-pwda\tauthorization password (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authHandle = hierarchyFlag("-hi", f.string("-hi"), "leop");
    await (await ctx.tss()).hierarchyChangeAuth(
      { authHandle, newAuth: new TextEncoder().encode(f.string("-pwdn") ?? "") },
      { sessions: ctx.sessions(true, f.string("-pwda"))! },
    );
  },
};
