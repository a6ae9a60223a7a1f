/**
 * imaextend: replays a Linux IMA measurement list (binary_runtime_measurements) into
 * the TPM's PCRs (default) or simulated PCRs (-sim), as IBM's: the bank of the list's
 * template hash algorithm (-ealg) takes the template hash, the other banks the hash of
 * the template data; a zero template hash extends all ones. Parsing and replay are
 * @tss/eventlog's.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  applyImaEvent,
  checkImaTemplateHash,
  type ImaEvent,
  imaExtendDigest,
  parseImaLog,
  resetPcrBanks,
} from "@tss/eventlog";
import { digestSize, TssError } from "@tss/marshal";
import { HASH_NAMES, hashFlag, named } from "../algorithms.js";
import { readInputFile } from "../input-data.js";
import { algorithmIdLine, DIGEST_FIELD, infoLine, readPcr } from "../pcr-text.js";
import { hexString, printAll } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The largest IMA list read (256 MiB): a bigger file is refused rather than read. */
const MAX_LOG = 256 * 1024 * 1024;
/** The most -halg banks (IBM's HASH_COUNT). */
const MAX_BANKS = 4;

function traceEvent(ctx: UtilityContext, e: ImaEvent): void {
  let text = ` PCR index ${e.pcrIndex}\n${printAll("template hash", e.templateHash)} template name ${e.templateName}\n`;
  if (e.fields) {
    text += ` file hash algorithm ${e.fields.fileHashAlgorithm}\n${printAll("file digest", e.fields.fileDigest)} file name ${e.fields.fileName}\n`;
    if (e.fields.signature) text += printAll("signature", e.fields.signature);
  } else text += printAll("template data", e.templateData);
  ctx.print(text);
}

/** imaextend -if file [-le] [-halg alg ...] [-ealg alg] [-tpm | -sim] [-of file] [-checkhash] [-checkdata] [-b n] [-e n] [-l seconds]. */
export const imaextend: Utility = {
  name: "imaextend",
  summary: "Replays a Linux IMA measurement list into the TPM or simulated PCRs",
  flags: {
    "-if": "string",
    "-of": "string",
    "-le": "switch",
    "-halg": "list",
    "-ealg": "string",
    "-tpm": "switch",
    "-sim": "switch",
    "-checkhash": "switch",
    "-checkdata": "switch",
    "-b": "dec",
    "-e": "dec",
    "-l": "dec",
  },
  usage: [
    "Replays the provided IMA event log.",
    "The IMA measurement is extended into the bank of the log's template hash algorithm;",
    "other banks are extended with the hash of the template data.",
    "",
    "This handles the case where a zero measurement extends ones into the IMA PCR.",
    "",
    "\t-if\tIMA event log file name",
    "\t[-of\tWith -sim, PCR 10 of first algorithm specified]",
    "\t[-le\tinput file is little endian (default big endian)]",
    "\t[-halg\tPCR bank algorithm (sha1, sha256, sha384, sha512)]",
    "\t\t-halg may be specified more than once (default sha1 and sha256)",
    "\t[-ealg\tIMA log algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-tpm\textend TPM PCRs (default true)]",
    "\t[-sim\tcalculate simulated PCRs (default false)]",
    "\t[-checkhash\tverify IMA event log hashes]",
    "\t[-checkdata\tverify IMA event log template data, stop on error]",
    "\t[-b\tbeginning entry (default 0, beginning of log)]",
    "\t\tA beginning entry after the end of the log becomes a noop",
    "\t[-e\tending entry (default end of log)]",
    "\t\tE.g., -b 0 -e 0 sends one entry",
    "\t[-l\ttime - run in a continuous loop, sleep 'time' seconds between loops]",
    "\t\tThe intent is that this be run without specifying -b and -e",
    "\t\tAfter each pass, the next beginning entry is set to the last entry +1",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const file = f.string("-if");
    if (file === undefined) throw new UsageError("Missing -if argument");
    const halgs = f.list("-halg");
    if (halgs.length > MAX_BANKS) throw new UsageError(`Too many -halg specifiers, ${MAX_BANKS} permitted`);
    const banks = (halgs.length ? halgs : ["sha1", "sha256"]).map((n) => named(HASH_NAMES, "-halg", n));
    const templateHashAlg = hashFlag("-ealg", f.string("-ealg"));
    // -tpm and -sim: the later one wins, as in IBM's.
    const sim = f.lastOf("-tpm", "-sim") === "-sim";
    const littleEndian = f.has("-le");
    let begin = f.number("-b") ?? 0;
    const end = f.number("-e") ?? 0xffffffff;
    const loop = f.number("-l") ?? 0;
    const crypto = await softwareCrypto();
    const simulated = resetPcrBanks(banks);
    const tss = sim ? undefined : await ctx.tss();
    if (tss && ctx.verbose) {
      ctx.print("Initial PCR 10 value\n");
      for (const alg of banks) {
        const v = await readPcr(tss, alg, 10);
        if (v) ctx.print(printAll("PCR digest", v));
      }
    }
    let extended = 0;
    for (;;) {
      const events = parseImaLog(await readInputFile(ctx, file, MAX_LOG), {
        littleEndian,
        templateHashSize: digestSize(templateHashAlg),
      });
      for (const event of events) {
        if (event.number < begin || event.number > end) continue;
        if (ctx.verbose) ctx.print("\n");
        ctx.print(`imaextend: line ${event.number}\n`);
        if (ctx.verbose) traceEvent(ctx, event);
        if (f.has("-checkdata") && !event.fields)
          throw new TssError("BAD_PARAMETER", `event ${event.number}: template ${event.templateName} data not parsed`);
        if (f.has("-checkhash") && !(await checkImaTemplateHash(crypto, event, templateHashAlg)))
          throw new TssError("BAD_PARAMETER", "Hash of template data does not match template hash");
        if (tss) {
          const digests = [];
          for (const alg of banks)
            digests.push({
              hashAlg: alg,
              digest: { [DIGEST_FIELD[alg]!]: await imaExtendDigest(crypto, event, alg, templateHashAlg) },
            });
          await tss.pcrExtend({ pcrHandle: event.pcrIndex, digests } as never, { sessions: ctx.sessions(true)! });
          if (ctx.verbose)
            for (const alg of banks) {
              const v = await readPcr(tss, alg, event.pcrIndex);
              if (v) ctx.print(printAll("PCR digest", v));
            }
        } else await applyImaEvent(crypto, simulated, event, templateHashAlg);
        extended++;
      }
      begin = events.length;
      if (loop === 0) break;
      if (ctx.verbose) ctx.print(`set beginEvent to ${begin}\n`);
      await sleep(loop * 1000);
    }
    if (tss) {
      const pcr10: Record<string, string> = {};
      for (const alg of banks) {
        const v = await readPcr(tss, alg, 10);
        if (!v) continue;
        ctx.print(infoLine("PCR 10:", v));
        pcr10[DIGEST_FIELD[alg]!] = hexString(v);
      }
      ctx.result({ extended, pcr10 });
      return;
    }
    for (const alg of banks) {
      ctx.print(algorithmIdLine("algorithmId", alg));
      simulated.get(alg)!.forEach((v, pcr) => {
        ctx.print(infoLine(`PCR ${String(pcr).padStart(2, "0")}:`, v));
      });
    }
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, simulated.get(banks[0]!)![10]!);
    ctx.result({
      extended,
      banks: Object.fromEntries(banks.map((alg) => [DIGEST_FIELD[alg]!, simulated.get(alg)!.map(hexString)])),
    });
  },
};
