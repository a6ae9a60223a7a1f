/**
 * The per-command parts the device and serial transports share: the checks a
 * send makes before it is queued, and the wait for a command's response within
 * the response timeout and the caller's signal.
 */
import { type AbortSignalLike, checkSendOptions, type SendOptions, TssError } from "@tss/marshal";
import { checkCommandFrame, checkLocalityZero, throwIfAborted } from "./frame-checks.js";

/**
 * The send options of one command to `path`, checked with the command itself:
 * a whole TPM command, locality 0 (a device file or serial line cannot choose
 * one), a signal not yet aborted. Throws the TssError that explains the first
 * that fails.
 */
export function checkDeviceSend(command: Uint8Array, options: SendOptions | undefined, path: string): SendOptions {
  const checked = checkSendOptions(options);
  checkCommandFrame(command);
  checkLocalityZero(checked.locality, path);
  throwIfAborted(checked.signal, "send");
  return checked;
}

/** What a transport does with an exchange that did not end well. */
export interface ResponseWaitHandlers {
  /**
   * TIMEOUT or ABORTED: the TPM still owes the exchange's response, which the
   * next send must let arrive (and discard) before it writes.
   */
  owed(exchange: Promise<Uint8Array>): void;
  /** Any other failure: the device or line is dropped (the next send reopens it). */
  failed(): void;
}

/**
 * The response of `exchange` (one command written to `path`), or TIMEOUT after
 * `responseTimeoutMs`, or ABORTED when `signal` aborts. A failure is handed to
 * `handlers` and thrown.
 */
export async function awaitResponse(
  exchange: Promise<Uint8Array>,
  path: string,
  responseTimeoutMs: number,
  signal: AbortSignalLike | undefined,
  handlers: ResponseWaitHandlers,
): Promise<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TssError("TIMEOUT", `no response from ${path} within ${responseTimeoutMs} ms`)),
      responseTimeoutMs,
    );
    onAbort = () => reject(new TssError("ABORTED", `send to ${path} aborted`, { cause: signal?.reason }));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([exchange, interrupted]);
  } catch (e) {
    if (e instanceof TssError && (e.code === "TIMEOUT" || e.code === "ABORTED")) handlers.owed(exchange);
    else handlers.failed();
    throw e;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
