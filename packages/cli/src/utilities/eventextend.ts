/**
 * eventextend: replays a TCG PC Client firmware event log (crypto-agile), as the
 * platform firmware would: into the TPM's PCRs (-tpm), into simulated PCRs (-sim),
 * checking each event's digests against its data (-checkhash) and the TPM's PCRs
 * against the simulated ones (-checkpcr). Parsing and replay are @tss/eventlog's.
 */
import {
  applyFirmwareEvent,
  checkFirmwareEventDigests,
  EV,
  eventTypeName,
  type FirmwareEvent,
  logBanks,
  parseFirmwareEventLog,
  parseUefiImageLoadEvent,
  parseUefiVariableData,
  resetPcrBanks,
  startupLocality,
} from "@tss/eventlog";
import { TPM_SU, TssError } from "@tss/marshal";
import { readInputFile } from "../input-data.js";
import { algorithmIdLine, DIGEST_FIELD, infoLine, readPcr, readPcrBank } from "../pcr-text.js";
import { withPlatformPort } from "../platform-port.js";
import { hexString, printAll } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The largest event log read (64 MiB): a bigger file is refused rather than read. */
const MAX_LOG = 64 * 1024 * 1024;

function traceEvent(ctx: UtilityContext, event: FirmwareEvent): void {
  let text = `\neventextend: line ${event.number}\n PCR index ${event.pcrIndex}\n event type ${eventTypeName(event.eventType)} (${event.eventType.toString(16).padStart(8, "0")})\n digest count ${event.digests.length}\n`;
  for (const d of event.digests) text += algorithmIdLine(" hashAlg", d.hashAlg) + printAll("digest", d.digest);
  text += printAll("event", event.event);
  text += describeEventData(event);
  ctx.print(text);
}

/** A line decoding UEFI variable and image-load event data, when the event holds such. */
function describeEventData(event: FirmwareEvent): string {
  try {
    if (VARIABLE_EVENTS.has(event.eventType)) {
      const v = parseUefiVariableData(event.event);
      return ` variable ${v.variableName} ${v.unicodeName} (${v.variableData.length} octets)\n`;
    }
    if (IMAGE_EVENTS.has(event.eventType)) {
      const i = parseUefiImageLoadEvent(event.event);
      return ` image at 0x${i.imageLocationInMemory.toString(16)} length ${i.imageLengthInMemory}\n`;
    }
    if (event.eventType === EV.EFI_ACTION || event.eventType === EV.ACTION)
      return ` action ${new TextDecoder().decode(event.event)}\n`;
  } catch {
    // Data that does not parse is shown as bytes only.
  }
  return "";
}

const VARIABLE_EVENTS: ReadonlySet<number> = new Set([
  EV.EFI_VARIABLE_DRIVER_CONFIG,
  EV.EFI_VARIABLE_BOOT,
  EV.EFI_VARIABLE_BOOT2,
  EV.EFI_VARIABLE_AUTHORITY,
]);
const IMAGE_EVENTS: ReadonlySet<number> = new Set([
  EV.EFI_BOOT_SERVICES_APPLICATION,
  EV.EFI_BOOT_SERVICES_DRIVER,
  EV.EFI_RUNTIME_SERVICES_DRIVER,
]);

