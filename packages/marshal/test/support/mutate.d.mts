import type { SampleRng } from "@tss/marshal";

/** An integer field the codec read: its offset and width in bytes. */
export interface Field {
  offset: number;
  width: number;
}
/** The mutation kinds, with their weights. */
export const MUTATIONS: readonly [string, number][];
/** The integer fields a parse reads from `bytes`. */
export function recordFields(M: object, bytes: Uint8Array, parse: (bytes: Uint8Array) => unknown): Field[];
/** Random bytes of a random length. */
export function randomInput(rng: SampleRng): Uint8Array;
/** One mutation of `bytes` (never modified). */
export function mutate(
  rng: SampleRng,
  bytes: Uint8Array,
  fields?: readonly Field[],
): { kind: string; bytes: Uint8Array };
