/** nvreadpublic: TPM2_NV_ReadPublic (recording the index's Name in TPM_DATA_DIR for later sessions). */
import { TPM2B_NV_PUBLIC } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8, hexString, printAll } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** nvreadpublic -ha index [-opu file] [-on file] [-ns]. */
export const nvreadpublic: Utility = {
  name: "nvreadpublic",
  summary: "Runs TPM2_NV_ReadPublic",
  flags: { "-ha": "hex", "-opu": "string", "-on": "string", "-ns": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t[-opu\tNV public file name (default do not save)]",
    "\t[-ns\tadditionally print Name in hex ascii on one line]",
    "\t[-on\tbinary format Name file name]",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.nvReadPublic({ nvIndex }, sessions ? { sessions } : {});
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshalStructure(TPM2B_NV_PUBLIC, out.nvPublic));
    const on = f.string("-on");
    if (on !== undefined) await ctx.writeFile(on, out.nvName);
    const p = out.nvPublic.nvPublic as {
      nameAlg: number;
      dataSize: number;
      attributes: number;
      authPolicy: Uint8Array;
    };
    ctx.print(
      `nvreadpublic: name algorithm ${p.nameAlg.toString(16).padStart(4, "0")}\n` +
        `nvreadpublic: data size ${p.dataSize}\n` +
        `nvreadpublic: attributes ${hex8(p.attributes)}\n` +
        printAll("nvreadpublic: policy", p.authPolicy) +
        printAll("nvreadpublic: name", out.nvName) +
        (f.has("-ns") ? `${hexString(out.nvName)}\n` : ""),
    );
  },
};
