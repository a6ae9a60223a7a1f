const EMPTY = new Uint8Array(0);

/**
 * A growable big-endian byte sink for marshalling. Values are stored byte by
 * byte, never through a DataView: a DataView over a small array makes V8 move
 * the array's bytes to a separate ArrayBuffer, which costs more than the
 * marshalling of a small command.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
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
  }

  /** Appends one octet. */
  u8(v: number): void {
    this.reserve(1);
    this.buf[this.pos] = v;
    this.pos += 1;
  }
  /** Appends a big-endian 16-bit value. */
  u16(v: number): void {
    this.reserve(2);
    this.patchU16(this.pos, v);
    this.pos += 2;
  }
  /** Appends a big-endian 32-bit value. */
  u32(v: number): void {
    this.reserve(4);
    this.patchU32(this.pos, v);
    this.pos += 4;
  }
  /** Appends a big-endian 64-bit value. */
  u64(v: bigint): void {
    this.reserve(8);
    const u = BigInt.asUintN(64, v);
    this.patchU32(this.pos, Number(u >> 32n));
    this.patchU32(this.pos + 4, Number(u & 0xffffffffn));
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
    const b = this.buf;
    b[offset] = v >>> 8;
    b[offset + 1] = v;
  }
  /** Overwrites a 32-bit value at an earlier offset. */
  patchU32(offset: number, v: number): void {
    const b = this.buf;
    b[offset] = v >>> 24;
    b[offset + 1] = v >>> 16;
    b[offset + 2] = v >>> 8;
    b[offset + 3] = v;
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
    this.buf = EMPTY;
    this.pos = 0;
    return out;
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
