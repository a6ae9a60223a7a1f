/**
 * Reopening a device that went away for a moment (a serial TPM's USB bridge
 * re-enumerating, a pseudo-terminal bridge restarting, a driver reloading):
 * opening is retried, with growing pauses, within a bounded window. A command is
 * never resent; only the opening is retried.
 */
import { TssError } from "@tss/marshal";
import { throwIfAborted } from "./frame-checks.js";

/** The pause before the second attempt, doubling for each next one. */
const FIRST_DELAY_MS = 50;
/** The longest pause between two attempts. */
const MAX_DELAY_MS = 500;

/** Waits `ms`, or less when `signal` aborts (the caller checks it). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
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
 * Calls `open` until it succeeds, for at most `windowMs` from the first attempt
 * (50 ms between the first two attempts, doubling up to 500 ms). The last
 * failure is thrown, its message noting the attempts when there were several;
 * an abort ends the waiting with ABORTED. `windowMs` 0 tries once.
 */
export async function reopenWithin<T>(
  open: () => Promise<T>,
  windowMs: number,
  signal: AbortSignal | undefined,
): Promise<T> {
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (e) {
      const elapsed = Date.now() - started;
      if (elapsed + delay > windowMs) {
        if (attempt === 1 || !(e instanceof TssError)) throw e;
        throw new TssError(e.code, `${e.message} (${attempt} attempts in ${elapsed} ms)`, { cause: e });
      }
      await pause(delay, signal);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      throwIfAborted(signal, "reopening");
    }
  }
}
