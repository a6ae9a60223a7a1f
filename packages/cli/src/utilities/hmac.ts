/** hmac: TPM2_HMAC (TPM2_MAC with a hash scheme: one command code) of a file or string with a loaded keyed-hash key. */
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { fileOrStringFromFlags } from "../input-data.js";
import { printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** hmac -hk key -if file | -ic string [-pwdk] [-halg] [-os file]. */
export const hmac: Utility = {
  name: "hmac",
  summary: "Runs TPM2_HMAC",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-halg": "string",
    "-if": "string",
    "-ic": "string",
    "-os": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-if\tinput file to be HMACed",
    "\t-ic\tdata string to be HMACed",
    "\t[-os\thmac file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const handle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const buffer = await fileOrStringFromFlags(ctx);
    const tss = await ctx.tss();
    const out = await tss.mac(
      { handle, buffer, inScheme: hashAlg },
      {
        sessions: ctx.sessions(true, f.string("-pwdk"))!,
      },
    );
    const os = f.string("-os");
    if (os !== undefined) await ctx.writeFile(os, out.outMAC);
    if (ctx.verbose) ctx.print(printAll("HMAC", out.outMAC));
    ctx.result(out);
  },
};
