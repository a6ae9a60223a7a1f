/** sequencecomplete: TPM2_SequenceComplete of a hash or HMAC sequence, with the last data and a ticket. */
import { MAX_DIGEST_BUFFER, TPMT_TK_HASHCHECK } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { readInputFile } from "../input-data.js";
import { printAll } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** sequencecomplete -hs sequence [-hi e|o|p|n] [-pwds] [-if file] [-of file] [-tk file]. */
export const sequencecomplete: Utility = {
  name: "sequencecomplete",
  summary: "Runs TPM2_SequenceComplete",
  flags: {
    "-hs": "hex",
    "-hi": "string",
    "-pwds": "string",
    "-if": "string",
    "-of": "string",
    "-tk": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hs\tsequence handle",
    "\t[-hi\thierarchy (default null)]",
    "\t[-pwds\tpassword for sequence (default empty)]",
    "\t[-if\tinput file to be added (default no data)]",
    "\t[-of\tresult file name]",
    "\t[-tk\tticket file name]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    // IBM reads the first letter of -hi.
    const hierarchy = hierarchyFlag("-hi", (f.string("-hi") ?? "n").slice(0, 1), "eopn");
    const sequenceHandle = ctx.need("-hs", f.number("-hs"), "sequence handle parameter");
    const file = f.string("-if");
    const buffer = file === undefined ? new Uint8Array(0) : await readInputFile(ctx, file, MAX_DIGEST_BUFFER);
    const tss = await ctx.tss();
    const out = await tss.sequenceComplete(
      { sequenceHandle, buffer, hierarchy },
      {
        sessions: ctx.sessions(true, f.string("-pwds"))!,
      },
    );
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, out.result);
    const tk = f.string("-tk");
    if (tk !== undefined) await ctx.writeFile(tk, marshalStructure(TPMT_TK_HASHCHECK, out.validation));
    if (ctx.verbose) ctx.print(printAll("Result", out.result));
    ctx.result(out);
  },
};
