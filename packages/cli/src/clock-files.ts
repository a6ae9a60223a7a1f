/**
 * The clock and time files of readclock -oclock / -otime and clockset -iclock:
 * IBM's utilities write the UINT64 as it lies in the host's memory, which on
 * the x86 and little-endian ARM machines they run on is 8 little-endian bytes.
 */
import { UsageError } from "./usage-error.js";

/** The 8 little-endian bytes of a clock or time value. */
export function clockFileBytes(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

/** The value of a clock file; a file that is not exactly 8 bytes is a UsageError naming it. */
export function clockFromFile(bytes: Uint8Array, name: string): bigint {
  if (bytes.length !== 8) throw new UsageError(`clock file ${name} length ${bytes.length} should be 8`);
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
}
