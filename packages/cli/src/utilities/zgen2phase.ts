/** zgen2phase: TPM2_ZGen_2Phase, the TPM's side of a two-phase key exchange with a loaded ECC key. */
import { TPM_ALG_ID } from "@tss/marshal";
import { named } from "../algorithms.js";
import { readCounterFile, readPointFile, writePointFlag } from "../ecc-points.js";
import { SESSION_FLAGS } from "../flags.js";
import type { Utility } from "../utility.js";

/** -scheme values (ECMQV, listed in IBM's usage, is not accepted by its parser either). */
const SCHEMES: Readonly<Record<string, number>> = { ecdh: TPM_ALG_ID.ECDH, sm2: TPM_ALG_ID.SM2 };

/** zgen2phase -hk key -qsb file -qeb file -cf file [-scheme] [-z1 file] [-z2 file] [-pwdk]. */
export const zgen2phase: Utility = {
  name: "zgen2phase",
  summary: "Runs TPM2_ZGen_2Phase",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-qsb": "string",
    "-qeb": "string",
    "-cf": "string",
    "-scheme": "string",
    "-z1": "string",
    "-z2": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tunrestricted decryption key handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t-qsb\tQsB point input file name",
    "\t-qeb\tQeB point input file name",
    "\t-cf\tcounter file name",
    "\t[-scheme\t(default ecdh)]",
    "\t\tecdh",
    "\t\tsm2",
    "\t[-z1\tZ1 output data file name (default do not save)]",
    "\t[-z2\tZ2 output data file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyA = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const qsb = ctx.need("-qsb", f.string("-qsb"), "QsB point file");
    const qeb = ctx.need("-qeb", f.string("-qeb"), "QeB point file");
    const cf = ctx.need("-cf", f.string("-cf"), "counter file");
    const scheme = f.string("-scheme");
    const inScheme = scheme === undefined ? TPM_ALG_ID.ECDH : named(SCHEMES, "-scheme", scheme);
    const inQsB = await readPointFile(ctx, qsb);
    const inQeB = await readPointFile(ctx, qeb);
    const counter = await readCounterFile(ctx, cf);
    const tss = await ctx.tss();
    const out = await tss.zGen2Phase(
      { keyA, inQsB, inQeB, inScheme, counter },
      {
        sessions: ctx.sessions(true, f.string("-pwdk"))!,
      },
    );
    await writePointFlag(ctx, "-z1", out.outZ1);
    await writePointFlag(ctx, "-z2", out.outZ2);
    ctx.result(out);
  },
};
