/**
 * Runs async jobs one at a time in call order: overlapping callers wait their
 * turn, so bytes of two commands never interleave on one connection.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` after every job queued before it; a failed job does not stop the queue. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
