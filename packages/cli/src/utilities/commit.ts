/** commit: TPM2_Commit, the first phase of an anonymous (ECDAA) signature with a loaded ECC key. */
import { MAX_ECC_KEY_BYTES, MAX_SYM_DATA } from "@tss/marshal";
import { readPointFile, writeCounterFlag, writePointFlag } from "../ecc-points.js";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import type { Utility } from "../utility.js";

/** commit -hk key [-pt file] [-s2 file] [-y2 file] [-Kf file] [-Lf file] [-Ef file] [-cf file] [-pwdk]. */
export const commit: Utility = {
  name: "commit",
  summary: "Runs TPM2_Commit",
  flags: {
    "-hk": "hex",
    "-pt": "string",
    "-s2": "string",
    "-y2": "string",
    "-Kf": "string",
    "-Lf": "string",
    "-Ef": "string",
    "-cf": "string",
    "-pwdk": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t[-pt\tpoint input file name (default empty)]",
    "\t[-s2\ts2 input file name (default empty)]",
    "\t[-y2\ty2 input file name (default empty)]",
    "\t[-Kf\tK output data file name (default do not save)]",
    "\t[-Lf\toutput data file name (default do not save)]",
    "\t[-Ef\toutput data file name (default do not save)]",
    "\t[-cf\toutput counter file name (default do not save)]",
    "\t[-pwdk\tpassword for key (default empty)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const empty = new Uint8Array(0);
    const pt = f.string("-pt");
    // No -pt: an empty point (both coordinates empty), as IBM's sends.
    const P1 = pt === undefined ? { point: { x: empty, y: empty } } : await readPointFile(ctx, pt);
    const s2File = f.string("-s2");
    const s2 = s2File === undefined ? empty : await readInputFile(ctx, s2File, MAX_SYM_DATA);
    const y2File = f.string("-y2");
    const y2 = y2File === undefined ? empty : await readInputFile(ctx, y2File, MAX_ECC_KEY_BYTES);
    const tss = await ctx.tss();
    const out = await tss.commit(
      { signHandle, P1, s2, y2 },
      {
        sessions: ctx.sessions(true, f.string("-pwdk"))!,
      },
    );
    await writePointFlag(ctx, "-Kf", out.K);
    await writePointFlag(ctx, "-Lf", out.L);
    await writePointFlag(ctx, "-Ef", out.E);
    if (ctx.verbose) ctx.print(`counter is ${out.counter}\n`);
    await writeCounterFlag(ctx, "-cf", out.counter);
    ctx.result(out);
  },
};
