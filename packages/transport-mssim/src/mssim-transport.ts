/**
 * The TCP transport to a TPM simulator's command port: the MS-simulator framing
 * ("mssim"), bare TPM bytes on one persistent connection ("raw"), or bare bytes
 * on a connection per command ("rawsingle"); with the platform port in the MS
 * simulator's dialect or swtpm's control-channel dialect.
 */
import {
  type AbortSignalLike,
  checkSendOptions,
  encodeCommand,
  isLocality,
  retryConnecting,
  type SendOptions,
  SerialQueue,
  TPM_CAP,
  TPM_CC,
  TPM_HEADER_SIZE,
  TPM_PT,
  type Transport,
  TssError,
} from "@tss/marshal";
import { MssimPlatform } from "./mssim-platform.js";
import { encodeMssimCommand, MSSIM, MSSIM_SEND_PREFIX_SIZE, readU32, u32Bytes } from "./mssim-protocol.js";
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
  /**
   * Milliseconds to wait for a TCP connection, and for the answer to the
   * connection probe. Default 10000. A connect that times out is not retried
   * (it has already waited this long; a simulator that restarts refuses at once).
   */
  readonly connectTimeoutMs?: number;
  /**
   * How long a send keeps trying to connect while the simulator refuses (it is
   * restarting), in milliseconds from the first attempt. Default 4000 (when
   * `connectAttempts` is not given): with the default delays a simulator that
   * is down for up to about 3.5 s is ridden out without failing queued
   * commands. 0: one attempt. Only connecting is retried, never a command that
   * was written: the TPM may have executed it.
   */
  readonly reconnectWindowMs?: number;
  /**
   * At most this many connection attempts per send. Default: as many as fit in
   * `reconnectWindowMs`. Given alone (without `reconnectWindowMs`), the number of
   * attempts is the only bound; `connectAttempts: 1` never retries.
   */
  readonly connectAttempts?: number;
  /** Milliseconds before the second connection attempt, doubling for each next one up to 500 ms. Default 50. */
  readonly connectRetryDelayMs?: number;
  /**
   * Probe the simulator before the first command on a new connection: a
   * harmless TPM2_GetCapability (one TPM property) whose answer, whatever its
   * response code (TPM_RC_INITIALIZE will do), proves the simulator serves this
   * client. A simulator that serves another client (swtpm and the MS simulator
   * serve one connection at a time) accepts the TCP connection but reads
   * nothing: the probe then fails within `connectTimeoutMs` with BAD_CONNECTION
   * saying so, and the real command is never sent. mssim and raw framing probe
   * each new persistent connection; rawsingle (a connection per command) probes
   * on a connection of its own before its first command and after any failure,
   * not before every command. Default true.
   */
  readonly probe?: boolean;
  /** Milliseconds to wait for a whole response. Default 60000. */
  readonly responseTimeoutMs?: number;
  /** Largest response accepted, in bytes. Default 65536. */
  readonly maxResponseSize?: number;
  /** Send TPM_SESSION_END on close (the MS simulator expects it). Default: MS-sim framing with the MS platform. */
  readonly sessionEnd?: boolean;
}

/** Checks a locality: 0..4, or an extended locality 32..255 (BAD_PARAMETER otherwise). */
export function checkLocality(locality: number): void {
  if (!isLocality(locality)) {
    throw new TssError("BAD_PARAMETER", `locality ${String(locality)} is not 0..4 or 32..255`);
  }
}

/** Checks that `command` is one whole TPM command: a header whose size is the length. */
export function checkCommandFrame(command: Uint8Array): void {
  // The size field read in place (no header object): this runs for every command.
  const size = command.length >= TPM_HEADER_SIZE ? readU32(command, 2) : undefined;
  if (size !== command.length) {
    throw new TssError(
      "BAD_PARAMETER",
      `command of ${command.length} bytes does not match its header size ${size ?? "(no header)"}`,
    );
  }
}

/**
 * The connection probe: TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES,
 * TPM_PT_MANUFACTURER, 1). It changes nothing in the TPM and is answered even
 * before TPM2_Startup (with TPM_RC_INITIALIZE), which is answer enough.
 */
const PROBE_COMMAND = encodeCommand({
  code: TPM_CC.GetCapability,
  handles: [],
  parameters: Uint8Array.of(...u32Bytes(TPM_CAP.TPM_PROPERTIES), ...u32Bytes(TPM_PT.MANUFACTURER), ...u32Bytes(1)),
});

