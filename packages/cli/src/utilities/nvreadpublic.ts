/** nvreadpublic: TPM2_NV_ReadPublic (recording the index's Name in TPM_DATA_DIR for later sessions). */
import { TPM2B_NV_PUBLIC, TssError, tpmaNvLines } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { nvIndexFlag } from "../nv-flags.js";
import { hex8, hexString, printAll } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** nvreadpublic -ha index [-nalg alg] [-opu file] [-on file] [-ns]. */
export const nvreadpublic: Utility = {
  name: "nvreadpublic",
  summary: "Runs TPM2_NV_ReadPublic",
  flags: { "-ha": "hex", "-nalg": "string", "-opu": "string", "-on": "string", "-ns": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t[-nalg\texpected name hash algorithm (sha1, sha256, sha384 sha512)",
    "\t\t(default no check)]",
    "\t[-opu\tNV public file name (default do not save)]",
    "\t[-ns\tadditionally print Name in hex ascii on one line]",
    "\t[-on\tbinary format Name file name]",
    "\t\tUseful to paste into policy",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const expectedAlg = f.has("-nalg") ? hashFlag("-nalg", f.string("-nalg")) : undefined;
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.nvReadPublic({ nvIndex }, sessions ? { sessions } : {});
    const p = out.nvPublic.nvPublic as {
      nvIndex: number;
      nameAlg: number;
      dataSize: number;
      attributes: number;
      authPolicy: Uint8Array;
    };
    // -nalg: the public area's and the Name's hash algorithm are checked, as IBM's (TSS_RC_MALFORMED_NV_PUBLIC).
    const nameAlg = out.nvName.length >= 2 ? (out.nvName[0]! << 8) | out.nvName[1]! : 0;
    if (expectedAlg !== undefined && p.nameAlg !== expectedAlg)
      throw new TssError("NAME_MISMATCH", "TPM2B_NV_PUBLIC hash algorithm does not match expected");
    if (expectedAlg !== undefined && nameAlg !== expectedAlg)
      throw new TssError("NAME_MISMATCH", "TPM2B_NAME hash algorithm does not match expected");
    if (p.nvIndex !== nvIndex) throw new TssError("NAME_MISMATCH", "TPM2B_NV_PUBLIC index does not match expected");
    const opu = f.string("-opu");
    if (opu !== undefined) await ctx.writeFile(opu, marshalStructure(TPM2B_NV_PUBLIC, out.nvPublic));
    const on = f.string("-on");
    if (on !== undefined) await ctx.writeFile(on, out.nvName);
    ctx.result({
      nvIndex: hex8(p.nvIndex),
      nameAlg: p.nameAlg,
      dataSize: p.dataSize,
      attributes: hex8(p.attributes),
      attributeNames: tpmaNvLines(p.attributes, 0),
      authPolicy: p.authPolicy,
      name: out.nvName,
    });
    ctx.print(
      `nvreadpublic: name algorithm ${p.nameAlg.toString(16).padStart(4, "0")}\n` +
        `nvreadpublic: data size ${p.dataSize}\n` +
        `nvreadpublic: attributes ${hex8(p.attributes)}\n` +
        tpmaNvLines(p.attributes, 0)
          .map((l) => `${l}\n`)
          .join("") +
        printAll("nvreadpublic: policy", p.authPolicy) +
        printAll("nvreadpublic: name", out.nvName) +
        (f.has("-ns") ? `${hexString(out.nvName)}\n` : ""),
    );
  },
};
