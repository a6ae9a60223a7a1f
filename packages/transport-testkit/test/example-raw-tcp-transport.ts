/**
 * A complete example Transport: bare TPM bytes over one TCP connection (the
 * "raw" framing of swtpm and of TPM proxies). It depends on @tss/marshal only
 * and passes @tss/transport-testkit. docs/writing-a-transport.md walks through it.
 */
import { connect, type Socket } from "node:net";
import {
  type AbortSignalLike,
  checkSendOptions,
  readHeader,
  type SendOptions,
  TPM_HEADER_SIZE,
  type Transport,
  TssError,
} from "@tss/marshal";

export class ExampleRawTcpTransport implements Transport {
  private socket: Socket | undefined;
  private received = new Uint8Array(0);
  private wake: (() => void) | undefined;
  private failure: TssError | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 30_000,
  ) {}

  /** 1. Check the options and the command, then queue: overlapping sends never interleave. */
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    let checked: SendOptions;
    try {
      checked = checkSendOptions(options); // BAD_PARAMETER: a signal that is not an AbortSignal, a bad locality
    } catch (e) {
      return Promise.reject(e);
    }
    if (readHeader(command)?.size !== command.length) {
      return Promise.reject(new TssError("BAD_PARAMETER", "command size does not match its header"));
    }
    if ((checked.locality ?? 0) !== 0) return Promise.reject(new TssError("UNSUPPORTED", "raw TCP has no locality"));
    if (checked.signal?.aborted) return Promise.reject(new TssError("ABORTED", "send aborted"));
    const run = () => this.exchange(command, checked.signal);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** 2. Connect on first use (and again after a failure). */
  private async connection(): Promise<Socket> {
    if (this.socket && !this.failure) return this.socket;
    this.socket?.destroy();
    this.received = new Uint8Array(0);
    this.failure = undefined;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", (e) => reject(new TssError("BAD_CONNECTION", `cannot connect: ${e.message}`, { cause: e })));
    });
    socket.on("data", (chunk: Uint8Array) => {
      if (this.socket !== socket) return; // a dropped connection's late bytes
      const all = new Uint8Array(this.received.length + chunk.length);
      all.set(this.received);
      all.set(chunk, this.received.length);
      this.received = all;
      this.wake?.();
    });
    const fail = () => {
      if (this.socket !== socket) return; // a dropped connection closing late
      this.failure ??= new TssError("BAD_CONNECTION", "connection closed");
      this.wake?.();
    };
    socket.on("error", fail);
    socket.on("close", fail);
    return socket;
  }

  /** 3. Wait until `n` bytes are there, the connection fails, the deadline passes, or the caller aborts. */
  private async waitFor(n: number, deadline: number, signal?: AbortSignalLike): Promise<void> {
    while (this.received.length < n) {
      if (this.failure) throw this.failure;
      if (signal?.aborted) throw new TssError("ABORTED", "send aborted");
      if (Date.now() >= deadline) throw new TssError("TIMEOUT", `no response within ${this.timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        const onAbort = () => resolve();
        signal?.addEventListener("abort", onAbort, { once: true });
        this.wake = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** 4. One write; read the header, then exactly the size it declares. */
  private async exchange(command: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array> {
    const socket = await this.connection();
    const deadline = Date.now() + this.timeoutMs;
    try {
      socket.write(command);
      await this.waitFor(TPM_HEADER_SIZE, deadline, signal);
      const size = readHeader(this.received)!.size;
      if (size < TPM_HEADER_SIZE || size > 65_536)
        throw new TssError("MALFORMED_RESPONSE", `response declares ${size} bytes`);
      await this.waitFor(size, deadline, signal);
      const response = this.received.slice(0, size);
      this.received = this.received.slice(size);
      return response;
    } catch (e) {
      // 5. After a failure the stream position is unknown: drop the connection.
      this.failure ??= e instanceof TssError ? e : new TssError("BAD_CONNECTION", String(e));
      socket.destroy();
      throw e;
    }
  }

  /** 6. Close; a later send reconnects. */
  async close(): Promise<void> {
    await this.queue;
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once("close", () => resolve());
        socket.end();
      });
    }
  }
}
