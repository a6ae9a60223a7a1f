/**
 * One TCP connection with exact-length reads bounded by a deadline and an
 * AbortSignal. A read never hangs: it ends with the bytes, or with a TssError
 * (BAD_CONNECTION when the peer closes or fails, TIMEOUT, ABORTED).
 */
import { connect, type Socket } from "node:net";
import { type AbortSignalLike, TssError } from "@tss/marshal";
import { ByteQueue } from "./byte-queue.js";

/** Where and how to connect. */
export interface SocketEndpoint {
  readonly host: string;
  readonly port: number;
  /** Milliseconds to wait for the TCP connection. */
  readonly connectTimeoutMs: number;
}

interface PendingRead {
  /** Bytes awaited; -1 while a frame's header has not arrived. */
  n: number;
  /** For a frame read: how long the frame is, from its first `headerBytes`. */
  readonly frame?: { readonly headerBytes: number; frameLength(header: Uint8Array): number };
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

/** Formats host:port, with brackets around IPv6 literals. */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Strips the brackets of an IPv6 literal written as `[::1]`. */
export function normalizeHost(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Rejects with ABORTED when the signal is already aborted. */
export function throwIfAborted(signal: AbortSignalLike | undefined, what: string): void {
  if (signal?.aborted) throw new TssError("ABORTED", `${what} aborted`, { cause: signal.reason });
}

/** A connected socket with a receive queue. */
export class SocketChannel {
  private readonly queue = new ByteQueue();
  private pending: PendingRead | undefined;
  private failure: TssError | undefined;

  /** Wraps an accepted or connected socket. */
  constructor(
    private readonly socket: Socket,
    /** host:port, for messages. */
    readonly name: string,
  ) {
    socket.on("data", (d: Uint8Array) => {
      this.queue.push(d);
      const p = this.pending;
      if (!p) return;
      if (p.n < 0 && p.frame && this.queue.length >= p.frame.headerBytes) {
        try {
          p.n = p.frame.frameLength(this.queue.peek(p.frame.headerBytes));
        } catch (e) {
          this.pending = undefined;
          p.reject(e as Error);
          return;
        }
      }
      if (p.n >= 0 && this.queue.length >= p.n) {
        this.pending = undefined;
        p.resolve(this.queue.take(p.n));
      }
    });
    const fail = (e?: Error) => {
      if (this.failure) return;
      this.failure = new TssError(
        "BAD_CONNECTION",
        `connection to ${name} ${e ? `failed: ${e.message}` : "closed by the peer"}`,
        e ? { cause: e } : undefined,
      );
      const p = this.pending;
      this.pending = undefined;
      p?.reject(this.failure);
    };
    socket.on("error", fail);
    socket.on("end", () => fail());
    socket.on("close", () => fail());
  }

  /** Opens a connection (TCP_NODELAY on), bounded by the connect timeout and the signal. */
  static open(endpoint: SocketEndpoint, signal?: AbortSignalLike): Promise<SocketChannel> {
    const name = formatEndpoint(endpoint.host, endpoint.port);
    throwIfAborted(signal, `connecting to ${name}`);
    return new Promise<SocketChannel>((resolve, reject) => {
      const socket = connect({ host: normalizeHost(endpoint.host), port: endpoint.port, noDelay: true });
      const finish = (error?: Error) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        socket.off("connect", onConnect);
        socket.off("error", onError);
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve(new SocketChannel(socket, name));
      };
      const onConnect = () => finish();
      const onError = (e: Error) =>
        finish(new TssError("BAD_CONNECTION", `cannot connect to ${name}: ${e.message}`, { cause: e }));
      const onAbort = () => finish(new TssError("ABORTED", `connecting to ${name} aborted`, { cause: signal?.reason }));
      const timer = setTimeout(
        () => finish(new TssError("TIMEOUT", `no connection to ${name} within ${endpoint.connectTimeoutMs} ms`)),
        endpoint.connectTimeoutMs,
      );
      socket.once("connect", onConnect);
      socket.once("error", onError);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** True once the connection failed or closed; a new one is needed. */
  get broken(): boolean {
    return this.failure !== undefined || this.socket.destroyed;
  }

  /** Bytes received and not yet read (unexpected bytes between frames). */
  get buffered(): number {
    return this.queue.length;
  }

  /**
   * Fails the waiting read (if any) and every later read with `error`: one
   * exchange-wide timer or abort interrupts whichever read is waiting.
   */
  interrupt(error: TssError): void {
    this.failure ??= error;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.failure);
  }

  /** Drops bytes received but not read. */
  discardBuffered(): void {
    this.queue.clear();
  }

  /** Writes bytes (one write call). */
  write(bytes: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.socket.write(bytes);
  }

  /**
   * Reads exactly `n` bytes. `deadline` is a Date.now() instant (Infinity: no
   * limit); `what` names the awaited bytes in errors.
   */
  read(n: number, deadline: number, signal: AbortSignalLike | undefined, what: string): Promise<Uint8Array> {
    if (this.queue.length >= n) return Promise.resolve(this.queue.take(n));
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(new TssError("ABORTED", `${what} aborted`, { cause: signal.reason }));
    if (this.pending) return Promise.reject(new TssError("BAD_PARAMETER", `overlapping reads on ${this.name}`));
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
      // An infinite deadline waits for the peer (a proxy's idle client).
      const timer = Number.isFinite(deadline)
        ? setTimeout(
            () => {
              this.pending = undefined;
              done();
              reject(new TssError("TIMEOUT", `${what}: no answer from ${this.name} in time`));
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

  /**
   * Reads a whole length-prefixed frame with one wait: once `headerBytes` have
   * arrived, `frameLength(header)` gives the frame's total length, header
   * included (it may throw to reject the frame). The exchange's timer or abort
   * interrupts the wait (see `interrupt`).
   */
  readFrame(headerBytes: number, frameLength: (header: Uint8Array) => number, what: string): Promise<Uint8Array> {
    if (this.queue.length >= headerBytes) {
      let n: number;
      try {
        n = frameLength(this.queue.peek(headerBytes));
      } catch (e) {
        return Promise.reject(e);
      }
      if (this.queue.length >= n) return Promise.resolve(this.queue.take(n));
      return this.read(n, Infinity, undefined, what);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new TssError("BAD_PARAMETER", `overlapping reads on ${this.name}`));
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending = { n: -1, frame: { headerBytes, frameLength }, resolve, reject };
    });
  }

  /** Closes gracefully (FIN), destroying the socket if the peer does not close within 1 s. */
  async close(): Promise<void> {
    const s = this.socket;
    if (s.destroyed) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        s.destroy();
        resolve();
      }, 1000);
      t.unref?.();
      s.once("close", () => {
        clearTimeout(t);
        resolve();
      });
      s.end();
    });
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }
}
