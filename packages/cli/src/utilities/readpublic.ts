/** readpublic: TPM2_ReadPublic of a loaded object. */
import { marshal, TPM2B_PUBLIC, tpmtPublicLines } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { writePublicPem } from "../pem-files.js";
import { hexString, printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** readpublic -ho handle [-opu file] [-opem file] [-ns]. */
export const readpublic: Utility = {
  name: "readpublic",
  summary: "Runs TPM2_ReadPublic",
  flags: { "-ho": "hex", "-opu": "string", "-opem": "string", "-ns": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-ho\tobject handle",
    "\t[-opu\tpublic key file name (default do not save)]",
    "\t[-opem\tpublic key PEM format file name (default do not save)]",
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
    if (opu !== undefined) await ctx.writeFile(opu, marshal(TPM2B_PUBLIC, out.outPublic));
    const opem = f.string("-opem");
    if (opem !== undefined) await writePublicPem(ctx, opem, out.outPublic.publicArea);
    // As IBM's: the public area and Name only with -v; -ns prints the Name on one line.
    if (ctx.verbose) {
      ctx.print(`${tpmtPublicLines(out.outPublic.publicArea, 0).join("\n")}\n${printAll("name", out.name)}`);
    }
    if (f.has("-ns")) ctx.print(`${hexString(out.name)}\n`);
    ctx.result({ outPublic: out.outPublic, name: out.name, qualifiedName: out.qualifiedName });
  },
};
