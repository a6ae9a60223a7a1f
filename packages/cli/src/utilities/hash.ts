/** hash: TPM2_Hash of a file or string, with the ticket of the hierarchy given. */
import { TPMT_TK_HASHCHECK } from "@tss/marshal";
import { hashFlag } from "../algorithms.js";
import { hierarchyFlag } from "../hierarchies.js";
import { fileOrStringFromFlags } from "../input-data.js";
import { hexString, printAll } from "../print-all.js";
import { marshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** hash -if file | -ic string [-hi e|o|p|n] [-halg] [-oh file] [-tk file] [-ns]. */
export const hash: Utility = {
  name: "hash",
  summary: "Runs TPM2_Hash",
  flags: {
    "-hi": "string",
    "-halg": "string",
    "-if": "string",
    "-ic": "string",
    "-ns": "switch",
    "-oh": "string",
    "-tk": "string",
  },
  usage: [
    "\t[-hi\thierarchy (e, o, p, n) (default null)]",
    "\t\te endorsement, o owner, p platform, n null",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-if\tinput file to be hashed",
    "\t-ic\tdata string to be hashed",
    "\t[-ns\tno space, no text, no newlines]",
    "\t[-oh\thash file name (default do not save)]",
    "\t[-tk\tticket file name (default do not save)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    // IBM reads the first letter of -hi.
    const hierarchy = hierarchyFlag("-hi", (f.string("-hi") ?? "n").slice(0, 1), "eopn");
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const data = await fileOrStringFromFlags(ctx);
    const tss = await ctx.tss();
    const out = await tss.hash({ data, hashAlg, hierarchy });
    const oh = f.string("-oh");
    if (oh !== undefined) await ctx.writeFile(oh, out.outHash);
    const tk = f.string("-tk");
    if (tk !== undefined) await ctx.writeFile(tk, marshalStructure(TPMT_TK_HASHCHECK, out.validation));
    if (ctx.verbose) ctx.print(printAll("Hash", out.outHash));
    if (f.has("-ns")) ctx.print(`${hexString(out.outHash)}\n`);
    ctx.result(out);
  },
};
