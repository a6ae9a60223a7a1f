/** ecephemeral: TPM2_EC_Ephemeral, an ephemeral key for a two-phase key exchange (ZGen_2Phase). */
import { CURVE_NAMES, named } from "../algorithms.js";
import { CURVE_USAGE, writeCounterFlag, writePointFlag } from "../ecc-points.js";
import type { Utility } from "../utility.js";

/** ecephemeral -ecc curve [-oq file] [-cf file]. */
export const ecephemeral: Utility = {
  name: "ecephemeral",
  summary: "Runs TPM2_EC_Ephemeral",
  flags: { "-ecc": "string", "-oq": "string", "-cf": "string" },
  usage: [
    "\t-ecc\tcurve",
    ...CURVE_USAGE,
    "\t[-oq\toutput Q ephemeral public key file name (default do not save)]",
    "\t[-cf\toutput counter file name (default do not save)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const curve = ctx.need("-ecc", f.string("-ecc"), "curve ID");
    const curveID = named(CURVE_NAMES, "-ecc", curve);
    const tss = await ctx.tss();
    const out = await tss.ecEphemeral({ curveID });
    await writePointFlag(ctx, "-oq", out.Q);
    if (ctx.verbose) ctx.print(`counter is ${out.counter}\n`);
    await writeCounterFlag(ctx, "-cf", out.counter);
    ctx.result(out);
  },
};
