/**
 * WebSocketTransport: TPM commands over a WebSocket to the guarded proxy
 * (`tss proxy --websocket`, or createWebSocketProxy from
 * `@tss/transport-websocket/server`). Browser-safe: the platform WebSocket
 * (globalThis.WebSocket) or a constructor passed in, such as the `ws` package's.
 */
import {
  type AbortSignalLike,
  checkSendOptions,
  readHeader,
  retryConnecting,
  type SendOptions,
  TPM_HEADER_SIZE,
  type Transport,
  TssError,
} from "@tss/marshal";
import {
  CLOSE_CODE,
  clientSubprotocols,
  closeError,
  encodeCommandFrame,
  newClientId,
  TPM_SUBPROTOCOL,
  urlWithClientId,
} from "./protocol.js";

/** What the transport uses of a WebSocket: the WHATWG API, which browsers, Node 22+ and the `ws` package have. */
export interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** How a dropped connection is reopened. */
export interface WebSocketReconnectOptions {
  /** Milliseconds from the first attempt within which another may start. Default 4000. */
  readonly windowMs?: number;
  /** At most this many attempts per send. Default: as many as fit in the window. */
  readonly attempts?: number;
  /** Milliseconds before the second attempt, doubling up to 500. Default 50. */
  readonly firstDelayMs?: number;
}

/** Options of a {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** The proxy's URL, `ws://host:port/` or `wss://...`. */
  readonly url: string;
  /** The proxy's bearer token: lower-case hex (the proxy prints it at start). */
  readonly token: string;
  /** The WebSocket class. Default globalThis.WebSocket (browsers, Node 22+); in Node 20 pass `ws`'s. */
  readonly WebSocket?: WebSocketConstructor;
  /** Milliseconds to wait for a command's response. Default 60000. */
  readonly timeoutMs?: number;
  /** Milliseconds to wait for the connection to open. Default 10000. */
  readonly connectTimeoutMs?: number;
  /**
   * Whether a send keeps trying to connect while the proxy cannot be reached (it
   * restarts): true (default: a 4 s window), false (one attempt), or the window.
   * Only connecting is retried, never a command: the TPM may have run it.
   */
  readonly reconnect?: boolean | WebSocketReconnectOptions;
}

/** WebSocket readyState values. */
const OPEN = 1;

/** One open connection and what is waiting on it. */
interface Connection {
  readonly socket: WebSocketLike;
  /** Why the connection can no longer be used (set once). */
  failure: TssError | undefined;
  /** The exchange waiting for a response. */
  waiter: ((outcome: { response: Uint8Array } | { error: TssError }) => void) | undefined;
}

/** Copies a message's data into a plain Uint8Array, or undefined when it is not binary. */
function messageBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return undefined;
}

/**
 * A Transport to a TPM behind the WebSocket proxy. Each command travels as one
 * binary message (a locality octet, then the command) and its response comes
 * back as one binary message. Overlapping sends are queued. A connection opens
 * on the first send; a dropped one fails the command in flight with
 * BAD_CONNECTION (so @tss/tss's lost-response recovery runs) and is reopened by
 * the next send. A proxy's refusal (wrong token, origin, denied command, frame
 * too big, busy) is TssError REFUSED whose message carries the proxy's reason.
 * Every connection of one instance presents the same random {@link clientId}
 * (`?client=<id>`), so the proxy keeps the instance's sessions and objects
 * across a reconnect within its cleanup grace period.
 */
export class WebSocketTransport implements Transport {
  /** The proxy's URL, as given. */
  readonly url: string;
  /**
   * This instance's reconnect identity (32 hex digits, random), sent as the
   * `client` query parameter on every connection; undefined in a runtime
   * without `crypto.getRandomValues`.
   */
  readonly clientId: string | undefined;
  /** The URL each connection opens: {@link url} with the `client` parameter. */
  private readonly connectUrl: string;
  private readonly protocols: string[];
  private readonly WebSocketClass: WebSocketConstructor;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly retry: { windowMs: number; attempts: number; firstDelayMs: number };
  private connection: Connection | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private connects = 0;

