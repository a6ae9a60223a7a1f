/**
 * A queue of received bytes: chunks go in as they arrive, exact lengths come out.
 * Taking from the front chunk is a view, not a copy, when the chunk holds enough.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private total = 0;

  /** Bytes waiting. */
  get length(): number {
    return this.total;
  }

  /** Appends a received chunk. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Removes and returns exactly `n` bytes; the caller checks `length` first. */
  take(n: number): Uint8Array {
    if (n > this.total) throw new RangeError(`take(${n}) with ${this.total} bytes queued`);
    const first = this.chunks[0];
    if (first && this.head === 0 && first.length === n) {
      // The usual case, a whole frame in one chunk: the chunk itself.
      this.chunks.shift();
      this.total -= n;
      return first;
    }
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      this.total -= n;
      return out;
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0]!;
      const piece = Math.min(n - o, c.length - this.head);
      out.set(c.subarray(this.head, this.head + piece), o);
      o += piece;
      this.head += piece;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.total -= n;
    return out;
  }

  /**
   * The first `n` bytes without removing them; the caller checks `length` first.
   * The result may be longer than `n` (the front chunk itself, not a view of it).
   */
  peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && this.head === 0 && first.length >= n) return first;
    if (first && first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let o = 0;
    let head = this.head;
    for (const c of this.chunks) {
      const piece = Math.min(n - o, c.length - head);
      out.set(c.subarray(head, head + piece), o);
      o += piece;
      head = 0;
      if (o === n) break;
    }
    return out;
  }

  /** Drops everything queued. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.total = 0;
  }
}
