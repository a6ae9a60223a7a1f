import { type AbortSignalLike, TssError } from "@tss/marshal";

interface Waiting {
  readonly job: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignalLike | undefined;
  readonly onAbort: (() => void) | undefined;
}

/** The ABORTED error of a job whose signal fired. */
export function abortedError(signal: AbortSignalLike | undefined, what: string): TssError {
  return new TssError("ABORTED", `${what} aborted`, { cause: signal?.reason });
}

/**
 * Runs asynchronous jobs one at a time in arrival order: the seed's proposed
 * "TSS lock". Commands on one context are never interleaved. An idle queue
 * starts a job at once, without waiting a turn. A waiting job whose signal
 * aborts leaves the queue at once (rejected with ABORTED, never run).
 */
export class CommandQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;

  /** Runs `job` after every job queued before it, whether they failed or not. */
  run<T>(job: () => Promise<T>, signal?: AbortSignalLike): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortedError(signal, "command"));
    if (!this.running && this.waiting.length === 0) return this.start(job);
    const queued = new Promise<T>((resolve, reject) => {
      let entry: Waiting;
      const onAbort = signal
        ? () => {
            const i = this.waiting.indexOf(entry);
            if (i < 0) return;
            this.waiting.splice(i, 1);
            reject(abortedError(signal, "queued command"));
          }
        : undefined;
      entry = { job, resolve: resolve as (v: unknown) => void, reject, signal, onAbort };
      this.waiting.push(entry);
      if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
    });
    // As with a running job, a caller may attach its handlers later (many calls
    // made first, awaited together): the queue itself observes the outcome.
    queued.catch(() => undefined);
    return queued;
  }

  /** How many jobs wait (not counting the one running). */
  get length(): number {
    return this.waiting.length;
  }

  private start<T>(job: () => Promise<T>): Promise<T> {
    this.running = true;
    let result: Promise<T>;
    try {
      result = job();
    } catch (e) {
      result = Promise.reject(e);
    }
    const next = () => {
      this.running = false;
      const entry = this.waiting.shift();
      if (!entry) return;
      if (entry.onAbort) entry.signal!.removeEventListener("abort", entry.onAbort);
      this.start(entry.job).then(entry.resolve, entry.reject);
    };
    result.then(next, next);
    return result;
  }
}
