/** hierarchychangeauth: TPM2_HierarchyChangeAuth. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { passwordFromFlags } from "../password-files.js";
import type { Utility } from "../utility.js";

/** hierarchychangeauth -hi l|e|o|p [-pwdn new | -pwdni file] [-pwda current | -pwdai file]. */
export const hierarchychangeauth: Utility = {
  name: "hierarchychangeauth",
  summary: "Runs TPM2_HierarchyChangeAuth",
  flags: {
    "-hi": "string",
    "-pwdn": "string",
    "-pwdni": "string",
    "-pwda": "string",
    "-pwdai": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hi\thierarchy (l, e, o, p)",
    "\t\tl lockout, e endorsement, o owner, p platform",
    "\t-pwdn\tnew authorization password (default empty)",
    "\t-pwdni\tnew authorization password file name, nul terminated (default empty)",
    "\t-pwda\tauthorization password (default empty)",
    "\t-pwdai\tauthorization password file name, nul terminated (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authHandle = hierarchyFlag("-hi", f.string("-hi"), "leop");
    const newAuth = (await passwordFromFlags(ctx, "-pwdn", "-pwdni")) ?? "";
    const password = await passwordFromFlags(ctx, "-pwda", "-pwdai");
    await (await ctx.tss()).hierarchyChangeAuth(
      { authHandle, newAuth: typeof newAuth === "string" ? new TextEncoder().encode(newAuth) : newAuth },
      { sessions: ctx.sessions(true, password)! },
    );
  },
};
