/** rewrap: TPM2_Rewrap of a duplication blob from its parent to another. */
import { MAX_RSA_KEY_BYTES } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import type { Utility } from "../utility.js";

/** rewrap -ho old parent [-pwdo] -hn new parent -id file -in name file -iss file [-od file] [-oss file]. */
export const rewrap: Utility = {
  name: "rewrap",
  summary: "Runs TPM2_Rewrap",
  flags: {
    "-ho": "hex",
    "-pwdo": "string",
    "-hn": "hex",
    "-id": "string",
    "-in": "string",
    "-iss": "string",
    "-od": "string",
    "-oss": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ho\thandle of object old parent",
    "\t[-pwdo\tpassword for old parent (default empty)]",
    "\t-hn\thandle of object new parent",
    "\t-id\tduplicate private area file name",
    "\t-in\tobject name file name",
    "\t-iss\tinput symmetric seed file name",
    "",
    "\t[-od\trewrap private area file name (default do not save)]",
    "\t[-oss\tsymmetric seed file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const oldParent = ctx.need("-ho", f.number("-ho"), "object old parent handle");
    const newParent = ctx.need("-hn", f.number("-hn"), "object new parent handle");
    const id = ctx.need("-id", f.string("-id"), "duplicate private area parameter");
    const inName = ctx.need("-in", f.string("-in"), "name parameter");
    const iss = ctx.need("-iss", f.string("-iss"), "input symmetric seed parameter");
    const inDuplicate = await readInputFile(ctx, id, 1550);
    const name = await readInputFile(ctx, inName, 68);
    const inSymSeed = await readInputFile(ctx, iss, MAX_RSA_KEY_BYTES);
    const tss = await ctx.tss();
    const out = await tss.rewrap(
      { oldParent, newParent, inDuplicate, name, inSymSeed },
      { sessions: ctx.sessions(true, f.string("-pwdo"))! },
    );
    const od = f.string("-od");
    if (od !== undefined) await ctx.writeFile(od, out.outDuplicate);
    const oss = f.string("-oss");
    if (oss !== undefined) await ctx.writeFile(oss, out.outSymSeed);
    ctx.result(out);
  },
};
