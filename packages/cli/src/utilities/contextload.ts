/** contextload: TPM2_ContextLoad of a saved context file. */
import { TPMS_CONTEXT } from "@tss/marshal";
import { hex8 } from "../print-all.js";
import { unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** contextload -if file. */
export const contextload: Utility = {
  name: "contextload",
  summary: "Runs TPM2_ContextLoad",
  flags: { "-if": "string" },
  usage: ["\t-if\tcontext file name"],
  async run(ctx) {
    const file = ctx.need("-if", ctx.flags.string("-if"), "context file parameter");
    const context = unmarshalStructure(TPMS_CONTEXT, await ctx.readFile(file), file);
    const out = await (await ctx.tss()).contextLoad({ context });
    ctx.print(`Handle ${hex8(out.loadedHandle)}\n`);
    ctx.result({ handle: hex8(out.loadedHandle) });
  },
};
