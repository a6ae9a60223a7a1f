/**
 * The transport to a TPM character device: /dev/tpm0 (one user at a time) or
 * /dev/tpmrm0 (the kernel resource manager). Each command is one write; the
 * response is read until the size its header declares has arrived.
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
import { explainDeviceError, isPermissionError } from "./device-errors.js";
import { openCharacterDevice, type TpmDeviceFile, type TpmDeviceOpener } from "./device-file.js";
import { responseSizeFromHeader, throwIfAborted } from "./frame-checks.js";
import { awaitResponse, checkDeviceSend } from "./response-wait.js";
import { settleWithin } from "./settle-within.js";

/** Options of a device connection. */
export interface DeviceTransportOptions {
  /** Device path (TPM_DEVICE). Default "/dev/tpm0". */
  readonly path?: string;
  /** Milliseconds to wait for a response. Default 120000 (some TPM commands take seconds). */
  readonly responseTimeoutMs?: number;
  /** Largest response accepted. Default 65536 (the kernel's buffer is 4096). */
  readonly maxResponseSize?: number;
  /** How the device is opened. Default: node:fs, read-write. */
  readonly open?: TpmDeviceOpener;
  /**
   * Once the device has been open, how long a send keeps trying to open it again
   * when it went away (a driver reloading), in milliseconds: 50 ms between the
   * first two attempts, doubling up to 500 ms. Default 4000; 0 tries once. The
   * first opening is never retried (a wrong path or missing permission is
   * reported at once), and a command is never resent.
   */
  readonly reopenWindowMs?: number;
}

/**
 * A TPM behind a character device. The device is opened on the first command and
 * held until close(); overlapping sends are queued. After a timeout or abort the
 * read goes on in the background and the next send first waits (at most the
 * response timeout) for that response and discards it, so responses never pair
 * with the wrong command; a device that stays silent is closed and reopened. A
 * device that was open and went away is reopened within `reopenWindowMs`. A
 * read blocked in the kernel occupies one libuv thread until the device answers.
 */
export class DeviceTransport implements Transport {
  readonly path: string;
  private readonly responseTimeoutMs: number;
  private readonly maxResponseSize: number;
  private readonly opener: TpmDeviceOpener;
  private readonly reopenWindowMs: number;
  private readonly queue = new SerialQueue();
  /** The device has been opened at least once (later openings are retried). */
  private openedOnce = false;
  private file: TpmDeviceFile | undefined;
  /** The exchange of an aborted or timed-out send, still reading its response. */
  private abandoned: Promise<unknown> | undefined;

  constructor(options: DeviceTransportOptions = {}) {
    this.path = options.path ?? "/dev/tpm0";
    this.responseTimeoutMs = options.responseTimeoutMs ?? 120_000;
    this.maxResponseSize = options.maxResponseSize ?? 65_536;
    this.opener = options.open ?? openCharacterDevice;
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

  private async openDevice(signal: AbortSignalLike | undefined): Promise<TpmDeviceFile> {
    if (this.file) return this.file;
    const open = async () => {
      try {
        return await this.opener(this.path);
      } catch (e) {
        throw explainDeviceError(e, this.path, "opening");
      }
    };
    // The first opening is not retried: a wrong path or a missing permission is reported at once.
    this.file = await retryConnecting(open, {
      windowMs: this.openedOnce ? this.reopenWindowMs : 0,
      // A permission problem is not transient: reported at once, never retried.
      retriable: (e) => !isPermissionError(e),
      signal,
      what: "reopening",
    });
    this.openedOnce = true;
    return this.file;
  }

  /** Drops the device without waiting: a read may still be blocked on it. */
  private abandon(file: TpmDeviceFile): void {
    if (this.file === file) this.file = undefined;
    void file.close().catch(() => undefined);
  }

  /**
   * Lets the response of an abandoned send arrive and be discarded (at most the
   * response timeout); a device that stays silent is closed and reopened.
   */
  private async settleAbandoned(): Promise<void> {
    const abandoned = this.abandoned;
    if (!abandoned) return;
    this.abandoned = undefined;
    const settled = await settleWithin(abandoned, this.responseTimeoutMs);
    if (!settled && this.file) this.abandon(this.file);
  }

  private async sendNow(command: Uint8Array, signal: AbortSignalLike | undefined): Promise<Uint8Array> {
    throwIfAborted(signal, "send");
    await this.settleAbandoned();
    throwIfAborted(signal, "send");
    const file = await this.openDevice(signal);
    return awaitResponse(this.exchange(file, command), this.path, this.responseTimeoutMs, signal, {
      owed: (work) => {
        // The device still owes the response: the next send waits for it.
        this.abandoned = work;
        work.catch(() => (this.file === file ? this.abandon(file) : undefined));
      },
      failed: () => this.abandon(file),
    });
  }

  private async exchange(file: TpmDeviceFile, command: Uint8Array): Promise<Uint8Array> {
    let written: number;
    try {
      written = await file.write(command);
    } catch (e) {
      throw explainDeviceError(e, this.path, "writing to");
    }
    if (written !== command.length) {
      throw new TssError("DEVICE", `${this.path} took ${written} of ${command.length} command bytes`);
    }
    let buffer = new Uint8Array(4096);
    let got = 0;
    let size = 0;
    while (size === 0 || got < size) {
      if (got === buffer.length) {
        const grown = new Uint8Array(Math.min(buffer.length * 2, this.maxResponseSize));
        grown.set(buffer);
        buffer = grown;
      }
      let n: number;
      try {
        n = await file.read(buffer, got, buffer.length - got);
      } catch (e) {
        throw explainDeviceError(e, this.path, "reading from");
      }
      if (n === 0) throw new TssError("BAD_CONNECTION", `${this.path} ended after ${got} response bytes`);
      got += n;
      if (size === 0 && got >= TPM_HEADER_SIZE) {
        size = responseSizeFromHeader(buffer.subarray(0, TPM_HEADER_SIZE), this.maxResponseSize, this.path);
      }
      if (size !== 0 && got > size) {
        throw new TssError("MALFORMED_RESPONSE", `${this.path} returned ${got} bytes for a ${size}-byte response`);
      }
    }
    return buffer.slice(0, size);
  }

  /** Closes the device; a later send reopens it. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      const f = this.file;
      this.file = undefined;
      if (this.abandoned) {
        // A read is still blocked on the device: do not wait for it.
        this.abandoned = undefined;
        void f?.close().catch(() => undefined);
        return;
      }
      await f?.close();
    });
  }
}
