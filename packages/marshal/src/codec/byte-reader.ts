import { MarshalError } from "../errors.js";

/** Inputs this long or shorter are copied rather than viewed (see bytesView). */
const SMALL = 64;

/**
 * A bounds-checked big-endian byte source for unmarshalling. It reads octets by
 * index (no DataView: a reader is made per response, and most reads are small).
 */
export class ByteReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** Current read offset. */
  get offset(): number {
    return this.pos;
  }
  /** Bytes not yet read. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, path: string): void {
    if (this.pos + n > this.buf.length) {
      throw new MarshalError("INSUFFICIENT", path, `needs ${n} byte(s) at offset ${this.pos}, ${this.remaining} left`);
    }
  }
  /** Reads one octet. */
  u8(path: string): number {
    this.need(1, path);
    const v = this.buf[this.pos]!;
    this.pos += 1;
    return v;
  }
  /** Reads a big-endian 16-bit value. */
  u16(path: string): number {
    this.need(2, path);
    const b = this.buf;
    const v = (b[this.pos]! << 8) | b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  /** Reads a big-endian 32-bit value. */
  u32(path: string): number {
    this.need(4, path);
    const b = this.buf;
    const i = this.pos;
    const v = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    this.pos += 4;
    return v;
  }
  /** Reads a big-endian 64-bit value. */
  u64(path: string): bigint {
    this.need(8, path);
    const b = this.buf;
    const i = this.pos;
    const hi = ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    const lo = ((b[i + 4]! << 24) | (b[i + 5]! << 16) | (b[i + 6]! << 8) | b[i + 7]!) >>> 0;
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    this.pos += 8;
    return v;
  }
  /** Reads `n` raw bytes (a copy). */
  bytes(n: number, path: string): Uint8Array {
    this.need(n, path);
    const v = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /**
   * The next `n` bytes as a view of the input (no copy), for internal areas
   * that are only read. An input of at most 64 bytes gives a copy instead: V8
   * keeps arrays that small inside the heap, and a view would first move the
   * array's bytes to a separate ArrayBuffer, which costs more than the copy.
   */
  bytesView(n: number, path: string): Uint8Array {
    this.need(n, path);
    const v =
      this.buf.length <= SMALL ? this.buf.slice(this.pos, this.pos + n) : this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A reader over the next `n` bytes, advancing this one past them. */
  sub(n: number, path: string): ByteReader {
    this.need(n, path);
    const r = new ByteReader(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return r;
  }
  /** Throws when bytes remain unread. */
  expectEnd(path: string): void {
    if (this.remaining !== 0) {
      throw new MarshalError("TRAILING", path, `${this.remaining} trailing byte(s)`);
    }
  }
}
