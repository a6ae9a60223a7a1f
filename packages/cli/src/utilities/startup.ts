/** startup: TPM2_Startup (and optionally TPM2_SelfTest), as IBM's. */
import { TPM_SU } from "@tss/marshal";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** startup [-c | -s] [-st | -sto] [-loc locality]: a later -c/-s/-sto overrides an earlier one, as IBM's. */
export const startup: Utility = {
  name: "startup",
  summary: "Runs TPM2_Startup",
  flags: { "-c": "switch", "-s": "switch", "-st": "switch", "-sto": "switch", "-loc": "string" },
  usage: [
    "\t[-c\tstartup clear (default)]",
    "\t[-s\tstartup state]",
    "\t[-st\trun TPM2_SelfTest]",
    "\t[-sto\trun only TPM2_SelfTest (no startup)]",
    "\t[-loc\tlocality of TPM2_Startup (default TPM_TRANSMIT_LOCALITY, normally 0)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const last = f.lastOf("-c", "-s", "-sto");
    const doStartup = last !== "-sto";
    const selfTest = f.has("-st") || f.has("-sto");
    const startupType = last === "-s" ? TPM_SU.STATE : TPM_SU.CLEAR;
    const locality = f.string("-loc");
    if (locality !== undefined && !/^\d{1,3}$/.test(locality))
      throw new UsageError(`bad parameter ${locality} for -loc: expected a locality number`);
    const tss = await ctx.tss();
    if (doStartup) {
      await tss.startup({ startupType }, locality !== undefined ? { locality: Number(locality) } : {});
    }
    if (selfTest) {
      await tss.selfTest({ fullTest: true });
      // IBM's startup prints this whether or not -v is given.
      ctx.print("selftest: success\n");
    }
    ctx.result({ startup: doStartup ? (startupType === TPM_SU.STATE ? "state" : "clear") : null, selfTest });
  },
};
