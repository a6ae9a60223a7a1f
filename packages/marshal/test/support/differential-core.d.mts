import type { Codec } from "@tss/marshal";
import type { Libtss2Bridge } from "./bridge.mjs";

/** One compared codec. */
export interface TypeReport {
  typeName: string;
  fn: string;
  via: "direct" | "typedef" | "scalar";
  samples: number;
  samplesAgreed: number;
  samplesWith183Selector: number;
  /** Samples that are the absent form (size 0) of an optional sized structure. */
  samplesAbsent: number;
  /** Agreed samples whose libtss2-mu value equals ours field by field. */
  valuesEqual: number;
  /** Agreed samples equal except for fields libtss2-mu names differently. */
  valuesEqualButNames: number;
  /** "path: NAME ..." for fields libtss2-mu spells differently. */
  fieldNameDifferences: Set<string>;
  mutated: number;
  bothAccept: number;
  bothReject: number;
  oursOnlyAccept183: number;
  /** Mutated inputs read as the absent form (size 0) of an optional sized structure. */
  absentOptional: number;
  /** Malformed sized structures libtss2-mu accepts because it drops the inner return code. */
  innerErrorIgnored: number;
  /** Sized structures whose size does not match the inner structure, accepted by libtss2-mu. */
  sizeNotBound: number;
  /** Inputs with union selector 0x0010 where the union has no such member, which libtss2-mu reads as empty. */
  nullSelectorAsEmpty: number;
  /** Inputs libtss2-mu accepts that fail one of our value checks (a check it does not make). */
  libOnlyAcceptValueCheck: number;
  /** Other inputs only libtss2-mu accepts, by our MarshalError code and path. */
  libOnlyAccept: Record<string, { count: number; example: string; lib: string }>;
  libBytesReread: number;
  findings: { kind: string; input: string; detail: string }[];
}
/** The whole differential run. */
export interface DifferentialReport {
  version: string;
  functions: string[];
  types: TypeReport[];
  oursOnly: { typeName: string; declaredInTss2Headers: boolean }[];
  libOnly: string[];
  templates: { type: string; label: string; ok: boolean; detail: string }[];
}
/** Our name without the "+" qualifier. */
export function baseName(typeName: string): string;
/** Runs the differential over every codec of ALL_TYPES (or `opts.codecs`). */
export function runDifferential(
  M: object,
  bridge: Libtss2Bridge,
  opts?: { seed?: number; samples?: number; mutations?: number; codecs?: readonly Codec<unknown>[] },
): Promise<DifferentialReport>;
/** A text summary of a report. */
export function formatReport(report: DifferentialReport): string;
