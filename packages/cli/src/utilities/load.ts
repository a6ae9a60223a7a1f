/** load: TPM2_Load of a key's public and private parts from files. */
import { TPM2B_PRIVATE, TPM2B_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hex8 } from "../print-all.js";
import { unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** load -hp parent [-pwdp] -ipu file -ipr file. */
export const load: Utility = {
  name: "load",
  summary: "Runs TPM2_Load",
  flags: { "-hp": "hex", "-pwdp": "string", "-ipu": "string", "-ipr": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hp\tparent handle",
    "\t[-pwdp\tpassword for parent key (default empty)]",
    "\t-ipu\tpublic key file name",
    "\t-ipr\tprivate key file name",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "handle parameter");
    const ipu = ctx.need("-ipu", f.string("-ipu"), "public key parameter");
    const ipr = ctx.need("-ipr", f.string("-ipr"), "private key parameter");
    const inPublic = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu);
    const inPrivate = unmarshalStructure(TPM2B_PRIVATE, await ctx.readFile(ipr), ipr);
    const tss = await ctx.tss();
    const out = await tss.load(
      { parentHandle, inPrivate, inPublic },
      {
        sessions: ctx.sessions(true, f.string("-pwdp"))!,
      },
    );
    ctx.print(`Handle ${hex8(out.objectHandle)}\n`);
  },
};
