/** unseal: TPM2_Unseal of a sealed data object. */
import { SESSION_FLAGS } from "../flags.js";
import { printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** unseal -ha item [-pwd password] [-of file]. */
export const unseal: Utility = {
  name: "unseal",
  summary: "Runs TPM2_Unseal",
  flags: { "-ha": "hex", "-pwd": "string", "-of": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tsealed data item handle",
    "\t[-pwd\tpassword sealed data item (default empty)]",
    "\t[-of\toutput data (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const itemHandle = ctx.need("-ha", f.number("-ha"), "handle parameter");
    const tss = await ctx.tss();
    const out = await tss.unseal({ itemHandle }, { sessions: ctx.sessions(true, f.string("-pwd"))! });
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, out.outData);
    if (ctx.verbose) ctx.print(printAll("outData", out.outData));
    ctx.result({ outData: out.outData });
  },
};
