/** readpublic: TPM2_ReadPublic of a loaded object. */
import { TPM2B_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hex8, hexString, printAll } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** readpublic -ho handle [-opu file] [-ns]. */
export const readpublic: Utility = {
  name: "readpublic",
  summary: "Runs TPM2_ReadPublic",
  flags: { "-ho": "hex", "-opu": "string", "-ns": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-ho\tobject handle",
    "\t[-opu\tpublic key file name (default do not save)]",
    "\t[-ns\tadditionally print Name in hex ascii on one line]",
    "\t\tUseful to paste into policy",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.readPublic({ objectHandle }, sessions ? { sessions } : {});
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshalStructure(TPM2B_PUBLIC, out.outPublic));
    const p = out.outPublic.publicArea as { type: number; nameAlg: number; objectAttributes: number };
    ctx.print(
      `type ${p.type.toString(16).padStart(4, "0")} nameAlg ${p.nameAlg.toString(16).padStart(4, "0")} objectAttributes ${hex8(p.objectAttributes)}\n${printAll("name", out.name)}`,
    );
    if (f.has("-ns")) ctx.print(`${hexString(out.name)}\n`);
  },
};
