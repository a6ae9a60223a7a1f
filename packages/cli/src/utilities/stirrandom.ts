/** stirrandom: TPM2_StirRandom, a file's bytes mixed into the TPM's random number generator state. */
import { MAX_SYM_DATA } from "@tss/marshal";
import { readInputFile } from "../input-data.js";
import type { Utility } from "../utility.js";

/** stirrandom -if file (a TPM2B_SENSITIVE_DATA: the TPM takes at most 128 bytes). */
export const stirrandom: Utility = {
  name: "stirrandom",
  summary: "Runs TPM2_StirRandom",
  flags: { "-if": "string" },
  usage: ["\t-if\tinput file name"],
  async run(ctx) {
    const file = ctx.need("-if", ctx.flags.string("-if"), "input parameter");
    const inData = await readInputFile(ctx, file, MAX_SYM_DATA);
    const tss = await ctx.tss();
    await tss.stirRandom({ inData });
  },
};
