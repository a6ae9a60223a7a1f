/** sequenceupdate: TPM2_SequenceUpdate of a hash, HMAC or event sequence with a file's data. */
import { MAX_DIGEST_BUFFER } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import type { Utility } from "../utility.js";

/** sequenceupdate -hs sequence -if file [-pwds]. */
export const sequenceupdate: Utility = {
  name: "sequenceupdate",
  summary: "Runs TPM2_SequenceUpdate",
  flags: { "-hs": "hex", "-pwds": "string", "-if": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hs\tsequence handle",
    "\t[-pwds\tpassword for sequence (default empty)]",
    "\t-if\tinput file to be HMACed",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t\t01 continue",
    "\t\t20 command decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const sequenceHandle = ctx.need("-hs", f.number("-hs"), "sequence handle parameter");
    const file = ctx.need("-if", f.string("-if"), "input file");
    const buffer = await readInputFile(ctx, file, MAX_DIGEST_BUFFER);
    const tss = await ctx.tss();
    await tss.sequenceUpdate(
      { sequenceHandle, buffer },
      {
        sessions: ctx.sessions(true, f.string("-pwds"))!,
      },
    );
  },
};
