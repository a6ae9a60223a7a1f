/**
 * The transport to a TPM attached to a serial line (a UART TPM, a bridge board,
 * or a pseudo-terminal bridged to a simulator), through the `serialport`
 * package. Commands are raw TPM bytes; a response is delimited by the size its
 * header declares.
 */
import {
  type AbortSignalLike,
  retryConnecting,
  type SendOptions,
  SerialQueue,
  TPM_HEADER_SIZE,
  type Transport,
  TssError,
} from "@tss/marshal";
import { ByteReceiver } from "./byte-queue.js";
import { explainDeviceError, isPermissionError } from "./device-errors.js";
import { responseSizeFromHeader, throwIfAborted } from "./frame-checks.js";
import { awaitResponse, checkDeviceSend } from "./response-wait.js";
import { settleWithin } from "./settle-within.js";

/** The part of serialport's SerialPort this transport uses. */
export interface SerialPortLike {
  /** Opens the port; the callback gets null on success. */
  open(callback: (error: Error | null) => void): void;
  /** Queues bytes for sending; the callback runs once they are handed to the OS. */
  write(data: Uint8Array, callback?: (error: Error | null | undefined) => void): boolean;
  /** Waits until every queued byte has been transmitted. */
  drain(callback: (error: Error | null) => void): void;
  /** Closes the port. */
  close(callback?: (error: Error | null) => void): void;
  /** Bytes received from the TPM. */
  on(event: "data", listener: (data: Uint8Array) => void): this;
  /** A port error. */
  on(event: "error", listener: (error: Error) => void): this;
  /** The port was closed. */
  on(event: "close", listener: () => void): this;
  readonly isOpen: boolean;
}

