/**
 * The TCG PC Client firmware event log (TCG PC Client Platform Firmware Profile,
 * section 10): a first TCG_PCR_EVENT in the SHA-1 format, which in a crypto-agile
 * log carries the "Spec ID Event03" header (TCG_EfiSpecIDEventStruct), followed by
 * TCG_PCR_EVENT2 entries; or, in the old SHA-1 log, TCG_PCR_EVENT entries only.
 * All integers are little endian.
 */
import { digestSize, TPM_ALG_ID } from "@tss/marshal";
import { ByteReader } from "./byte-reader.js";
import { EventLogError } from "./event-log-error.js";
import { EV } from "./event-types.js";

/** One digest of an event: a TPM_ALG_ID and its bytes (TPMT_HA). */
export interface EventDigest {
  readonly hashAlg: number;
  readonly digest: Uint8Array;
}

/** One event of a firmware log (TCG_PCR_EVENT or TCG_PCR_EVENT2). */
export interface FirmwareEvent {
  /** Position in the log, the header event being 0. */
  readonly number: number;
  /** Byte offset of the event in the log. */
  readonly offset: number;
  readonly pcrIndex: number;
  readonly eventType: number;
  /** The digests (one SHA-1 digest for a TCG_PCR_EVENT). */
  readonly digests: readonly EventDigest[];
  /** The event data. */
  readonly event: Uint8Array;
}

/** An algorithm of the Spec ID event: TPM_ALG_ID and its digest size. */
export interface SpecIdAlgorithm {
  readonly algorithmId: number;
  readonly digestSize: number;
}

/** TCG_EfiSpecIDEventStruct, the header of a crypto-agile log. */
export interface SpecIdEvent {
  /** "Spec ID Event03" for a crypto-agile log. */
  readonly signature: string;
  readonly platformClass: number;
  readonly specVersionMinor: number;
  readonly specVersionMajor: number;
  readonly specErrata: number;
  readonly uintnSize: number;
  readonly algorithms: readonly SpecIdAlgorithm[];
  readonly vendorInfo: Uint8Array;
}

/** A parsed firmware event log. */
export interface FirmwareEventLog {
  /** "crypto-agile" (Spec ID Event03 header, TCG_PCR_EVENT2 entries) or "sha1" (TCG_PCR_EVENT entries only). */
  readonly format: "crypto-agile" | "sha1";
  /** The header's Spec ID event (crypto-agile logs). */
  readonly specId?: SpecIdEvent;
  /** Every event in order, including the header event (number 0) when there is one. */
  readonly events: readonly FirmwareEvent[];
}

/** Options of {@link parseFirmwareEventLog}. */
export interface ParseFirmwareOptions {
  /**
   * The log has no Spec ID header (a piece of a crypto-agile log, IBM's -nospec):
   * every event is a TCG_PCR_EVENT2 whose digest sizes come from `algorithms`
   * (default: the sizes of the TPM algorithms known to @tss/marshal).
   */
  readonly noSpec?: boolean;
  /** Digest sizes for a log without a header. */
  readonly algorithms?: readonly SpecIdAlgorithm[];
}

const SPEC_ID_03 = "Spec ID Event03";
const MAX_ALGORITHMS = 64;
const MAX_DIGESTS = 64;

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

/** Parses TCG_EfiSpecIDEventStruct from the header event's data. */
export function parseSpecIdEvent(data: Uint8Array): SpecIdEvent {
  const r = new ByteReader(data);
  const signature = latin1(r.take(16, "Spec ID signature")).replace(/\0+$/, "");
  const platformClass = r.u32("platformClass");
  const specVersionMinor = r.u8("specVersionMinor");
  const specVersionMajor = r.u8("specVersionMajor");
  const specErrata = r.u8("specErrata");
  const uintnSize = r.u8("uintnSize");
  const count = r.u32("numberOfAlgorithms");
  if (count > MAX_ALGORITHMS) throw new EventLogError("MALFORMED", `numberOfAlgorithms ${count} too large`, 24);
  const algorithms: SpecIdAlgorithm[] = [];
  for (let i = 0; i < count; i++) {
    const algorithmId = r.u16("algorithmId");
    const size = r.u16("digestSize");
    const known = digestSize(algorithmId);
    if (known !== 0 && known !== size)
      throw new EventLogError("MALFORMED", `algorithm ${algorithmId} digest size ${size}, expected ${known}`, r.offset);
    algorithms.push({ algorithmId, digestSize: size });
  }
  const vendorInfoSize = r.u8("vendorInfoSize");
  const vendorInfo = r.take(vendorInfoSize, "vendorInfo");
  return {
    signature,
    platformClass,
    specVersionMinor,
    specVersionMajor,
    specErrata,
    uintnSize,
    algorithms,
    vendorInfo,
  };
}

