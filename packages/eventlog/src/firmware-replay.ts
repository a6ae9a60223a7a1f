/**
 * Replaying a firmware event log: the PCR values the log implies (every event but
 * EV_NO_ACTION extended from the Startup values; a StartupLocality event sets PCR 0's
 * last octet to the locality), and the check of an event's digests against its data.
 */
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import { EventLogError } from "./event-log-error.js";
import { EV } from "./event-types.js";
import { type FirmwareEvent, type FirmwareEventLog, startupLocality } from "./firmware-event-log.js";
import { extendPcr, PC_CLIENT_PCR_COUNT, type PcrBanks, resetPcrBanks } from "./pcr-banks.js";
import { parseUefiVariableData } from "./uefi-event-data.js";

/** The banks a log measures: the Spec ID event's algorithms, or SHA-1 for a SHA-1 log. */
export function logBanks(log: FirmwareEventLog): number[] {
  if (log.specId) return log.specId.algorithms.map((a) => a.algorithmId);
  if (log.format === "sha1") return [TPM_ALG_ID.SHA1];
  // A log without a header: the algorithms of its events, in first-seen order.
  return [...new Set(log.events.flatMap((e) => e.digests.map((d) => d.hashAlg)))];
}

/** The events that replay extends or otherwise acts on: all but a crypto-agile log's header. */
function replayedEvents(log: FirmwareEventLog): readonly FirmwareEvent[] {
  return log.format === "sha1" ? log.events : log.events.filter((e) => e.number !== 0 || !log.specId);
}

/**
 * Applies one event to simulated banks: EV_NO_ACTION extends nothing (StartupLocality
 * sets PCR 0 to the locality); any other event extends each bank its digests name.
 */
export async function applyFirmwareEvent(
  crypto: Pick<Crypto, "hash">,
  banks: PcrBanks,
  event: FirmwareEvent,
): Promise<void> {
  if (event.eventType === EV.NO_ACTION) {
    const locality = startupLocality(event);
    if (locality !== undefined)
      for (const values of banks.values()) {
        const pcr0 = values[0]!;
        pcr0.fill(0);
        pcr0[pcr0.length - 1] = locality;
      }
    return;
  }
  for (const { hashAlg, digest } of event.digests) {
    const values = banks.get(hashAlg);
    if (!values) continue;
    if (event.pcrIndex >= values.length)
      throw new EventLogError("MALFORMED", `event ${event.number}: PCR ${event.pcrIndex} out of range`, event.offset);
    values[event.pcrIndex] = await extendPcr(crypto, hashAlg, values[event.pcrIndex]!, digest);
  }
}

/**
 * The PCR values a firmware log implies, for every bank of the log (or `banks`),
 * starting from the values at TPM2_Startup(CLEAR).
 */
export async function replayFirmwareEventLog(
  log: FirmwareEventLog,
  crypto: Pick<Crypto, "hash">,
  options: { banks?: readonly number[]; pcrCount?: number } = {},
): Promise<PcrBanks> {
  const banks = resetPcrBanks(options.banks ?? logBanks(log), options.pcrCount ?? PC_CLIENT_PCR_COUNT);
  for (const event of replayedEvents(log)) await applyFirmwareEvent(crypto, banks, event);
  return banks;
}

/** How an event's digests relate to its data. */
export type DigestCheck =
  /** Every digest is the hash of what the event type says is measured. */
  | "match"
  /** At least one digest is not. */
  | "mismatch"
  /** The event type's digest is of something outside the log (code, a blob), so it cannot be checked. */
  | "unverifiable";

// Event types whose digest is the hash of the whole event data (PFP 10.4.1).
const HASH_OF_EVENT: ReadonlySet<number> = new Set([
  EV.SEPARATOR,
  EV.ACTION,
  EV.S_CRTM_VERSION,
  EV.PLATFORM_CONFIG_FLAGS,
  EV.OMIT_BOOT_DEVICE_EVENTS,
  EV.EFI_VARIABLE_DRIVER_CONFIG,
  EV.EFI_GPT_EVENT,
  EV.EFI_ACTION,
  EV.EFI_VARIABLE_AUTHORITY,
]);
// Event types whose digest is the hash of UEFI_VARIABLE_DATA.VariableData (some firmware hashes the whole event).
const HASH_OF_VARIABLE_DATA: ReadonlySet<number> = new Set([EV.EFI_VARIABLE_BOOT, EV.EFI_VARIABLE_BOOT2]);

/** VariableData of a UEFI_VARIABLE_DATA event, or undefined when the event is not one. */
export function uefiVariableData(event: Uint8Array): Uint8Array | undefined {
  try {
    return parseUefiVariableData(event).variableData;
  } catch {
    return undefined;
  }
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

async function allMatch(crypto: Pick<Crypto, "hash">, event: FirmwareEvent, data: Uint8Array): Promise<boolean> {
  for (const { hashAlg, digest } of event.digests) if (!equal(await crypto.hash(hashAlg, data), digest)) return false;
  return true;
}

/**
 * Checks an event's digests against its data, by event type: the hash of the event
 * data (EV_SEPARATOR, EV_EFI_ACTION, EV_EFI_VARIABLE_DRIVER_CONFIG, ...), of the
 * variable's data (EV_EFI_VARIABLE_BOOT, or of the whole event as some firmware does).
 * EV_NO_ACTION (never extended) and types measuring code or blobs are "unverifiable".
 */
export async function checkFirmwareEventDigests(
  crypto: Pick<Crypto, "hash">,
  event: FirmwareEvent,
): Promise<DigestCheck> {
  if (HASH_OF_EVENT.has(event.eventType)) {
    if (await allMatch(crypto, event, event.event)) return "match";
    // Some firmware measures only the signature data of EV_EFI_VARIABLE_AUTHORITY.
    const data = event.eventType === EV.EFI_VARIABLE_AUTHORITY ? uefiVariableData(event.event) : undefined;
    return data && (await allMatch(crypto, event, data)) ? "match" : "mismatch";
  }
  if (HASH_OF_VARIABLE_DATA.has(event.eventType)) {
    const data = uefiVariableData(event.event);
    if (data && (await allMatch(crypto, event, data))) return "match";
    return (await allMatch(crypto, event, event.event)) ? "match" : "mismatch";
  }
  return "unverifiable";
}
