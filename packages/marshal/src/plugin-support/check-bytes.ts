import { TssError } from "../tss-error.js";

/**
 * TssError("BAD_PARAMETER") unless `v` is a Uint8Array: how a crypto plugin's
 * primitives check each byte input (a string or an array would otherwise be
 * read as other octets, or fail with a TypeError from deep inside).
 */
export function checkBytes(v: unknown, what: string): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", `${what} is not a Uint8Array`);
}