/** eventextend -if file [-nospec] [-tpm] [-sim] [-checkhash] [-checkpcr] [-pcrmax n] [-ns] [-v]. */
export const eventextend: Utility = {
  name: "eventextend",
  summary: "Extends a TCG PC Client firmware event log into the TPM or simulated PCRs",
  flags: {
    "-if": "string",
    "-nospec": "switch",
    "-tpm": "switch",
    "-sim": "switch",
    "-checkhash": "switch",
    "-checkpcr": "switch",
    "-pcrmax": "dec",
    "-ns": "switch",
  },
  usage: [
    "Extends a measurement file (binary) into a TPM or simulated PCRs",
    "Ignores most EV_NO_ACTION events, but handles StartupLocality.",
    "For -tpm, StartupLocality power cycles the TPM and sends TPM2_Startup",
    "at the specified locality.",
    "",
    "A typical use is -tpm, -sim, and -checkpcr to extend PCRs, calculate",
    "simulated PCRs, and compare the results.",
    "",
    "A typical use is just -v to parse and trace the event log details.",
    "",
    "\t-if\tfile containing the data to be extended",
    "\t[-nospec\tfile does not contain spec ID header (useful for incremental test)]",
    "\t[-tpm\textend TPM PCRs]",
    "\t[-sim\tcalculate simulated PCRs and boot aggregate]",
    "\t[-checkhash\tverify event log hashes]",
    "\t[-checkpcr\tverify the TPM's PCR values against the simulated ones]",
    "\t[-pcrmax\twith -sim, sets the highest PCR number to be used to calculate the",
    "\t\tboot aggregate (default 7)]",
    "\t[-ns\tno space, no text, no newlines when tracing PCRs and boot aggregate]",
    "\t[-v\tverbose tracing]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const file = f.string("-if");
    if (file === undefined) throw new UsageError("Missing -if argument");
    const tpm = f.has("-tpm");
    const sim = f.has("-sim");
    const checkPcr = f.has("-checkpcr");
    const noSpec = f.has("-nospec");
    if ((sim || checkPcr) && noSpec) throw new UsageError("-sim incompatible with -nospec");
    const pcrMax = f.number("-pcrmax") ?? 7;
    if (pcrMax > 23) throw new UsageError(`-pcrmax ${pcrMax} out of range (0-23)`);
    const log = parseFirmwareEventLog(await readInputFile(ctx, file, MAX_LOG), { noSpec });
    if (ctx.verbose && log.specId) {
      const s = log.specId;
      ctx.print(
        `\neventextend: line 0\n signature ${s.signature}\n platformClass ${s.platformClass}\n specVersion ${s.specVersionMajor}.${s.specVersionMinor} errata ${s.specErrata}\n uintnSize ${s.uintnSize}\n numberOfAlgorithms ${s.algorithms.length}\n` +
          s.algorithms
            .map((a) => `${algorithmIdLine("  algorithmId", a.algorithmId)}  digestSize ${a.digestSize}\n`)
            .join(""),
      );
    }
    const crypto = await softwareCrypto();
    const banks = logBanks(log);
    const simulated = resetPcrBanks(banks);
    const events = log.events.filter((e) => !(e.number === 0 && log.specId));
    let checked = 0;
    for (const event of events) {
      if (ctx.verbose) traceEvent(ctx, event);
      if (f.has("-checkhash")) {
        const result = await checkFirmwareEventDigests(crypto, event);
        if (result === "mismatch")
          throw new TssError(
            "BAD_PARAMETER",
            `event ${event.number} (${eventTypeName(event.eventType)}, PCR ${event.pcrIndex}): digest does not match the event data`,
          );
        if (result === "match") checked++;
      }
      if (tpm) await extendTpm(ctx, event);
      await applyFirmwareEvent(crypto, simulated, event);
    }
    if (ctx.verbose && f.has("-checkhash"))
      ctx.print(`eventextend: ${checked} event digests checked against their data\n`);

    const mismatches: string[] = [];
    let compared = 0;
    for (const alg of banks) {
      const values = simulated.get(alg)!;
      if (sim) {
        ctx.print(`\n${algorithmIdLine("algorithmId", alg)}`);
        values.forEach((v, pcr) => {
          const label = `PCR ${String(pcr).padStart(2, "0")}:`;
          ctx.print(f.has("-ns") ? `${label} ${hexString(v)}\n` : infoLine(label, v));
        });
      }
      if (checkPcr) {
        const actual = await readPcrBank(await ctx.tss(), alg, values.length);
        if (!actual) {
          if (ctx.verbose) ctx.print(`eventextend: the TPM has no ${DIGEST_FIELD[alg] ?? alg} bank, not compared\n`);
        } else
          actual.forEach((value, pcr) => {
            compared++;
            if (hexString(value) !== hexString(values[pcr]!)) {
              mismatches.push(`${DIGEST_FIELD[alg] ?? alg} PCR ${pcr}`);
              ctx.print(
                `eventextend: PCR ${pcr}\n${printAll("PCR TPM digest", value)}${printAll("PCR simulated digest", values[pcr]!)}`,
              );
            }
          });
      }
      if (sim) {
        const aggregate = await crypto.hash(alg, concat(values.slice(0, pcrMax + 1)));
        ctx.print(
          f.has("-ns") ? `\nboot aggregate: ${hexString(aggregate)}\n` : infoLine("\nboot aggregate:", aggregate),
        );
      }
    }
    ctx.result({
      events: events.length,
      banks: Object.fromEntries(
        banks.map((alg) => [DIGEST_FIELD[alg] ?? String(alg), simulated.get(alg)!.map(hexString)]),
      ),
      ...(checkPcr ? { compared, mismatches } : {}),
    });
    if (checkPcr && mismatches.length)
      throw new TssError("BAD_PARAMETER", `TPM PCRs differ from the event log: ${mismatches.join(", ")}`);
    if (checkPcr && compared === 0) throw new TssError("BAD_PARAMETER", "the TPM has none of the log's banks");
  },
};

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Extends one event into the TPM: EV_NO_ACTION StartupLocality power cycles the
 * simulator and starts it at that locality (PCR 0 then holds the locality); other
 * EV_NO_ACTION events are skipped; anything else is TPM2_PCR_Extend of its digests.
 */
async function extendTpm(ctx: UtilityContext, event: FirmwareEvent): Promise<void> {
  if (event.eventType === EV.NO_ACTION) {
    const locality = startupLocality(event);
    if (locality === undefined) return;
    await ctx.close();
    await withPlatformPort(ctx.io.env, async (platform) => {
      await platform.powerOff();
      await platform.powerOn();
      await platform.nvOn();
    });
    await (await ctx.tss()).startup({ startupType: TPM_SU.CLEAR }, { locality });
    return;
  }
  if (event.pcrIndex > 23)
    throw new TssError("BAD_PARAMETER", `event ${event.number}: PCR ${event.pcrIndex} out of range`);
  const digests = event.digests
    .filter((d) => DIGEST_FIELD[d.hashAlg])
    .map((d) => ({ hashAlg: d.hashAlg, digest: { [DIGEST_FIELD[d.hashAlg]!]: d.digest } }));
  const tss = await ctx.tss();
  await tss.pcrExtend({ pcrHandle: event.pcrIndex, digests } as never, { sessions: ctx.sessions(true)! });
  if (ctx.verbose && event.digests[0]) {
    const value = await readPcr(tss, event.digests[0].hashAlg, event.pcrIndex);
    if (value) ctx.print(printAll("PCR digest", value));
  }
}
