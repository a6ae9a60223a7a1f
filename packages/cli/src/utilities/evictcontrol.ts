/** evictcontrol: TPM2_EvictControl: make a transient object persistent, or evict a persistent one. */
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/** evictcontrol -hi o|p -ho object -hp persistent [-pwda]. */
export const evictcontrol: Utility = {
  name: "evictcontrol",
  summary: "Runs TPM2_EvictControl",
  flags: { "-hi": "string", "-ho": "hex", "-hp": "hex", "-pwda": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hi\tauthhandle hierarchy (o, p)",
    "\t\to owner, p platform",
    "\t-ho\tobject handle",
    "\t\tif transient: make persistent, if persistent: flush",
    "\t-hp\tpersistent handle",
    "\t\towner    81000000 to 817FFFFF",
    "\t\tplatform 81800000 to 81FFFFFF",
    "\t-pwda\tauthorization password (default empty)",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "handle parameter");
    const persistentHandle = ctx.need("-hp", f.number("-hp"), "handle parameter");
    const auth = hierarchyFlag("-hi", f.string("-hi"), "op");
    await (await ctx.tss()).evictControl(
      { auth, objectHandle, persistentHandle },
      { sessions: ctx.sessions(true, f.string("-pwda"))! },
    );
  },
};
