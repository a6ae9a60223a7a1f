/** pcrextend: TPM2_PCR_Extend with the data, zero padded to each bank's digest size. */
import { digestSize } from "@tss/marshal";
import { HASH_NAMES, named } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { DIGEST_FIELD } from "../pcr-text.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The largest digest (sizeof TPMU_HA): longer -ic / -if data is refused, as IBM's. */
const MAX_HASH = 64;
/** The most -halg banks (IBM's HASH_COUNT). */
const MAX_BANKS = 4;

/** pcrextend -ha pcr [-halg alg ...] -ic string | -if file. */
export const pcrextend: Utility = {
  name: "pcrextend",
  summary: "Runs TPM2_PCR_Extend",
  flags: { "-ha": "dec", "-halg": "list", "-ic": "string", "-if": "string", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tpcr handle",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t\t-halg may be specified more than once",
    "",
    "\t-ic\tdata string, 0 pad appended to halg length",
    "\t-if\tdata file, 0 pad appended to halg length",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pcr = f.number("-ha");
    if (pcr === undefined || pcr > 23) throw new UsageError("Missing or bad PCR handle parameter -ha");
    const names = f.list("-halg");
    if (names.length > MAX_BANKS) throw new UsageError(`Too many -halg specifiers, ${MAX_BANKS} permitted`);
    const algs = (names.length ? names : ["sha256"]).map((n) => named(HASH_NAMES, "-halg", n));
    const ic = f.string("-ic");
    const file = f.string("-if");
    if (ic === undefined && file === undefined) throw new UsageError("Data string or data file must be specified");
    if (ic !== undefined && file !== undefined)
      throw new UsageError("Data string and data file cannot both be specified");
    const data = ic !== undefined ? new TextEncoder().encode(ic) : await readInputFile(ctx, file!, MAX_HASH);
    if (data.length > MAX_HASH) throw new UsageError(`Data length greater than maximum hash size ${MAX_HASH} bytes`);
    if (ctx.verbose)
      ctx.print(
        `Extending ${data.length} bytes from ${ic !== undefined ? "stream" : "file"} into ${algs.length} banks\n`,
      );
    // Each bank takes the data truncated or zero padded to its digest size.
    const digests = algs.map((hashAlg) => {
      const d = new Uint8Array(digestSize(hashAlg));
      d.set(data.subarray(0, d.length));
      return { hashAlg, digest: { [DIGEST_FIELD[hashAlg]!]: d } };
    });
    const tss = await ctx.tss();
    await tss.pcrExtend({ pcrHandle: pcr, digests } as never, { sessions: ctx.sessions(true)! });
  },
};
