/** clockrateadjust: TPM2_ClockRateAdjust. */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** clockrateadjust [-hi p|o] [-pwdp] [-adj n] (n a TPM_CLOCK_ADJUST, -3 coarse slower ... 3 coarse faster). */
export const clockrateadjust: Utility = {
  name: "clockrateadjust",
  summary: "Runs TPM2_ClockRateAdjust",
  flags: { "-hi": "string", "-pwdp": "string", "-adj": "string", ...SESSION_FLAGS },
  usage: [
    "\t[-hi\thierarchy auth (p, o) (default p)]",
    "\t[-pwdp\thierarchy password (default empty)]",
    "\t[-adj\trate adjust (default 0)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const adj = f.string("-adj") ?? "0";
    if (!/^[-+]?\d{1,3}$/.test(adj) || Number(adj) < -128 || Number(adj) > 127)
      throw new UsageError(`bad parameter ${adj} for -adj: expected a number from -128 to 127`);
    const auth = f.has("-hi") ? hierarchyFlag("-hi", f.string("-hi"), "po") : TPM_RH.PLATFORM;
    await (await ctx.tss()).clockRateAdjust(
      { auth, rateAdjust: Number(adj) },
      {
        sessions: ctx.sessions(true, f.string("-pwdp"))!,
      },
    );
  },
};
