/**
 * Received bytes waiting to be read, with one pending exact-length read bounded
 * by a deadline and an AbortSignal. A read never hangs: it ends with the bytes or
 * with a TssError (the stream's failure, TIMEOUT, ABORTED).
 */
import { type AbortSignalLike, TssError } from "@tss/marshal";

/** A byte stream receiver (serial port data events feed it). */
export class ByteReceiver {
  private chunks: Uint8Array[] = [];
  private total = 0;
  private pending: { n: number; resolve(b: Uint8Array): void; reject(e: Error): void } | undefined;
  private failure: TssError | undefined;

  /** Bytes waiting. */
  get length(): number {
    return this.total;
  }

  /** Appends received bytes and completes a waiting read when it can. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
    const p = this.pending;
    if (p && this.total >= p.n) {
      this.pending = undefined;
      p.resolve(this.take(p.n));
    }
  }

  /** Marks the stream failed: the waiting read and later reads reject with `error`. */
  fail(error: TssError): void {
    this.failure ??= error;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }

  /** Drops queued bytes (stale bytes of an earlier, abandoned response). */
  clear(): void {
    this.chunks = [];
    this.total = 0;
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0]!;
      const piece = Math.min(n - o, c.length);
      out.set(c.subarray(0, piece), o);
      o += piece;
      if (piece === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(piece);
    }
    this.total -= n;
    return out;
  }

  /** Reads exactly `n` bytes before `deadline` (a Date.now() instant; Infinity waits for the stream). */
  read(n: number, deadline: number, signal: AbortSignalLike | undefined, what: string): Promise<Uint8Array> {
    if (this.total >= n) return Promise.resolve(this.take(n));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(new TssError("ABORTED", `${what} aborted`, { cause: signal.reason }));
    return new Promise<Uint8Array>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        this.pending = undefined;
        done();
        reject(new TssError("ABORTED", `${what} aborted`, { cause: signal?.reason }));
      };
      const timer = Number.isFinite(deadline)
        ? setTimeout(
            () => {
              this.pending = undefined;
              done();
              reject(new TssError("TIMEOUT", `${what}: no answer in time`));
            },
            Math.max(0, deadline - Date.now()),
          )
        : undefined;
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pending = {
        n,
        resolve: (b) => {
          done();
          resolve(b);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
    });
  }
}
