/** pcrextend: TPM2_PCR_Extend with the data, zero padded to each bank's digest size. */
import { digestSize, TPM_ALG_ID } from "@tss/marshal";
import { HASH_NAMES, named } from "../algorithms.js";
import { SESSION_FLAGS } from "../flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const DIGEST_FIELD: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};

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
    if (pcr === undefined || pcr > 31) throw new UsageError("missing or bad PCR handle parameter -ha");
    const names = f.list("-halg");
    const algs = (names.length ? names : ["sha256"]).map((n) => named(HASH_NAMES, "-halg", n));
    const ic = f.string("-ic");
    const file = f.string("-if");
    if (ic === undefined && file === undefined) throw new UsageError("data string or data file must be specified");
    if (ic !== undefined && file !== undefined)
      throw new UsageError("data string and data file cannot both be specified");
    const data = ic !== undefined ? new TextEncoder().encode(ic) : await ctx.readFile(file!);
    if (data.length > 64) throw new UsageError(`data length ${data.length} greater than maximum hash size 64 bytes`);
    const digests = algs.map((hashAlg) => {
      const d = new Uint8Array(digestSize(hashAlg));
      d.set(data.subarray(0, d.length));
      return { hashAlg, digest: { [DIGEST_FIELD[hashAlg]!]: d } };
    });
    const tss = await ctx.tss();
    await tss.pcrExtend({ pcrHandle: pcr, digests } as never, { sessions: ctx.sessions(true)! });
  },
};
