/**
 * eventsequencecomplete: TPM2_EventSequenceComplete of an event sequence: the
 * digests of every PCR bank, extended into -ha (default TPM_RH_NULL: none).
 * Prints "eventsequencecomplete: success" and the count, as IBM's; -of1, -of2,
 * -of3, -of5 save the SHA-1, SHA-256, SHA-384, SHA-512 digests, and fail when
 * the TPM returned no such bank.
 */
import { MAX_DIGEST_BUFFER, TPM_ALG_ID, TPM_RH, TssError } from "@tss/marshal";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { readInputFile } from "../input-data.js";
import { printAll } from "../print-all.js";
import type { Utility } from "../utility.js";

/** The output file flags, by hash algorithm, with IBM's names for the banks. */
const OUTPUTS: readonly (readonly [string, number, string])[] = [
  ["-of1", TPM_ALG_ID.SHA1, "SHA-1"],
  ["-of2", TPM_ALG_ID.SHA256, "SHA-256"],
  ["-of3", TPM_ALG_ID.SHA384, "SHA-384"],
  ["-of5", TPM_ALG_ID.SHA512, "SHA-512"],
];

/** eventsequencecomplete -hs sequence [-ha pcr] [-pwds] [-if file] [-of1|-of2|-of3|-of5 file]. */
export const eventsequencecomplete: Utility = {
  name: "eventsequencecomplete",
  summary: "Runs TPM2_EventSequenceComplete",
  flags: {
    "-ha": "dec",
    "-hs": "hex",
    "-pwds": "string",
    "-if": "string",
    "-of1": "string",
    "-of2": "string",
    "-of3": "string",
    "-of5": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-ha\tpcr handle (default NULL)]",
    "\t-hs\tsequence handle",
    "\t[-pwds\tpassword for sequence (default empty)]",
    "\t[-if\tinput file to be added (default no data)]",
    "\t[-of1\tsha1 output digest file (default do not save)]",
    "\t[-of2\tsha256 output digest file (default do not save)]",
    "\t[-of3\tsha384 output digest file (default do not save)]",
    "\t[-of5\tsha512 output digest file (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const pcrHandle = f.number("-ha") ?? TPM_RH.NULL;
    const sequenceHandle = ctx.need("-hs", f.number("-hs"), "sequence handle parameter");
    const file = f.string("-if");
    const buffer = file === undefined ? new Uint8Array(0) : await readInputFile(ctx, file, MAX_DIGEST_BUFFER);
    const tss = await ctx.tss();
    const out = await tss.eventSequenceComplete(
      { pcrHandle, sequenceHandle, buffer },
      {
        // -se0 authorizes the PCR (empty password), -se1 the sequence (-pwds); both default to PWAP.
        sessions: authSessions(f, [undefined, f.string("-pwds")]),
      },
    );
    const digests = (out.results as { hashAlg: number; digest: Record<string, Uint8Array> }[]).map((d) => ({
      hashAlg: d.hashAlg,
      digest: Object.values(d.digest)[0]!,
    }));
    ctx.printSuccess();
    ctx.print(`eventsequencecomplete: count ${digests.length}\n`);
    for (const d of digests) {
      const known = OUTPUTS.find(([, alg]) => alg === d.hashAlg);
      if (!known) {
        ctx.print(`Hash algorithm ${d.hashAlg.toString(16).padStart(4, "0")} unknown\n`);
        continue;
      }
      if (ctx.verbose) ctx.print(`Hash algorithm ${known[2]}\n${printAll("Digest", d.digest)}`);
      const of = f.string(known[0]);
      if (of !== undefined) await ctx.writeFile(of, d.digest);
    }
    ctx.result({ results: digests });
    for (const [flag, alg, name] of OUTPUTS) {
      if (f.has(flag) && !digests.some((d) => d.hashAlg === alg))
        throw new TssError("UNSUPPORTED", `${flag} specified but TPM did not return ${name}`);
    }
  },
};
