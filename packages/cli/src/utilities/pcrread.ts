/** pcrread: TPM2_PCR_Read of one PCR in one or more banks. */
import { HASH_NAMES, named } from "../algorithms.js";
import { pcrSelect } from "../pcr-select.js";
import { hexString, printAll } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** pcrread -ha pcr [-halg alg ...] [-of file] [-ns]. */
export const pcrread: Utility = {
  name: "pcrread",
  summary: "Runs TPM2_PCR_Read",
  flags: { "-ha": "dec", "-halg": "list", "-of": "string", "-ns": "switch", "-se0": "session" },
  usage: [
    "\t-ha\tpcr handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t\t-halg may be specified more than once",
    "\t[-of\tdata file for first algorithm specified, in binary]",
    "\t[-ns\tno space, no text, no newlines]",
    "\t\tUsed for scripting policy construction",
    "",
    "\t-se0 session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pcr = f.number("-ha");
    if (pcr === undefined || pcr > 31) throw new UsageError("missing or bad PCR handle parameter -ha");
    const names = f.list("-halg");
    const algs = (names.length ? names : ["sha256"]).map((n) => named(HASH_NAMES, "-halg", n));
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.pcrRead(
      { pcrSelectionIn: algs.map((hash) => ({ hash, pcrSelect: pcrSelect(pcr) })) },
      sessions ? { sessions } : {},
    );
    const digests = out.pcrValues as Uint8Array[];
    const of = f.string("-of");
    if (of !== undefined) {
      if (!digests[0]) throw new Error(`PCR ${pcr} has no value in the first bank asked for (bank not allocated)`);
      await ctx.writeFile(of, digests[0]);
    }
    if (f.has("-ns")) {
      ctx.print(digests.length ? digests.map((d) => `${hexString(d)}\n`).join("") : `count ${digests.length}\n`);
    } else {
      ctx.print(
        `count ${digests.length} pcrUpdateCounter ${out.pcrUpdateCounter} \n${digests.map((d) => printAll("digest", d)).join("")}`,
      );
    }
  },
};
