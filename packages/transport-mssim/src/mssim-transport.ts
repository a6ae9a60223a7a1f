/**
 * The TCP transport to a TPM simulator's command port: the MS-simulator framing
 * ("mssim"), bare TPM bytes on one persistent connection ("raw"), or bare bytes
 * on a connection per command ("rawsingle"); with the platform port in the MS
 * simulator's dialect or swtpm's control-channel dialect.
 */
import { readHeader, type SendOptions, TPM_HEADER_SIZE, type Transport, TssError } from "@tss/marshal";
import { MssimPlatform } from "./mssim-platform.js";
import { encodeMssimCommand, MSSIM, readU32, u32Bytes } from "./mssim-protocol.js";
import { SerialQueue } from "./serial-queue.js";
import { formatEndpoint, SocketChannel, throwIfAborted } from "./socket-channel.js";
import { SwtpmPlatform } from "./swtpm-platform.js";

/** How commands are framed on the command port (the seed's TPM_SERVER_TYPE). */
export type ServerType = "mssim" | "raw" | "rawsingle";
/** Which platform-port dialect the simulator speaks; "none" for no platform port. */
export type PlatformDialect = "mssim" | "swtpm" | "none";

/** Options of a simulator connection. */
export interface MssimTransportOptions {
  /** Host name, IPv4 or IPv6 address (TPM_SERVER_NAME); "[::1]" is accepted. Default "localhost". */
  readonly host?: string;
  /** Command port (TPM_COMMAND_PORT). Default 2321. */
  readonly port?: number;
  /** Framing (TPM_SERVER_TYPE). Default "mssim". */
  readonly serverType?: ServerType;
  /** Platform dialect. Default "mssim" when platformPort is given, else "none". */
  readonly platform?: PlatformDialect;
  /** Platform or control port (TPM_PLATFORM_PORT). Default port + 1. */
  readonly platformPort?: number;
  /** Platform host. Default: host. */
  readonly platformHost?: string;
  /** Milliseconds to wait for a TCP connection. Default 10000. */
  readonly connectTimeoutMs?: number;
  /**
   * Connection attempts before a send fails (a simulator that is restarting
   * refuses connections for a moment). Default 10: with the default delays
   * (50 ms doubling to at most 500 ms) a simulator that is down for up to about
   * 3 s is ridden out without failing queued commands. Only connecting is
   * retried, never a command: the TPM may have executed it.
   */
  readonly connectAttempts?: number;
  /** Milliseconds between connection attempts, doubling each time (at most 500 ms). Default 50. */
  readonly connectRetryDelayMs?: number;
  /**
   * Probe each new persistent connection (mssim and raw framing) with a harmless
   * TPM2_GetCapability before the first command. A simulator that serves another
   * client accepts the TCP connection but never reads it: the probe then fails
   * within connectTimeoutMs with BAD_CONNECTION saying so, and the real command
   * is never sent. Default true (rawsingle never probes: a connection per command).
   */
  readonly probe?: boolean;
  /** Milliseconds to wait for a whole response. Default 60000. */
  readonly responseTimeoutMs?: number;
  /** Largest response accepted, in bytes. Default 65536. */
  readonly maxResponseSize?: number;
  /** Send TPM_SESSION_END on close (the MS simulator expects it). Default: MS-sim framing with the MS platform. */
  readonly sessionEnd?: boolean;
}

/** Checks a locality: 0..4, or an extended locality 32..255. */
export function checkLocality(locality: number): void {
  if (!Number.isInteger(locality) || locality < 0 || locality > 255 || (locality > 4 && locality < 32)) {
    throw new TssError("BAD_PARAMETER", `locality ${locality} is not 0..4 or 32..255`);
  }
}

/**
 * Checks a send's signal: undefined or an AbortSignal. Anything else would throw
 * inside a socket handler (ending the process), so it is BAD_PARAMETER here.
 */
export function checkSignal(signal: unknown): void {
  if (signal === undefined) return;
  const ok =
    typeof AbortSignal === "function"
      ? signal instanceof AbortSignal
      : typeof (signal as { addEventListener?: unknown } | null)?.addEventListener === "function";
  if (!ok) throw new TssError("BAD_PARAMETER", `signal ${String(signal)} is not an AbortSignal`);
}

/** Checks that `command` is one whole TPM command: a header whose size is the length. */
export function checkCommandFrame(command: Uint8Array): void {
  const header = readHeader(command);
  if (!header || header.size !== command.length) {
    throw new TssError(
      "BAD_PARAMETER",
      `command of ${command.length} bytes does not match its header size ${header?.size ?? "(no header)"}`,
    );
  }
}

/** TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES, TPM_PT_MANUFACTURER, 1): harmless, answered even before Startup. */
const PROBE_COMMAND = Uint8Array.of(
  0x80,
  0x01,
  0x00,
  0x00,
  0x00,
  0x16,
  0x00,
  0x00,
  0x01,
  0x7a,
  0x00,
  0x00,
  0x00,
  0x06,
  0x00,
  0x00,
  0x01,
  0x05,
  0x00,
  0x00,
  0x00,
  0x01,
);

