/**
 * The connection to a simulator's platform (control) port: persistent, opened on
 * first use, reopened after a failure (within the command port's reconnect
 * window: a restarting simulator refuses for a moment), one request at a time.
 */
import { type ConnectRetryOptions, retryConnecting, SerialQueue, TssError } from "@tss/marshal";
import { SocketChannel, type SocketEndpoint } from "./socket-channel.js";

/** Connection settings of a platform port. */
export interface PlatformEndpoint extends SocketEndpoint {
  /** Milliseconds to wait for each answer. */
  readonly responseTimeoutMs: number;
  /** How opening is retried while the peer refuses (BAD_CONNECTION). Default: one attempt. */
  readonly reconnect?: Omit<ConnectRetryOptions, "retriable" | "signal" | "what">;
}

/** A request/answer exchange on a platform port. */
export class PlatformConnection {
  private channel: SocketChannel | undefined;
  private readonly queue = new SerialQueue();

  constructor(readonly endpoint: PlatformEndpoint) {}

  /**
   * Writes `request` and reads `answerSize` bytes (0: no answer expected, the
   * peer closes). The connection is dropped after any failure.
   */
  exchange(request: Uint8Array, answerSize: number, what: string): Promise<Uint8Array> {
    return this.queue.run(async () => {
      if (!this.channel || this.channel.broken) {
        this.channel = await retryConnecting(() => SocketChannel.open(this.endpoint), {
          windowMs: 0,
          ...this.endpoint.reconnect,
          retriable: (e) => e instanceof TssError && e.code === "BAD_CONNECTION",
          what: `${what}: connecting`,
        });
      }
      const channel = this.channel;
      try {
        // Bytes left from an earlier answer (a peer speaking the other dialect answers longer) are stale.
        channel.discardBuffered();
        channel.write(request);
        if (answerSize === 0) {
          this.channel = undefined;
          await channel.close();
          return new Uint8Array(0);
        }
        return await channel.read(answerSize, Date.now() + this.endpoint.responseTimeoutMs, undefined, what);
      } catch (e) {
        channel.destroy();
        if (this.channel === channel) this.channel = undefined;
        throw e instanceof TssError
          ? e
          : new TssError("BAD_CONNECTION", `${what}: ${(e as Error).message}`, { cause: e });
      }
    });
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.channel !== undefined && !this.channel.broken;
  }

  /** Closes the connection (the next exchange reopens it). */
  async close(): Promise<void> {
    await this.queue.run(async () => {
      const c = this.channel;
      this.channel = undefined;
      await c?.close();
    });
  }
}
