/** createprimary: TPM2_CreatePrimary from the IBM key-type flags. */
import { TPM2B_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { KEY_FLAGS, KEY_USAGE, keyFromFlags } from "../key-flags.js";
import { hex8 } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** createprimary [-hi e|o|p|n] [-pwdp] [-pwdk] [-rsa bits | -ecc curve] [-st | -si | ...] [-opu file]. */
export const createprimary: Utility = {
  name: "createprimary",
  summary: "Runs TPM2_CreatePrimary (default: an RSA 2048 storage key in the null hierarchy)",
  flags: { "-hi": "string", "-pwdp": "string", "-opu": "string", ...KEY_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t[-hi\thierarchy (e, o, p, n) (default null)]",
    "\t[-pwdp\tpassword for hierarchy (default empty)]",
    ...KEY_USAGE.filter((l) => !l.includes("-bl") && !l.includes("-if")),
    "\t[-opu\tpublic key file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const primaryHandle = hierarchyFlag("-hi", f.string("-hi") ?? "n", "eopn");
    const key = await keyFromFlags(ctx, true);
    const tss = await ctx.tss();
    const out = await tss.createPrimary(
      { primaryHandle, ...key, outsideInfo: new Uint8Array(0), creationPCR: [] } as never,
      { sessions: ctx.sessions(true, f.string("-pwdp"))! },
    );
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshalStructure(TPM2B_PUBLIC, out.outPublic));
    ctx.print(`Handle ${hex8(out.objectHandle)}\n`);
  },
};