/** Copies bytes into a plain Uint8Array (not a Node Buffer view). */
function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/**
 * One persistent TCP connection to a TPM simulator's command port. Each command
 * is written in one write with TCP_NODELAY; the response is delimited by its
 * frame. Overlapping sends are queued, never interleaved. A connection that
 * drops fails the command in flight with BAD_CONNECTION and is reopened by the
 * next send; a command is never resent, as the TPM may have executed it.
 */
export class MssimTransport implements Transport {
  /** The platform port (MS dialect or swtpm's control channel), when configured. */
  readonly platform: MssimPlatform | SwtpmPlatform | undefined;
  readonly host: string;
  readonly port: number;
  readonly serverType: ServerType;
  private readonly connectTimeoutMs: number;
  private readonly connectAttempts: number;
  private readonly connectRetryDelayMs: number;
  private readonly responseTimeoutMs: number;
  private readonly maxResponseSize: number;
  private readonly sessionEnd: boolean;
  private readonly probe: boolean;
  private readonly queue = new SerialQueue();
  private channel: SocketChannel | undefined;
  /** The channel of the exchange in progress, which the response timer interrupts. */
  private exchangeChannel: SocketChannel | undefined;
  private exchangeTimer: ReturnType<typeof setTimeout> | undefined;
  private exchangeTimerMs = -1;
  private swtpmLocality = 0;
  private connects = 0;

  constructor(options: MssimTransportOptions = {}) {
    this.host = options.host ?? "localhost";
    this.port = options.port ?? 2321;
    this.serverType = options.serverType ?? "mssim";
    if (!["mssim", "raw", "rawsingle"].includes(this.serverType)) {
      throw new TssError("BAD_PARAMETER", `server type ${String(this.serverType)} is not mssim, raw or rawsingle`);
    }
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.connectAttempts = Math.max(1, options.connectAttempts ?? 10);
    this.connectRetryDelayMs = options.connectRetryDelayMs ?? 50;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 60_000;
    this.maxResponseSize = options.maxResponseSize ?? 65_536;
    this.probe = (options.probe ?? true) && this.serverType !== "rawsingle";
    const dialect = options.platform ?? (options.platformPort !== undefined ? "mssim" : "none");
    const endpoint = {
      host: options.platformHost ?? this.host,
      port: options.platformPort ?? this.port + 1,
      connectTimeoutMs: this.connectTimeoutMs,
      responseTimeoutMs: Math.min(this.responseTimeoutMs, 30_000),
    };
    if (dialect === "mssim") this.platform = new MssimPlatform(endpoint);
    else if (dialect === "swtpm") this.platform = new SwtpmPlatform(endpoint);
    else if (dialect === "none") this.platform = undefined;
    else throw new TssError("BAD_PARAMETER", `platform dialect ${String(dialect)} is not mssim, swtpm or none`);
    this.sessionEnd = options.sessionEnd ?? (dialect === "mssim" && this.serverType === "mssim");
  }

  /** How many TCP connections the command port has opened so far. */
  get connectionCount(): number {
    return this.connects;
  }

  private get name(): string {
    return formatEndpoint(this.host, this.port);
  }

