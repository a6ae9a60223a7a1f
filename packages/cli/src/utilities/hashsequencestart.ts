/** hashsequencestart: TPM2_HashSequenceStart (a hash sequence, or an event sequence with -halg null). */
import { TPM_ALG_ID } from "@tss/marshal";
import { HASH_NAMES, named } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { hex8 } from "../print-all.js";
import type { Utility } from "../utility.js";

/** -halg values: the hashes and null (an event sequence). */
const SEQUENCE_HASHES: Readonly<Record<string, number>> = { ...HASH_NAMES, null: TPM_ALG_ID.NULL };

/** hashsequencestart [-pwda] [-halg]: prints "hashsequencestart: handle <sequence handle>". */
export const hashsequencestart: Utility = {
  name: "hashsequencestart",
  summary: "Runs TPM2_HashSequenceStart",
  flags: { "-pwda": "string", "-halg": "string", ...SESSION_FLAGS },
  usage: [
    "\t[-pwda\tpassword for sequence (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512, null) (default sha256)]",
    "\t\tnull is an event sequence",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const halg = f.string("-halg");
    const hashAlg = halg === undefined ? TPM_ALG_ID.SHA256 : named(SEQUENCE_HASHES, "-halg", halg);
    const auth = new TextEncoder().encode(f.string("-pwda") ?? "");
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.hashSequenceStart({ auth, hashAlg }, sessions ? { sessions } : {});
    ctx.print(`hashsequencestart: handle ${hex8(out.sequenceHandle)}\n`);
    ctx.result(out);
  },
};
