/**
 * The transport contract: send one command's bytes, get one response's bytes.
 * A third party writes a transport against this interface and nothing else.
 */
import { TssError } from "../tss-error.js";

/**
 * What the TSS uses of an AbortSignal, declared here so that these types need
 * neither the DOM library nor @types/node: every runtime's AbortSignal (browsers',
 * Node's, Deno's, Bun's) has this shape and is accepted where one is asked for.
 */
export interface AbortSignalLike {
  /** True once the signal fired. */
  readonly aborted: boolean;
  /** Why it fired (AbortController.abort's argument), when it did. */
  readonly reason?: unknown;
  /** Calls `listener` when the signal fires. */
  addEventListener(type: "abort", listener: () => void, options?: { readonly once?: boolean }): void;
  /** Stops calling `listener`. */
  removeEventListener(type: "abort", listener: () => void): void;
}

/** Options for one command. */
export interface SendOptions {
  /** Locality 0..4 (or an extended locality 32..255) where the transport can set it. */
  readonly locality?: number;
  /**
   * The caller's abort. Already aborted: the send rejects with TssError ABORTED
   * and sends nothing. Aborted in flight: the send settles promptly, with its
   * response or with ABORTED; the TPM may still run the command, so the transport
   * never pairs its late response with a later command, and the next send works.
   */
  readonly signal?: AbortSignalLike;
}

/**
 * True when `value` is an AbortSignal: by class where the runtime has one, else
 * by shape (an `aborted` boolean and add/removeEventListener functions).
 */
export function isAbortSignal(value: unknown): value is AbortSignalLike {
  const AbortSignalClass = (globalThis as { AbortSignal?: abstract new () => unknown }).AbortSignal;
  if (typeof AbortSignalClass === "function") return value instanceof AbortSignalClass;
  const s = value as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  return (
    typeof s === "object" &&
    s !== null &&
    typeof s.aborted === "boolean" &&
    typeof s.addEventListener === "function" &&
    typeof s.removeEventListener === "function"
  );
}

/** True for a locality a TPM defines: 0..4, or an extended locality 32..255. */
export function isLocality(value: unknown): value is number {
  return (
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255 && (value <= 4 || value >= 32)
  );
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}...` : v);
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  return typeof v;
}

/**
 * Checks a send's options before anything is sent: undefined or an object whose
 * `locality` is undefined or a TPM locality (0..4, 32..255) and whose `signal` is
 * undefined or an AbortSignal. Anything else is TssError BAD_PARAMETER (a signal
 * that is not an AbortSignal would otherwise throw later, inside an I/O handler,
 * and end the process). Every transport's `send` calls it first; whether a
 * transport supports a valid non-zero locality is its own decision (UNSUPPORTED).
 */
export function checkSendOptions(options: unknown): SendOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TssError("BAD_PARAMETER", `send options: ${describeValue(options)} is not an object`);
  }
  const { locality, signal } = options as { locality?: unknown; signal?: unknown };
  if (locality !== undefined && !isLocality(locality)) {
    throw new TssError("BAD_PARAMETER", `send options.locality: ${describeValue(locality)} is not 0..4 or 32..255`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TssError("BAD_PARAMETER", `send options.signal: ${describeValue(signal)} is not an AbortSignal`);
  }
  return options as SendOptions;
}

/** How `retryConnecting` retries. */
export interface ConnectRetryOptions {
  /**
   * Milliseconds from the first attempt within which a next attempt may start
   * (an attempt whose pause would end later is not made). 0: one attempt.
   */
  readonly windowMs: number;
  /** At most this many attempts. Default: as many as fit in the window. */
  readonly attempts?: number;
  /** Milliseconds before the second attempt, doubling for each next one up to 500. Default 50. */
  readonly firstDelayMs?: number;
  /** Which failures are retried. Default: every failure. */
  readonly retriable?: (error: unknown) => boolean;
  /** Ends the waiting between attempts with TssError ABORTED. */
  readonly signal?: AbortSignalLike;
  /** What is being done, for the ABORTED message ("connecting", "reopening"). */
  readonly what: string;
}

/** The longest pause between two connection attempts. */
const MAX_CONNECT_RETRY_DELAY_MS = 500;

/** Waits `ms`, or less when `signal` aborts (the caller checks it). */
function pause(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Opens a connection (a socket, a device, a serial line) whose peer may be gone
 * for a moment (a simulator restarting, a USB bridge re-enumerating): calls
 * `open` until it succeeds, with pauses of `firstDelayMs` doubling up to 500 ms,
 * while the window and the attempts allow and the failure is `retriable`. The
 * last failure is thrown, its message noting the attempts when there were
 * several. Only opening is retried, never a command: the TPM may have run it.
 */
export async function retryConnecting<T>(open: () => Promise<T>, options: ConnectRetryOptions): Promise<T> {
  const { windowMs, attempts = Infinity, retriable = () => true, signal, what } = options;
  const started = Date.now();
  let delay = Math.max(0, options.firstDelayMs ?? 50);
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (e) {
      const elapsed = Date.now() - started;
      if (!retriable(e) || attempt >= attempts || elapsed + delay > windowMs) {
        if (attempt === 1 || !(e instanceof TssError)) throw e;
        throw new TssError(e.code, `${e.message} (${attempt} attempts in ${elapsed} ms)`, { cause: e });
      }
      await pause(delay, signal);
      delay = Math.min(Math.max(1, delay * 2), MAX_CONNECT_RETRY_DELAY_MS);
      if (signal?.aborted) throw new TssError("ABORTED", `${what} aborted`, { cause: signal.reason });
    }
  }
}

/** Simulator platform controls (power, NV, cancel); real TPMs have none. */
export interface PlatformControl {
  /** Powers the TPM on (for swtpm: CMD_INIT). A Startup is then required. */
  powerOn(): Promise<void>;
  /** Powers the TPM off. */
  powerOff(): Promise<void>;
  /** Makes NV available. */
  nvOn(): Promise<void>;
  /** Cancels the command in progress, where supported. */
  cancel?(): Promise<void>;
  /**
   * Clears the cancel signal again (MS simulator: TPM_SIGNAL_CANCEL_OFF), where the
   * platform keeps one; absent where cancel is one-shot (swtpm's CMD_CANCEL_TPM_CMD).
   */
  cancelOff?(): Promise<void>;
  /** Power-cycles the TPM (off, on). */
  reset?(): Promise<void>;
}

/**
 * One connection to a TPM (docs/writing-a-transport.md). @tss/tss queues its own
 * calls, but a transport can be shared, so a transport queues overlapping `send`
 * calls itself: they never interleave, and each gets its own response.
 */
export interface Transport {
  /**
   * Sends one whole command and resolves with exactly one whole response. A TPM
   * error is a response (resolve with its bytes); transport failures reject with
   * a TssError (BAD_PARAMETER, BAD_CONNECTION, TIMEOUT, ABORTED,
   * MALFORMED_RESPONSE, DEVICE, CLOSED, UNSUPPORTED). Never resends a command.
   */
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array>;
  /** Closes the connection; a later `send` reopens it; closing twice is harmless. */
  close(): Promise<void>;
  /** Present on simulators. */
  readonly platform?: PlatformControl;
}
