/** Hex helpers for the test kit. */
import { TssError } from "@tss/marshal";

/** Octets from a hex string. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw new TssError("BAD_PARAMETER", `bad hex "${hex.slice(0, 16)}"`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of octets. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** Throws with both values in hex when two byte strings differ. */
export function expectBytes(what: string, actual: Uint8Array, expected: Uint8Array | string): void {
  const e = typeof expected === "string" ? expected.toLowerCase() : toHex(expected);
  const a = toHex(actual);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Throws when a condition is false. */
export function check(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Error(what);
}

/** Octets of a non-negative bigint, big-endian, left-padded to `size`. */
export function bigintToBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A bigint from big-endian octets. */
export function bytesToBigint(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}
