/**
 * Runs asynchronous jobs one at a time in arrival order: the seed's proposed
 * "TSS lock". Commands on one context are never interleaved.
 */
export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` after every job queued before it, whether they failed or not. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
