/** create: TPM2_Create of a key or sealed data object under a loaded parent. */
import { TPM2B_PRIVATE, TPM2B_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { KEY_FLAGS, KEY_USAGE, keyFromFlags } from "../key-flags.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** create -hp parent [-pwdp] [-pwdk] -st | -si | -sir | -den | -deo | -dee | -bl -if file [-opu] [-opr]. */
export const create: Utility = {
  name: "create",
  summary: "Runs TPM2_Create",
  flags: { "-hp": "hex", "-pwdp": "string", "-opu": "string", "-opr": "string", ...KEY_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t-hp\tparent handle",
    "\t[-pwdp\tpassword for parent key (default empty)]",
    ...KEY_USAGE,
    "\t[-opu\tpublic key file name (default do not save)]",
    "\t[-opr\tprivate key file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "handle parameter");
    const key = await keyFromFlags(ctx, false);
    const tss = await ctx.tss();
    const out = await tss.create({ parentHandle, ...key, outsideInfo: new Uint8Array(0), creationPCR: [] } as never, {
      sessions: ctx.sessions(true, f.string("-pwdp"))!,
    });
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshalStructure(TPM2B_PUBLIC, out.outPublic));
    const opr = f.string("-opr");
    if (opr !== undefined) await ctx.writeFile(opr, marshalStructure(TPM2B_PRIVATE, out.outPrivate));
  },
};