/** Makes a port, as serialport's `new SerialPort({ path, baudRate, autoOpen: false })`. */
export type SerialPortFactory = (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;

/** Options of a serial connection. */
export interface SerialTransportOptions {
  /** The serial device, e.g. /dev/ttyUSB0 or COM3. */
  readonly path: string;
  /** Baud rate. Default 115200. */
  readonly baudRate?: number;
  /** Milliseconds to wait for a whole response. Default 120000. */
  readonly responseTimeoutMs?: number;
  /** Largest response accepted. Default 65536. */
  readonly maxResponseSize?: number;
  /** How ports are made. Default: the `serialport` package, loaded on first use. */
  readonly portFactory?: SerialPortFactory;
  /**
   * Once the line has been open, how long a send keeps trying to open it again
   * when it went away (a USB bridge re-enumerating, a pseudo-terminal bridge
   * restarting), in milliseconds: 50 ms between the first two attempts, doubling
   * up to 500 ms. Default 4000; 0 tries once. The first opening is never
   * retried (a wrong path is reported at once), and a command is never resent:
   * the one in flight when the line went away fails with BAD_CONNECTION.
   */
  readonly reopenWindowMs?: number;
}

async function defaultFactory(): Promise<SerialPortFactory> {
  let mod: { SerialPort: new (o: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike };
  try {
    mod = (await import("serialport")) as never;
  } catch (e) {
    throw new TssError("PLUGIN_MISSING", "serial TPMs need the 'serialport' package: npm install serialport", {
      cause: e,
    });
  }
  return (o) => new mod.SerialPort(o);
}

/**
 * A TPM on a serial line. The port opens on the first command and stays open
 * until close(); overlapping sends are queued. After a timeout or abort the next
 * send first waits (at most the response timeout) for the abandoned response and
 * discards it; a line that stays silent is closed and reopened. A line that was
 * open and went away is reopened within `reopenWindowMs`.
 */
export class SerialTransport implements Transport {
  readonly path: string;
  readonly baudRate: number;
  private readonly responseTimeoutMs: number;
  private readonly maxResponseSize: number;
  private factory: SerialPortFactory | undefined;
  private readonly reopenWindowMs: number;
  /** The line has been opened at least once (later openings are retried). */
  private openedOnce = false;
  private readonly queue = new SerialQueue();
  private port: SerialPortLike | undefined;
  private receiver = new ByteReceiver();
  /** The exchange of an aborted or timed-out send, still reading its response. */
  private abandoned: Promise<unknown> | undefined;

  constructor(options: SerialTransportOptions) {
    if (!options?.path) throw new TssError("BAD_PARAMETER", "a serial transport needs a path");
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115_200;
    if (!Number.isInteger(this.baudRate) || this.baudRate <= 0) {
      throw new TssError("BAD_PARAMETER", `baud rate ${this.baudRate} is not a positive integer`);
    }
    this.responseTimeoutMs = options.responseTimeoutMs ?? 120_000;
    this.maxResponseSize = options.maxResponseSize ?? 65_536;
    this.factory = options.portFactory;
    this.reopenWindowMs = Math.max(0, options.reopenWindowMs ?? 4000);
  }

  /** Sends one command and resolves with its whole response. */
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    let checked: SendOptions;
    try {
      checked = checkDeviceSend(command, options, this.path);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queue.run(() => this.sendNow(command, checked.signal));
  }

  private async openPort(signal: AbortSignalLike | undefined): Promise<SerialPortLike> {
    if (this.port?.isOpen) return this.port;
    this.factory ??= await defaultFactory();
    const factory = this.factory;
    const receiver = new ByteReceiver();
    const open = async () => {
      try {
        const made = factory({ path: this.path, baudRate: this.baudRate, autoOpen: false });
        await new Promise<void>((resolve, reject) => made.open((e) => (e ? reject(e) : resolve())));
        return made;
      } catch (e) {
        throw explainDeviceError(e, this.path, "opening");
      }
    };
    // The first opening is not retried: a wrong path is reported at once.
    const port = await retryConnecting(open, {
      windowMs: this.openedOnce ? this.reopenWindowMs : 0,
      // A permission problem is not transient: reported at once, never retried.
      retriable: (e) => !isPermissionError(e),
      signal,
      what: "reopening",
    });
    this.openedOnce = true;
    port.on("data", (d) => receiver.push(new Uint8Array(d)));
    port.on("error", (e) => receiver.fail(new TssError("BAD_CONNECTION", `${this.path}: ${e.message}`, { cause: e })));
    port.on("close", () => receiver.fail(new TssError("BAD_CONNECTION", `${this.path} closed`)));
    this.port = port;
    this.receiver = receiver;
    return port;
  }

  private drop(): void {
    const p = this.port;
    this.port = undefined;
    this.abandoned = undefined;
    this.receiver.fail(new TssError("BAD_CONNECTION", `${this.path} closed`));
    if (p?.isOpen) p.close(() => undefined);
  }

  /**
   * Lets the response of an abandoned send arrive and be discarded (at most the
   * response timeout): a serial line has no other way to pair responses with
   * commands. A silent line is closed and reopened.
   */
  private async settleAbandoned(): Promise<void> {
    const abandoned = this.abandoned;
    if (!abandoned) return;
    this.abandoned = undefined;
    const settled = await settleWithin(abandoned, this.responseTimeoutMs);
    if (!settled) this.drop();
  }

  private async sendNow(command: Uint8Array, signal: AbortSignalLike | undefined): Promise<Uint8Array> {
    throwIfAborted(signal, "send");
    await this.settleAbandoned();
    throwIfAborted(signal, "send");
    const port = await this.openPort(signal);
    this.receiver.clear();
    return awaitResponse(this.exchange(port, this.receiver, command), this.path, this.responseTimeoutMs, signal, {
      owed: (work) => {
        // The TPM still owes the response: the next send waits for it.
        this.abandoned = work;
        work.catch(() => undefined);
      },
      failed: () => this.drop(),
    });
  }

  private async exchange(port: SerialPortLike, receiver: ByteReceiver, command: Uint8Array): Promise<Uint8Array> {
    await new Promise<void>((resolve, reject) => {
      port.write(command, (e) => (e ? reject(explainDeviceError(e, this.path, "writing to")) : undefined));
      port.drain((e) => (e ? reject(explainDeviceError(e, this.path, "writing to")) : resolve()));
    });
    const what = `response from ${this.path}`;
    const header = await receiver.read(TPM_HEADER_SIZE, Infinity, undefined, what);
    const size = responseSizeFromHeader(header, this.maxResponseSize, this.path);
    const response = new Uint8Array(size);
    response.set(header);
    if (size > TPM_HEADER_SIZE)
      response.set(await receiver.read(size - TPM_HEADER_SIZE, Infinity, undefined, what), TPM_HEADER_SIZE);
    return response;
  }

  /** Closes the port; a later send reopens it. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      const p = this.port;
      this.port = undefined;
      this.abandoned = undefined;
      this.receiver.fail(new TssError("CLOSED", `${this.path} closed`));
      if (p?.isOpen) await new Promise<void>((resolve) => p.close(() => resolve()));
    });
  }
}
