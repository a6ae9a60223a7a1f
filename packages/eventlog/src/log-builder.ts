/**
 * Writers of measurement logs, for tests and simulated platforms: a crypto-agile
 * firmware log (Spec ID Event03 header, TCG_PCR_EVENT2 entries) and a binary IMA list.
 */
import { type Crypto, digestSize, TPM_ALG_ID } from "@tss/marshal";
import { EventLogError } from "./event-log-error.js";
import { EV } from "./event-types.js";
import { imaTemplateData, ngTemplateData } from "./ima-log.js";

class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  constructor(private readonly littleEndian = true) {}
  u8(v: number): this {
    this.parts.push(Uint8Array.of(v));
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, this.littleEndian);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, this.littleEndian);
    this.parts.push(b);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** One event to write: its digests default to the hash of `data` in every algorithm of the log. */
export interface FirmwareEventInput {
  readonly pcrIndex: number;
  readonly eventType: number;
  readonly data: Uint8Array;
  /** Explicit digests by algorithm (e.g. of code that is not in the log). */
  readonly digests?: ReadonlyMap<number, Uint8Array>;
}

/** The data of an EV_NO_ACTION StartupLocality event. */
export function startupLocalityData(locality: number): Uint8Array {
  const out = new Uint8Array(17);
  out.set(new TextEncoder().encode("StartupLocality"));
  out[16] = locality;
  return out;
}

/**
 * Writes a crypto-agile firmware event log: the Spec ID Event03 header naming
 * `algorithms`, then one TCG_PCR_EVENT2 per input.
 */
export async function buildFirmwareEventLog(
  crypto: Pick<Crypto, "hash">,
  algorithms: readonly number[],
  events: readonly FirmwareEventInput[],
): Promise<Uint8Array> {
  for (const a of algorithms)
    if (!digestSize(a)) throw new EventLogError("BAD_PARAMETER", `algorithm ${a} is not a known hash`);
  const spec = new ByteWriter()
    .bytes(new TextEncoder().encode("Spec ID Event03\0"))
    .u32(0)
    .u8(0)
    .u8(2)
    .u8(0)
    .u8(2)
    .u32(algorithms.length);
  for (const a of algorithms) spec.u16(a).u16(digestSize(a));
  const specData = spec.u8(0).done();
  const w = new ByteWriter().u32(0).u32(EV.NO_ACTION).bytes(new Uint8Array(20)).u32(specData.length).bytes(specData);
  for (const e of events) {
    w.u32(e.pcrIndex).u32(e.eventType).u32(algorithms.length);
    for (const a of algorithms) {
      const d =
        e.eventType === EV.NO_ACTION
          ? new Uint8Array(digestSize(a))
          : (e.digests?.get(a) ?? (await crypto.hash(a, e.data)));
      w.u16(a).bytes(d);
    }
    w.u32(e.data.length).bytes(e.data);
  }
  return w.done();
}

/** One IMA measurement to write. */
export interface ImaEntryInput {
  readonly pcrIndex?: number;
  readonly template: "ima" | "ima-ng" | "ima-sig";
  /** "sha1" for the ima template. */
  readonly fileHashAlgorithm: string;
  readonly fileDigest: Uint8Array;
  readonly fileName: string;
  readonly signature?: Uint8Array;
  /** Write an all-zero template hash (a measurement violation). */
  readonly violation?: boolean;
}

/**
 * Writes a binary IMA list (binary_runtime_measurements) with template hashes in
 * `templateHashAlg` (default SHA-1), integers little endian unless `littleEndian` is false.
 */
export async function buildImaLog(
  crypto: Pick<Crypto, "hash">,
  entries: readonly ImaEntryInput[],
  options: { littleEndian?: boolean; templateHashAlg?: number } = {},
): Promise<Uint8Array> {
  const alg = options.templateHashAlg ?? TPM_ALG_ID.SHA1;
  const w = new ByteWriter(options.littleEndian ?? true);
  const enc = new TextEncoder();
  for (const e of entries) {
    const name = enc.encode(e.template);
    const hashed =
      e.template === "ima"
        ? imaTemplateData(e.fileDigest, e.fileName)
        : ngTemplateData(
            e.fileHashAlgorithm,
            e.fileDigest,
            e.fileName,
            e.template === "ima-sig" ? (e.signature ?? new Uint8Array(0)) : undefined,
            options.littleEndian ?? true,
          );
    const hash = e.violation ? new Uint8Array(digestSize(alg)) : await crypto.hash(alg, hashed);
    w.u32(e.pcrIndex ?? 10)
      .bytes(hash)
      .u32(name.length)
      .bytes(name);
    if (e.template === "ima") {
      const file = enc.encode(e.fileName);
      w.bytes(e.fileDigest).u32(file.length).bytes(file);
    } else w.u32(hashed.length).bytes(hashed);
  }
  return w.done();
}