/** Errors of a probe that got no answer: the simulator serves another client (never retried). */
const busyErrors = new WeakSet<TssError>();

/** Copies bytes into a plain Uint8Array (not a Node Buffer view). */
function plain(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** A copy of `size` bytes of `from` at `offset` as a plain Uint8Array, without a view of `from` in between. */
function plainCopy(from: Uint8Array, offset: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  if (size <= 64) for (let i = 0; i < size; i++) out[i] = from[offset + i]!;
  else out.set(new Uint8Array(from.buffer, from.byteOffset + offset, size));
  return out;
}

/**
 * A command framed for the MS simulator (encodeMssimCommand's bytes) in a Node
 * Buffer from the pool, which the socket writes without converting it.
 */
function mssimFrame(command: Uint8Array, locality: number): Buffer {
  const frame = Buffer.allocUnsafe(MSSIM_SEND_PREFIX_SIZE + command.length);
  frame.writeUInt32BE(MSSIM.TPM_SEND_COMMAND, 0);
  frame[4] = locality;
  frame.writeUInt32BE(command.length, 5);
  frame.set(command, MSSIM_SEND_PREFIX_SIZE);
  return frame;
}

/**
 * One persistent TCP connection to a TPM simulator's command port. Each command
 * is written in one write with TCP_NODELAY; the response is delimited by its
 * frame. Overlapping sends are queued, never interleaved. A connection that
 * drops fails the command in flight with BAD_CONNECTION and is reopened by the
 * next send, which keeps trying to connect for `reconnectWindowMs` (a restarting
 * simulator); a command is never resent, as the TPM may have executed it. A new
 * connection is probed first, so a simulator busy with another client is
 * reported within the connect timeout instead of every command timing out.
 */
export class MssimTransport implements Transport {
  /** The platform port (MS dialect or swtpm's control channel), when configured. */
  readonly platform: MssimPlatform | SwtpmPlatform | undefined;
  readonly host: string;
  readonly port: number;
  readonly serverType: ServerType;
  private readonly connectTimeoutMs: number;
  private readonly reconnectWindowMs: number;
  private readonly connectAttempts: number;
  private readonly connectRetryDelayMs: number;
  private readonly responseTimeoutMs: number;
  private readonly maxResponseSize: number;
  private readonly sessionEnd: boolean;
  private readonly probe: boolean;
  private readonly queue = new SerialQueue();
  private channel: SocketChannel | undefined;
  /** The channel of the exchange in progress, which the response watchdog interrupts. */
  private exchangeChannel: SocketChannel | undefined;
  /** The Date.now() instant by which the exchange in progress must have its response. */
  private exchangeDeadline = 0;
  /** The response watchdog: one unref'd timer, armed only while an exchange is in progress. */
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private swtpmLocality = 0;
  private connects = 0;
  /** rawsingle: the simulator answered a probe and no exchange has failed since. */
  private singleProbed = false;

  constructor(options: MssimTransportOptions = {}) {
    this.host = options.host ?? "localhost";
    this.port = options.port ?? 2321;
    this.serverType = options.serverType ?? "mssim";
    if (!["mssim", "raw", "rawsingle"].includes(this.serverType)) {
      throw new TssError("BAD_PARAMETER", `server type ${String(this.serverType)} is not mssim, raw or rawsingle`);
    }
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.connectAttempts = options.connectAttempts === undefined ? Infinity : Math.max(1, options.connectAttempts);
    this.reconnectWindowMs = Math.max(
      0,
      options.reconnectWindowMs ?? (options.connectAttempts === undefined ? 4000 : Infinity),
    );
    this.connectRetryDelayMs = Math.max(0, options.connectRetryDelayMs ?? 50);
    this.responseTimeoutMs = options.responseTimeoutMs ?? 60_000;
    this.maxResponseSize = options.maxResponseSize ?? 65_536;
    this.probe = options.probe ?? true;
    const dialect = options.platform ?? (options.platformPort !== undefined ? "mssim" : "none");
    const endpoint = {
      host: options.platformHost ?? this.host,
      port: options.platformPort ?? this.port + 1,
      connectTimeoutMs: this.connectTimeoutMs,
      responseTimeoutMs: Math.min(this.responseTimeoutMs, 30_000),
      // The platform port rides out a restart as the command port does (only opening is retried).
      reconnect: {
        windowMs: this.reconnectWindowMs,
        attempts: this.connectAttempts,
        firstDelayMs: this.connectRetryDelayMs,
      },
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
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    let checked: SendOptions;
    try {
      checked = checkSendOptions(options);
      checkCommandFrame(command);
      throwIfAborted(checked.signal, "send");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queue.run(() => this.sendNow(command, checked.locality ?? 0, checked.signal));
  }

  /**
   * Opens a connection, probed unless `probe` is off. A refused or dropped
   * connection is retried (50 ms doubling to 500 ms) while the reconnect window
   * and the attempts allow; a connect TIMEOUT, a busy simulator and an abort
   * are not retried.
   */
  private connect(signal: AbortSignalLike | undefined): Promise<SocketChannel> {
    return retryConnecting(() => this.openProbed(signal), {
      windowMs: this.reconnectWindowMs,
      attempts: this.connectAttempts,
      firstDelayMs: this.connectRetryDelayMs,
      retriable: (e) => e instanceof TssError && e.code === "BAD_CONNECTION" && !busyErrors.has(e),
      signal,
      what: "connecting",
    });
  }

  /** One connection attempt: a channel, probed first unless `probe` is off. */
  private async openProbed(signal: AbortSignalLike | undefined): Promise<SocketChannel> {
    try {
      if (this.serverType === "rawsingle") {
        if (this.probe && !this.singleProbed) {
          // A connection of its own: a rawsingle server may close after one response.
          const probed = await this.openChannel(signal);
          await this.probeChannel(probed, signal);
          await probed.close();
          this.singleProbed = true;
        }
        return await this.openChannel(signal);
      }
      const channel = await this.openChannel(signal);
      if (this.probe) await this.probeChannel(channel, signal);
      return channel;
    } catch (e) {
      this.singleProbed = false;
      throw e;
    }
  }

  /** One TCP connection to the command port. */
  private async openChannel(signal: AbortSignalLike | undefined): Promise<SocketChannel> {
    const channel = await SocketChannel.open(
      { host: this.host, port: this.port, connectTimeoutMs: this.connectTimeoutMs },
      signal,
    );
    this.connects++;
    return channel;
  }

  /**
   * Sends the probe on a fresh connection and waits for any answer (an error
   * code such as TPM_RC_INITIALIZE will do) within connectTimeoutMs. No answer:
   * the simulator accepted the TCP connection but serves another client (or is
   * stopped). A connection closed meanwhile is a failed connection attempt.
   */
  private async probeChannel(channel: SocketChannel, signal: AbortSignalLike | undefined): Promise<void> {
    const timer = setTimeout(() => {
      const busy = new TssError(
        "BAD_CONNECTION",
        `${this.name} accepted the connection but did not answer a probe within ${this.connectTimeoutMs} ms: ` +
          "the simulator probably serves another client (swtpm and the MS simulator serve one connection at a time; " +
          "close the other client, or share the TPM through a proxy), or it is stopped",
      );
      busyErrors.add(busy);
      channel.interrupt(busy);
    }, this.connectTimeoutMs);
    const onAbort = () =>
      channel.interrupt(new TssError("ABORTED", `connecting to ${this.name} aborted`, { cause: signal?.reason }));
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (this.serverType === "mssim") {
        // Any whole frame is an answer: the MS simulator, powered off, answers
        // with an empty one (which the real command will then get too).
        channel.write(encodeMssimCommand(PROBE_COMMAND, 0));
        await this.readMssimFrame(channel, 0, "probe response");
      } else {
        await this.exchangeRaw(channel, PROBE_COMMAND);
      }
    } catch (e) {
      channel.destroy();
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /**
   * Watches the exchange in progress for its deadline without touching a timer
   * per command: an exchange only records its deadline, and a timer is set
   * when none is pending. When it fires, an exchange still in progress past its
   * deadline is interrupted with TIMEOUT; one with time left re-arms it for the
   * rest (deadlines only move later); with no exchange in progress it lapses.
   */
  private watchExchange(channel: SocketChannel, deadline: number): void {
    this.exchangeChannel = channel;
    this.exchangeDeadline = deadline;
    if (this.watchdog === undefined) this.armWatchdog(deadline - Date.now());
  }

  private armWatchdog(ms: number): void {
    const timer = setTimeout(
      () => {
        this.watchdog = undefined;
        const channel = this.exchangeChannel;
        if (!channel) return;
        const left = this.exchangeDeadline - Date.now();
        if (left > 0) {
          this.armWatchdog(left);
          return;
        }
        channel.interrupt(new TssError("TIMEOUT", `no response from ${this.name} within ${this.responseTimeoutMs} ms`));
      },
      Math.max(0, ms),
    );
    timer.unref?.();
    this.watchdog = timer;
  }

  /**
   * Sends one command. The common case (MS-sim framing, an open connection with
   * nothing stray buffered, no signal) is one write and one frame read with no
   * async frame around them; everything else goes through sendOther.
   */
  private sendNow(command: Uint8Array, locality: number, signal: AbortSignalLike | undefined): Promise<Uint8Array> {
    const channel = this.channel;
    if (signal !== undefined || this.serverType !== "mssim" || !channel || channel.broken || channel.buffered > 0) {
      return this.sendOther(command, locality, signal);
    }
    this.watchExchange(channel, Date.now() + this.responseTimeoutMs);
    const failed = (e: unknown): never => {
      this.exchangeChannel = undefined;
      // The stream position is unknown after a failure: drop the connection.
      channel.destroy();
      if (this.channel === channel) this.channel = undefined;
      throw e;
    };
    try {
      channel.write(mssimFrame(command, locality));
    } catch (e) {
      return Promise.reject(e).catch(failed);
    }
    return channel.readFrame(4, this.responseFrameLength, "response").then((frame) => {
      this.exchangeChannel = undefined;
      try {
        return this.mssimResponse(frame);
      } catch (e) {
        return failed(e);
      }
    }, failed);
  }

  /** The MS-sim response frame's total length from its size prefix (a TPM response: a header at least). */
  private readonly responseFrameLength = (prefix: Uint8Array): number => {
    const n = readU32(prefix);
    this.checkSize(n, TPM_HEADER_SIZE, "response");
    return 4 + n + 4;
  };

  /** Every other send: connecting, raw framing, localities through swtpm's control channel, a signal. */
  private async sendOther(
    command: Uint8Array,
    locality: number,
    signal: AbortSignalLike | undefined,
  ): Promise<Uint8Array> {
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
    // The watchdog and one abort listener per exchange interrupt whichever read waits.
    this.watchExchange(channel, deadline);
    const onAbort = signal
      ? () => channel.interrupt(new TssError("ABORTED", "send aborted", { cause: signal.reason }))
      : undefined;
    if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
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
      this.singleProbed = false;
      throw e;
    } finally {
      this.exchangeChannel = undefined;
      if (onAbort) signal!.removeEventListener("abort", onAbort);
    }
  }

  private checkSize(size: number, minSize = TPM_HEADER_SIZE, what = "response"): void {
    if (size < minSize || size > this.maxResponseSize) {
      throw new TssError("MALFORMED_RESPONSE", `${what} from ${this.name} declares ${size} bytes`);
    }
  }

  /** Reads one whole MS-sim frame (size, `minSize` or more bytes, 4-byte trailer) in one wait. */
  private readMssimFrame(channel: SocketChannel, minSize: number, what: string): Promise<Uint8Array> {
    return channel.readFrame(
      4,
      (prefix) => {
        const n = readU32(prefix);
        this.checkSize(n, minSize, what);
        return 4 + n + 4;
      },
      what,
    );
  }

  private async exchangeMssim(channel: SocketChannel, command: Uint8Array, locality: number): Promise<Uint8Array> {
    channel.write(mssimFrame(command, locality));
    return this.mssimResponse(await channel.readFrame(4, this.responseFrameLength, "response"));
  }

  /** The response in a whole MS-sim frame (size, response, trailer), checked, as a plain Uint8Array. */
  private mssimResponse(frame: Uint8Array): Uint8Array {
    const size = frame.length - 8;
    const trailer = readU32(frame, 4 + size);
    if (trailer !== 0) throw new TssError("MALFORMED_RESPONSE", `MS-sim trailer is ${trailer}, not 0`);
    // The header's size field read in place (the frame holds at least a header).
    const declared = readU32(frame, 6);
    if (declared !== size) {
      throw new TssError(
        "MALFORMED_RESPONSE",
        `MS-sim frame of ${size} bytes holds a response whose header says ${declared}`,
      );
    }
    return plainCopy(frame, 4, size);
  }

  private async exchangeRaw(channel: SocketChannel, command: Uint8Array): Promise<Uint8Array> {
    channel.write(command);
    // The whole response, delimited by its header's size, in one wait.
    const frame = await channel.readFrame(
      TPM_HEADER_SIZE,
      (header) => {
        const size = readU32(header, 2);
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
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = undefined;
      const channel = this.channel;
      this.channel = undefined;
      this.singleProbed = false;
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