  /** Sends one command and resolves with its whole response. */
  send(command: Uint8Array, options: SendOptions = {}): Promise<Uint8Array> {
    try {
      checkCommandFrame(command);
      checkLocality(options.locality ?? 0);
      checkSignal(options.signal);
      throwIfAborted(options.signal, "send");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queue.run(() => this.sendNow(command, options.locality ?? 0, options.signal));
  }

  private async connect(signal: AbortSignal | undefined): Promise<SocketChannel> {
    let delay = this.connectRetryDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const channel = await SocketChannel.open(
          { host: this.host, port: this.port, connectTimeoutMs: this.connectTimeoutMs },
          signal,
        );
        this.connects++;
        if (this.probe) await this.probeChannel(channel);
        return channel;
      } catch (e) {
        const retriable = e instanceof TssError && e.code === "BAD_CONNECTION" && !(e as { busy?: boolean }).busy;
        if (!retriable || attempt >= this.connectAttempts) throw e;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 500);
        throwIfAborted(signal, "connecting");
      }
    }
  }

  /**
   * Sends TPM2_GetCapability(TPM_PROPERTIES, TPM_PT_MANUFACTURER, 1) on a fresh
   * connection and waits for any answer (an error code such as TPM_RC_INITIALIZE
   * will do) within connectTimeoutMs. No answer: the simulator accepted the TCP
   * connection but serves another client. A connection closed meanwhile is a
   * failed connection attempt (retried).
   */
  private async probeChannel(channel: SocketChannel): Promise<void> {
    const timer = setTimeout(() => {
      const busy = new TssError(
        "BAD_CONNECTION",
        `${this.name} accepted the connection but did not answer within ${this.connectTimeoutMs} ms: the simulator probably serves another client (swtpm and the MS simulator serve one connection at a time); close the other client or use a proxy`,
      );
      (busy as { busy?: boolean }).busy = true;
      channel.interrupt(busy);
    }, this.connectTimeoutMs);
    try {
      const response =
        this.serverType === "mssim"
          ? await this.exchangeMssim(channel, PROBE_COMMAND, 0)
          : await this.exchangeRaw(channel, PROBE_COMMAND);
      if (!readHeader(response)) throw new TssError("MALFORMED_RESPONSE", `${this.name}: no TPM answer to the probe`);
    } catch (e) {
      channel.destroy();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Arms the response timer: one unref'd timer per transport, re-armed with
   * refresh() for each exchange (no timer object per command). It fires only
   * while an exchange is in progress; an idle transport's timer is harmless.
   */
  private armExchangeTimer(ms: number): ReturnType<typeof setTimeout> {
    if (this.exchangeTimer && ms === this.exchangeTimerMs) return this.exchangeTimer.refresh();
    if (this.exchangeTimer) clearTimeout(this.exchangeTimer);
    this.exchangeTimerMs = ms;
    const timer = setTimeout(() => {
      this.exchangeChannel?.interrupt(
        new TssError("TIMEOUT", `no response from ${this.name} within ${this.responseTimeoutMs} ms`),
      );
    }, ms);
    timer.unref?.();
    return timer;
  }

  private async sendNow(command: Uint8Array, locality: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    throwIfAborted(signal, "send");
    const deadline = Date.now() + this.responseTimeoutMs;
    if (this.serverType !== "mssim" && locality !== this.swtpmLocality) {
      if (!(this.platform instanceof SwtpmPlatform)) {
        throw new TssError("UNSUPPORTED", `locality ${locality} needs mssim framing or the swtpm control channel`);
      }
      await this.platform.setLocality(locality);
      this.swtpmLocality = locality;
    }
    let channel = this.channel;
    if (!channel || channel.broken || channel.buffered > 0) {
      channel?.destroy();
      this.channel = undefined;
      channel = await this.connect(signal);
      if (this.serverType !== "rawsingle") this.channel = channel;
    }
    // One timer (re-armed, not re-created) and one abort listener per exchange:
    // they interrupt whichever read waits.
    this.exchangeChannel = channel;
    this.exchangeTimer = this.armExchangeTimer(Math.max(0, deadline - Date.now()));
    const onAbort = () => channel.interrupt(new TssError("ABORTED", "send aborted", { cause: signal?.reason }));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const response =
        this.serverType === "mssim"
          ? await this.exchangeMssim(channel, command, locality)
          : await this.exchangeRaw(channel, command);
      if (this.serverType === "rawsingle") await channel.close();
      return response;
    } catch (e) {
      // The stream position is unknown after a failure: drop the connection.
      channel.destroy();
      if (this.channel === channel) this.channel = undefined;
      throw e;
    } finally {
      this.exchangeChannel = undefined;
      signal?.removeEventListener("abort", onAbort);
    }
  }

  private checkSize(size: number): void {
    if (size < TPM_HEADER_SIZE || size > this.maxResponseSize) {
      throw new TssError("MALFORMED_RESPONSE", `response from ${this.name} declares ${size} bytes`);
    }
  }

  private async exchangeMssim(channel: SocketChannel, command: Uint8Array, locality: number): Promise<Uint8Array> {
    channel.write(encodeMssimCommand(command, locality));
    // The whole frame (size, response, 4-byte trailer) in one wait.
    const frame = await channel.readFrame(
      4,
      (prefix) => {
        const n = readU32(prefix);
        this.checkSize(n);
        return 4 + n + 4;
      },
      "response",
    );
    const size = frame.length - 8;
    const response = plain(frame.subarray(4, 4 + size));
    const trailer = readU32(frame, 4 + size);
    if (trailer !== 0) throw new TssError("MALFORMED_RESPONSE", `MS-sim trailer is ${trailer}, not 0`);
    const header = readHeader(response)!;
    if (header.size !== size) {
      throw new TssError(
        "MALFORMED_RESPONSE",
        `MS-sim frame of ${size} bytes holds a response whose header says ${header.size}`,
      );
    }
    return response;
  }

  private async exchangeRaw(channel: SocketChannel, command: Uint8Array): Promise<Uint8Array> {
    channel.write(command);
    // The whole response, delimited by its header's size, in one wait.
    const frame = await channel.readFrame(
      TPM_HEADER_SIZE,
      (header) => {
        const size = readHeader(header)!.size;
        this.checkSize(size);
        return size;
      },
      "response",
    );
    return plain(frame);
  }

  /**
   * Closes the command connection (after TPM_SESSION_END when configured) and the
   * platform connection. A later send reconnects.
   */
  close(): Promise<void> {
    return this.queue.run(async () => {
      if (this.exchangeTimer) clearTimeout(this.exchangeTimer);
      this.exchangeTimer = undefined;
      const channel = this.channel;
      this.channel = undefined;
      if (channel && !channel.broken) {
        if (this.sessionEnd) {
          try {
            channel.write(u32Bytes(MSSIM.TPM_SESSION_END));
          } catch {
            // already closing
          }
        }
        await channel.close();
      }
      await this.platform?.close().catch(() => undefined);
    });
  }
}
