/** eccparameters: TPM2_ECC_Parameters, the TPM's parameters of a curve. */
import { TPMS_ALGORITHM_DETAIL_ECC } from "@tss/marshal";
import { CURVE_NAMES, named } from "../algorithms.js";
import { CURVE_USAGE } from "../ecc-points.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** eccparameters -cv curve [-of file]. */
export const eccparameters: Utility = {
  name: "eccparameters",
  summary: "Runs TPM2_ECC_Parameters",
  flags: { "-cv": "string", "-of": "string" },
  usage: ["\t-cv\tcurve ID", ...CURVE_USAGE, "\t[-of data file, ECC parameters (default do not save)]"],
  async run(ctx) {
    const f = ctx.flags;
    const curve = ctx.need("-cv", f.string("-cv"), "curve ID");
    const curveID = named(CURVE_NAMES, "-cv", curve);
    const tss = await ctx.tss();
    const out = await tss.eccParameters({ curveID });
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, marshalStructure(TPMS_ALGORITHM_DETAIL_ECC, out.parameters));
    ctx.result(out);
  },
};
