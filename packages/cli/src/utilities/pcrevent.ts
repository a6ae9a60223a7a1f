/** pcrevent: TPM2_PCR_Event, the TPM hashes the event data in every bank and extends the PCR. */
import { MAX_DIGEST_BUFFER, TPM_ALG_ID, TssError } from "@tss/marshal";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { hexString, printAll } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** TPM2B_EVENT holds at most 1024 octets. */
const MAX_EVENT = 1024;

/** -of1/-of2/-of3/-of5 and the bank each writes. */
const OUTPUTS: readonly { flag: string; alg: number; field: string; name: string }[] = [
  { flag: "-of1", alg: TPM_ALG_ID.SHA1, field: "sha1", name: "SHA-1" },
  { flag: "-of2", alg: TPM_ALG_ID.SHA256, field: "sha256", name: "SHA-256" },
  { flag: "-of3", alg: TPM_ALG_ID.SHA384, field: "sha384", name: "SHA-384" },
  { flag: "-of5", alg: TPM_ALG_ID.SHA512, field: "sha512", name: "SHA-512" },
];

/** pcrevent -ha pcr -ic string | -if file [-of1 file] [-of2 file] [-of3 file] [-of5 file]. */
export const pcrevent: Utility = {
  name: "pcrevent",
  summary: "Runs TPM2_PCR_Event",
  flags: {
    "-ha": "dec",
    "-ic": "string",
    "-if": "string",
    "-of1": "string",
    "-of2": "string",
    "-of3": "string",
    "-of5": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\tpcr handle",
    "\t-ic\tdata string",
    "\t-if\tdata file",
    "\t[-of1\tsha1 output digest file (default do not save)]",
    "\t[-of2\tsha256 output digest file (default do not save)]",
    "\t[-of3\tsha384 output digest file (default do not save)]",
    "\t[-of5\tsha512 output digest file (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pcr = f.number("-ha");
    if (pcr === undefined || pcr > 23) throw new UsageError("Missing or bad PCR handle parameter -ha");
    const ic = f.string("-ic");
    const file = f.string("-if");
    if (ic === undefined && file === undefined) throw new UsageError("Data string or data file must be specified");
    if (ic !== undefined && file !== undefined)
      throw new UsageError("Data string and data file cannot both be specified");
    const eventData = ic !== undefined ? new TextEncoder().encode(ic) : await readInputFile(ctx, file!, MAX_EVENT);
    if (eventData.length > Math.min(MAX_EVENT, MAX_DIGEST_BUFFER))
      throw new UsageError(`Event data length ${eventData.length} greater than ${MAX_EVENT} bytes`);
    if (ctx.verbose && ic !== undefined) ctx.print(`Event data ${eventData.length} bytes\n`);
    const tss = await ctx.tss();
    const out = await tss.pcrEvent({ pcrHandle: pcr, eventData }, { sessions: ctx.sessions(true)! });
    const digests = (out.digests as { hashAlg: number; digest: Record<string, Uint8Array> }[]).map((d) => {
      const o = OUTPUTS.find((x) => x.alg === d.hashAlg);
      return { hashAlg: d.hashAlg, out: o, bytes: o ? d.digest[o.field]! : new Uint8Array(0) };
    });
    ctx.printSuccess();
    ctx.print(`pcrevent: count ${digests.length}\n`);
    for (const d of digests) {
      if (!d.out) {
        ctx.print(`Hash algorithm ${d.hashAlg.toString(16).padStart(4, "0")} unknown\n`);
        continue;
      }
      if (ctx.verbose) ctx.print(`Hash algorithm ${d.out.name}\n${printAll("Digest", d.bytes)}`);
      const of = f.string(d.out.flag);
      if (of !== undefined) await ctx.writeFile(of, d.bytes);
    }
    ctx.result({ digests: digests.map((d) => ({ hashAlg: d.out?.field ?? d.hashAlg, digest: hexString(d.bytes) })) });
    for (const o of OUTPUTS)
      if (f.has(o.flag) && !digests.some((d) => d.out === o))
        throw new TssError("BAD_PARAMETER", `${o.flag} specified but TPM did not return ${o.name}`);
  },
};
