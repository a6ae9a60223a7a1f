import type { Codec, SampleRng } from "@tss/marshal";

/** One fuzz target: a type or a response schema with a session count. */
export interface FuzzTarget {
  name: string;
  /** The codec, for type targets (response targets have none). */
  codec?: Codec<unknown>;
  sample(rng: SampleRng): { bytes: Uint8Array; value?: unknown };
  parse(bytes: Uint8Array): unknown;
}

/** One failure, with the input to reproduce it. */
export interface FuzzFailure {
  target: string;
  kind: string;
  input?: string;
  error: string;
  note: string;
}

/** The figures of a fuzz run. */
export interface FuzzStats {
  inputs: number;
  targets: number;
  byKind: Record<string, number>;
  accepted: number;
  rejected: Record<string, number>;
  writeInputs: number;
  writeRejected: number;
  writeAccepted: number;
  slowest: { ms: number; target: string; kind: string };
  /** Inputs over the time bound once but not when run again (a runtime pause, not the input). */
  pauses: number;
  failures: FuzzFailure[];
  ms: number;
}

/** Every codec of ALL_TYPES and every response schema with 0, 1 and 2 sessions. */
export function fuzzTargets(M: object): FuzzTarget[];
/** A copy of `value` with one leaf (or the whole value) replaced by junk. */
export function damageValue(rng: SampleRng, value: unknown): unknown;
/** Runs `inputs` fuzz inputs from `seed`. */
export function runFuzz(
  M: object,
  opts?: {
    inputs?: number;
    seed?: number;
    timeBoundMs?: number;
    maxFailures?: number;
    targets?: FuzzTarget[];
    onProgress?: (count: number) => void;
    onInput?: (target: string, bytes: Uint8Array) => void;
  },
): FuzzStats;
