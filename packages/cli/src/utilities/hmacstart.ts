/** hmacstart: TPM2_HMAC_Start (TPM2_MAC_Start with a hash scheme) with a loaded keyed-hash key. */
import { hashFlag } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** hmacstart -hk key [-pwdk] [-pwda] [-halg]: prints "hmacstart: handle <sequence handle>". */
export const hmacstart: Utility = {
  name: "hmacstart",
  summary: "Runs TPM2_Hmac_Start",
  flags: { "-hk": "hex", "-pwdk": "string", "-pwda": "string", "-halg": "string", ...SESSION_FLAGS },
  usage: [
    "\t-hk\tkey handle",
    "\t-pwdk\tpassword for key (default empty)",
    "\t-pwda\tpassword for sequence (default empty)",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const handle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const inScheme = hashFlag("-halg", f.string("-halg"));
    const auth = new TextEncoder().encode(f.string("-pwda") ?? "");
    const tss = await ctx.tss();
    const out = await tss.macStart(
      { handle, auth, inScheme },
      {
        sessions: ctx.sessions(true, f.string("-pwdk"))!,
      },
    );
    ctx.print(`hmacstart: handle ${hex8(out.sequenceHandle)}\n`);
    ctx.result(out);
  },
};
