import { connect, type Socket } from "node:net";
import { frameSizeFromHeader, type SendOptions, type Transport, TssError } from "@tss/marshal";

/** MS-simulator command port code: send a TPM command (TPM_SEND_COMMAND). */
const TPM_SEND_COMMAND = 8;

/** Options of a simulator connection. */
export interface MssimTransportOptions {
  /** Host name or address (TPM_SERVER_NAME). Default "localhost". */
  readonly host?: string;
  /** Command port (TPM_COMMAND_PORT). Default 2321. */
  readonly port?: number;
  /** "mssim" frames each command (TPM_SERVER_TYPE); "raw" sends bare TPM bytes. Default "mssim". */
  readonly serverType?: "mssim" | "raw";
  /** Milliseconds to wait for a response. Default 60000. */
  readonly responseTimeoutMs?: number;
}

/**
 * One persistent TCP connection to a TPM simulator's command port. Each command is
 * written in one write with TCP_NODELAY; the response is delimited by its header.
 */
export class MssimTransport implements Transport {
  private socket: Socket | undefined;
  private chunks: Uint8Array[] = [];
  private received = 0;
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly serverType: "mssim" | "raw";
  private readonly responseTimeoutMs: number;

  constructor(options: MssimTransportOptions = {}) {
    this.host = options.host ?? "localhost";
    this.port = options.port ?? 2321;
    this.serverType = options.serverType ?? "mssim";
    this.responseTimeoutMs = options.responseTimeoutMs ?? 60_000;
  }

  private async open(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port, noDelay: true });
      s.once("connect", () => resolve(s));
      s.once("error", (e) => reject(new TssError("BAD_CONNECTION", `cannot connect to ${this.host}:${this.port}: ${e.message}`, { cause: e })));
    });
    socket.on("data", (d: Uint8Array) => {
      this.chunks.push(d);
      this.received += d.length;
      this.waiter?.();
    });
    const drop = (e?: Error) => {
      this.failure = new TssError("BAD_CONNECTION", `connection to ${this.host}:${this.port} dropped${e ? `: ${e.message}` : ""}`);
      this.socket = undefined;
      this.waiter?.();
    };
    socket.on("error", drop);
    socket.on("close", () => drop());
    this.socket = socket;
    this.failure = undefined;
    return socket;
  }

  private take(n: number): Uint8Array {
    const all = new Uint8Array(this.received);
    let o = 0;
    for (const c of this.chunks) {
      all.set(c, o);
      o += c.length;
    }
    this.chunks = n < all.length ? [all.subarray(n)] : [];
    this.received = all.length - n;
    return all.slice(0, n);
  }

  private peek(n: number): Uint8Array | undefined {
    if (this.received < n) return undefined;
    const out = this.take(n);
    this.chunks.unshift(out);
    this.received += n;
    return out;
  }

  private async read(n: number, deadline: number, signal?: AbortSignal): Promise<Uint8Array> {
    while (this.received < n) {
      if (this.failure) throw this.failure;
      if (signal?.aborted) throw new TssError("ABORTED", "send aborted");
      const left = deadline - Date.now();
      if (left <= 0) throw new TssError("TIMEOUT", `no response from ${this.host}:${this.port} within ${this.responseTimeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        const onAbort = () => resolve();
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiter = () => {
          clearTimeout(t);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.take(n);
  }

  /** Sends one command and resolves with its response. */
  async send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    const socket = await this.open();
    this.chunks = [];
    this.received = 0;
    const deadline = Date.now() + this.responseTimeoutMs;
    try {
      if (this.serverType === "mssim") {
        const frame = new Uint8Array(9 + command.length);
        const v = new DataView(frame.buffer);
        v.setUint32(0, TPM_SEND_COMMAND);
        v.setUint8(4, options?.locality ?? 0);
        v.setUint32(5, command.length);
        frame.set(command, 9);
        socket.write(frame);
        const size = new DataView((await this.read(4, deadline, options?.signal)).buffer).getUint32(0);
        const response = await this.read(size, deadline, options?.signal);
        await this.read(4, deadline, options?.signal);
        return response;
      }
      socket.write(command);
      const header = await this.read(10, deadline, options?.signal);
      const size = frameSizeFromHeader(header)!;
      if (size < 10) throw new TssError("MALFORMED_RESPONSE", `response header declares ${size} bytes`);
      const rest = await this.read(size - 10, deadline, options?.signal);
      const out = new Uint8Array(size);
      out.set(header);
      out.set(rest, 10);
      return out;
    } catch (e) {
      // The stream position is unknown after a failure: drop the connection.
      socket.destroy();
      this.socket = undefined;
      throw e;
    }
  }

  /** Closes the connection (the MS simulator is told the session ends). */
  async close(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      s.end();
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 1000).unref();
    });
  }
}
