/** A growable big-endian byte sink for marshalling. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = Math.max(64, this.buf.length * 2);
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Appends one octet. */
  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.pos, v);
    this.pos += 1;
  }
  /** Appends a big-endian 16-bit value. */
  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.pos, v);
    this.pos += 2;
  }
  /** Appends a big-endian 32-bit value. */
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, v >>> 0);
    this.pos += 4;
  }
  /** Appends a big-endian 64-bit value. */
  u64(v: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, v));
    this.pos += 8;
  }
  /** Appends raw bytes. */
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  /** Overwrites a 16-bit value at an earlier offset (for sizes known afterwards). */
  patchU16(offset: number, v: number): void {
    this.view.setUint16(offset, v);
  }
  /** Overwrites a 32-bit value at an earlier offset. */
  patchU32(offset: number, v: number): void {
    this.view.setUint32(offset, v >>> 0);
  }
  /** Forgets what was written, keeping the buffer (for a writer reused across calls). */
  reset(): void {
    this.pos = 0;
  }

  /**
   * The bytes written, without a copy when they fill the buffer exactly. The
   * writer must not be used afterwards (for one-shot writers sized in advance).
   */
  detach(): Uint8Array {
    const out = this.pos === this.buf.length ? this.buf : this.buf.slice(0, this.pos);
    this.buf = new Uint8Array(0);
    this.view = new DataView(this.buf.buffer);
    this.pos = 0;
    return out;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
