import { MarshalError } from "../errors.js";

/** A bounds-checked big-endian byte source for unmarshalling. */
export class ByteReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

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
    const v = this.view.getUint8(this.pos);
    this.pos += 1;
    return v;
  }
  /** Reads a big-endian 16-bit value. */
  u16(path: string): number {
    this.need(2, path);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }
  /** Reads a big-endian 32-bit value. */
  u32(path: string): number {
    this.need(4, path);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }
  /** Reads a big-endian 64-bit value. */
  u64(path: string): bigint {
    this.need(8, path);
    const v = this.view.getBigUint64(this.pos);
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
  /** The next `n` bytes as a view of the input (no copy), for internal areas. */
  bytesView(n: number, path: string): Uint8Array {
    this.need(n, path);
    const v = this.buf.subarray(this.pos, this.pos + n);
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
