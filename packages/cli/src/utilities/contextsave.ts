/** contextsave: TPM2_ContextSave of an object, sequence or session. */
import { marshal, TPMS_CONTEXT } from "@tss/marshal";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** contextsave -ha handle [-of file]. */
export const contextsave: Utility = {
  name: "contextsave",
  summary: "Runs TPM2_ContextSave",
  flags: { "-ha": "hex", "-of": "string" },
  usage: ["\t-ha\thandle", "\t[-of\tcontext file name (default do not save)]"],
  async run(ctx) {
    const f = ctx.flags;
    const saveHandle = ctx.need("-ha", f.number("-ha"), "handle parameter");
    const out = await (await ctx.tss()).contextSave({ saveHandle });
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, marshal(TPMS_CONTEXT, out.context));
    ctx.print(`TPMS_CONTEXT.savedHandle ${hex8(out.context.savedHandle)}\n`);
    ctx.result({ context: out.context });
  },
};
