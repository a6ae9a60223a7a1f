/** A bounds-checked reader over a log's bytes: every read past the end is an EventLogError("TRUNCATED"). */
import { EventLogError } from "./event-log-error.js";

/** Reads integers and byte strings from a Uint8Array, little or big endian. */
export class ByteReader {
  offset = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian = true,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number, what: string): number {
    if (n > this.remaining)
      throw new EventLogError("TRUNCATED", `${what}: needs ${n} bytes, ${this.remaining} left`, this.offset);
    const at = this.offset;
    this.offset += n;
    return at;
  }

  /** One octet. */
  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }
  /** A 16-bit unsigned integer. */
  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), this.littleEndian);
  }
  /** A 32-bit unsigned integer. */
  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), this.littleEndian);
  }
  /** A 64-bit unsigned integer (as bigint). */
  u64(what: string): bigint {
    return this.view.getBigUint64(this.need(8, what), this.littleEndian);
  }
  /** `n` bytes (a copy). */
  take(n: number, what: string): Uint8Array {
    const at = this.need(n, what);
    return this.bytes.slice(at, at + n);
  }
  /** True when every byte left is zero (firmware tables pad the log with zeros). */
  restIsZero(): boolean {
    for (let i = this.offset; i < this.bytes.length; i++) if (this.bytes[i] !== 0) return false;
    return true;
  }
}