function readEvent1(r: ByteReader, number: number): FirmwareEvent {
  const offset = r.offset;
  const pcrIndex = r.u32("pcrIndex");
  const eventType = r.u32("eventType");
  const digest = r.take(20, "SHA-1 digest");
  const size = r.u32("eventSize");
  const event = r.take(size, "event data");
  return { number, offset, pcrIndex, eventType, digests: [{ hashAlg: TPM_ALG_ID.SHA1, digest }], event };
}

function readEvent2(r: ByteReader, number: number, sizes: ReadonlyMap<number, number>): FirmwareEvent {
  const offset = r.offset;
  const pcrIndex = r.u32("pcrIndex");
  const eventType = r.u32("eventType");
  const count = r.u32("digest count");
  if (count > MAX_DIGESTS) throw new EventLogError("MALFORMED", `event ${number}: digest count ${count}`, offset);
  const digests: EventDigest[] = [];
  for (let i = 0; i < count; i++) {
    const hashAlg = r.u16("hashAlg");
    const size = sizes.get(hashAlg) ?? digestSize(hashAlg);
    if (!size)
      throw new EventLogError(
        "UNKNOWN_ALGORITHM",
        `event ${number}: hash algorithm ${hashAlg} of unknown size`,
        offset,
      );
    digests.push({ hashAlg, digest: r.take(size, "digest") });
  }
  const size = r.u32("eventSize");
  const event = r.take(size, "event data");
  return { number, offset, pcrIndex, eventType, digests, event };
}

/**
 * Parses a firmware event log (the bytes of /sys/kernel/security/tpm0/binary_bios_measurements).
 * A crypto-agile log is recognised by its first event, an EV_NO_ACTION whose data is a
 * "Spec ID Event03" structure; anything else is read as a SHA-1 log. Zero padding after the
 * last event is ignored. Throws EventLogError on a truncated or malformed log.
 */
export function parseFirmwareEventLog(bytes: Uint8Array, options: ParseFirmwareOptions = {}): FirmwareEventLog {
  const r = new ByteReader(bytes);
  const events: FirmwareEvent[] = [];
  if (options.noSpec) {
    const sizes = new Map((options.algorithms ?? []).map((a) => [a.algorithmId, a.digestSize]));
    while (r.remaining > 0 && !r.restIsZero()) events.push(readEvent2(r, events.length + 1, sizes));
    return { format: "crypto-agile", events };
  }
  if (r.remaining === 0) throw new EventLogError("TRUNCATED", "empty event log", 0);
  const first = readEvent1(r, 0);
  events.push(first);
  const isAgile =
    first.eventType === EV.NO_ACTION &&
    first.event.length >= 16 &&
    latin1(first.event.subarray(0, 15)) === SPEC_ID_03 &&
    first.event[15] === 0;
  if (!isAgile) {
    while (r.remaining > 0 && !r.restIsZero()) events.push(readEvent1(r, events.length));
    return { format: "sha1", events };
  }
  const specId = parseSpecIdEvent(first.event);
  const sizes = new Map(specId.algorithms.map((a) => [a.algorithmId, a.digestSize]));
  while (r.remaining > 0 && !r.restIsZero()) events.push(readEvent2(r, events.length, sizes));
  return { format: "crypto-agile", specId, events };
}

/** The locality of an EV_NO_ACTION "StartupLocality" event (PFP 10.4.5.3), or undefined for any other event. */
export function startupLocality(event: FirmwareEvent): number | undefined {
  if (event.eventType !== EV.NO_ACTION || event.pcrIndex !== 0 || event.event.length !== 17) return undefined;
  if (latin1(event.event.subarray(0, 15)) !== "StartupLocality" || event.event[15] !== 0) return undefined;
  return event.event[16];
}