  constructor(options: WebSocketTransportOptions) {
    if (typeof options !== "object" || options === null)
      throw new TssError("BAD_PARAMETER", "WebSocketTransport: options { url, token } are required");
    let url: URL;
    try {
      url = new URL(String(options.url));
    } catch {
      throw new TssError("BAD_PARAMETER", `WebSocketTransport: ${JSON.stringify(options.url)} is not a URL`);
    }
    if (url.protocol !== "ws:" && url.protocol !== "wss:")
      throw new TssError("BAD_PARAMETER", `WebSocketTransport: ${url.href} is not a ws: or wss: URL`);
    this.url = url.href;
    this.clientId = newClientId();
    this.connectUrl = this.clientId === undefined ? url.href : urlWithClientId(url.href, this.clientId);
    this.protocols = clientSubprotocols(options.token);
    const ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof ctor !== "function")
      throw new TssError(
        "UNSUPPORTED",
        "this runtime has no WebSocket: pass options.WebSocket (for example WebSocket from the ws package)",
      );
    this.WebSocketClass = ctor;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    const r = options.reconnect ?? true;
    const o: WebSocketReconnectOptions = typeof r === "object" && r !== null ? r : {};
    this.retry = {
      windowMs: r === false ? 0 : Math.max(0, o.windowMs ?? 4000),
      attempts: r === false ? 1 : Math.max(1, o.attempts ?? Infinity),
      firstDelayMs: Math.max(0, o.firstDelayMs ?? 50),
    };
  }

  /** How many connections this transport has opened so far. */
  get connectionCount(): number {
    return this.connects;
  }

  /** Sends one command and resolves with its whole response. */
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    let checked: SendOptions;
    try {
      checked = checkSendOptions(options);
      if (!(command instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", "the command is not a Uint8Array");
      const size = command.length >= TPM_HEADER_SIZE ? readHeader(command)?.size : undefined;
      if (size !== command.length)
        throw new TssError(
          "BAD_PARAMETER",
          `command of ${command.length} bytes does not match its header size ${size ?? "(no header)"}`,
        );
      const locality = checked.locality ?? 0;
      if (locality > 4)
        throw new TssError("UNSUPPORTED", `the WebSocket protocol carries localities 0..4, not ${locality}`);
      if (checked.signal?.aborted) throw new TssError("ABORTED", "send aborted", { cause: checked.signal.reason });
    } catch (e) {
      return Promise.reject(e);
    }
    const run = () => this.exchange(command, checked.locality ?? 0, checked.signal);
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes the connection after the queued sends; a later send opens a new one. Harmless twice. */
  async close(): Promise<void> {
    await this.queue;
    const c = this.connection;
    this.connection = undefined;
    if (!c || c.failure) return;
    c.failure = new TssError("CLOSED", "the transport was closed");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      c.socket.onclose = () => {
        clearTimeout(timer);
        resolve();
      };
      try {
        c.socket.close(CLOSE_CODE.NORMAL, "client closed");
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /** The open connection, or a new one (retried while the proxy cannot be reached). */
  private async open(signal: AbortSignalLike | undefined): Promise<Connection> {
    const current = this.connection;
    if (current && !current.failure && current.socket.readyState === OPEN) return current;
    this.connection = undefined;
    const c = await retryConnecting(() => this.openOnce(signal), {
      ...this.retry,
      retriable: (e) => e instanceof TssError && e.code === "BAD_CONNECTION",
      signal,
      what: "connecting",
    });
    this.connection = c;
    return c;
  }

  /** One attempt to open a connection. */
  private openOnce(signal: AbortSignalLike | undefined): Promise<Connection> {
    return new Promise<Connection>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new this.WebSocketClass(this.connectUrl, this.protocols);
        socket.binaryType = "arraybuffer";
      } catch (e) {
        reject(new TssError("BAD_CONNECTION", `cannot open ${this.url}: ${(e as Error).message}`, { cause: e }));
        return;
      }
      this.connects++;
      const c: Connection = { socket, failure: undefined, waiter: undefined };
      let settled = false;
      const finish = (error?: TssError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error) {
          c.failure ??= error;
          try {
            socket.close();
          } catch {
            // already closing
          }
          reject(error);
        } else resolve(c);
      };
      const onAbort = () => finish(new TssError("ABORTED", "connecting aborted", { cause: signal?.reason }));
      const timer = setTimeout(
        () => finish(new TssError("TIMEOUT", `${this.url} did not open within ${this.connectTimeoutMs} ms`)),
        this.connectTimeoutMs,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      socket.onopen = () => {
        if (socket.protocol !== TPM_SUBPROTOCOL)
          finish(new TssError("BAD_CONNECTION", `${this.url} does not speak ${TPM_SUBPROTOCOL}`));
        else finish();
      };
      socket.onerror = () => {
        // The close event that follows carries the code; a failed open has only this.
        if (!settled) finish(new TssError("BAD_CONNECTION", `cannot connect to ${this.url}`));
      };
      socket.onclose = (event) => {
        const error = closeError(
          event.code,
          event.reason,
          settled ? "the connection closed" : `connecting to ${this.url}`,
        );
        if (!settled) {
          finish(error);
          return;
        }
        c.failure ??= error;
        const waiter = c.waiter;
        c.waiter = undefined;
        waiter?.({
          error: closeError(event.code, event.reason, "the connection closed before the response came"),
        });
      };
      socket.onmessage = (event) => {
        const waiter = c.waiter;
        c.waiter = undefined;
        const bytes = messageBytes(event.data);
        const error = !waiter
          ? new TssError("MALFORMED_RESPONSE", "a message came when no command was in flight")
          : !bytes
            ? new TssError("MALFORMED_RESPONSE", "the response is not a binary message")
            : bytes.length < TPM_HEADER_SIZE || readHeader(bytes)?.size !== bytes.length
              ? new TssError("MALFORMED_RESPONSE", `a response of ${bytes.length} octets does not match its header`)
              : undefined;
        if (error) {
          this.drop(c, error);
          waiter?.({ error });
        } else waiter!({ response: bytes! });
      };
    });
  }

  /** Marks a connection unusable and closes it (a late response can never meet a later command). */
  private drop(c: Connection, error: TssError): void {
    c.failure ??= error;
    if (this.connection === c) this.connection = undefined;
    try {
      c.socket.close(CLOSE_CODE.NORMAL, error.code === "ABORTED" ? "aborted" : "dropped");
    } catch {
      // already closing
    }
  }

  /** One command: open if needed, write the frame, wait for the response, the close, the deadline or the abort. */
  private async exchange(
    command: Uint8Array,
    locality: number,
    signal: AbortSignalLike | undefined,
  ): Promise<Uint8Array> {
    if (signal?.aborted) throw new TssError("ABORTED", "send aborted", { cause: signal.reason });
    const c = await this.open(signal);
    if (c.failure) throw c.failure;
    const outcome = await new Promise<{ response: Uint8Array } | { error: TssError }>((resolve) => {
      let done = false;
      const settle = (o: { response: Uint8Array } | { error: TssError }) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        c.waiter = undefined;
        resolve(o);
      };
      const onAbort = () => {
        const error = new TssError("ABORTED", "send aborted", { cause: signal?.reason });
        this.drop(c, error);
        settle({ error });
      };
      const timer = setTimeout(() => {
        const error = new TssError("TIMEOUT", `no response within ${this.timeoutMs} ms`);
        this.drop(c, error);
        settle({ error });
      }, this.timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      c.waiter = settle;
      try {
        c.socket.send(encodeCommandFrame(locality, command));
      } catch (e) {
        const error = new TssError("BAD_CONNECTION", `cannot send: ${(e as Error).message}`, { cause: e });
        this.drop(c, error);
        settle({ error });
      }
    });
    if ("error" in outcome) {
      if (this.connection === c && c.failure) this.connection = undefined;
      throw outcome.error;
    }
    return outcome.response;
  }
}
