/** duplicate: TPM2_Duplicate of a loaded object for a new parent (or none). */
import { TPM_RH } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";
import { innerSymmetric } from "./import.js";

/** duplicate -ho object [-pwdo] [-hp new parent] [-ik file -salg aes] [-oek file] [-od file] [-oss file]. */
export const duplicate: Utility = {
  name: "duplicate",
  summary: "Runs TPM2_Duplicate",
  flags: {
    "-ho": "hex",
    "-pwdo": "string",
    "-hp": "hex",
    "-ik": "string",
    "-salg": "string",
    "-oek": "string",
    "-od": "string",
    "-oss": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ho\tobject handle",
    "\t[-pwdo\tpassword for object (default empty)]",
    "\t[-hp\tnew parent handle (default TPM_RH_NULL)]",
    "\t[-ik\tencryption key in file name]",
    "\t[-salg\tsymmetric algorithm (aes) (default none)]",
    "",
    "\t[-oek\tencryption key out file name (default do not save)]",
    "\t[-od\tduplicate private area file name (default do not save)]",
    "\t[-oss\tsymmetric seed file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const ik = f.string("-ik");
    const salg = f.string("-salg");
    const symmetricAlg = innerSymmetric(salg);
    if (salg === undefined && ik !== undefined) throw new UsageError("-ik needs -salg");
    if (salg !== undefined && ik === undefined) throw new UsageError("-salg needs -ik");
    const encryptionKeyIn = ik === undefined ? new Uint8Array(0) : await readInputFile(ctx, ik, 64);
    const tss = await ctx.tss();
    const out = await tss.duplicate(
      { objectHandle, newParentHandle: f.number("-hp") ?? TPM_RH.NULL, encryptionKeyIn, symmetricAlg } as never,
      { sessions: ctx.sessions(true, f.string("-pwdo"))! },
    );
    // Raw buffers, as IBM's writes them (TSS_File_WriteBinaryFile of each TPM2B's bytes).
    const oek = f.string("-oek");
    if (oek !== undefined) await ctx.writeFile(oek, out.encryptionKeyOut);
    const od = f.string("-od");
    if (od !== undefined) await ctx.writeFile(od, out.duplicate);
    const oss = f.string("-oss");
    if (oss !== undefined) await ctx.writeFile(oss, out.outSymSeed);
    ctx.result(out);
  },
};
