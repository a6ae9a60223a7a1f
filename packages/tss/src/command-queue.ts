/**
 * Runs asynchronous jobs one at a time in arrival order: the seed's proposed
 * "TSS lock". Commands on one context are never interleaved. An idle queue
 * starts a job at once, without waiting a turn.
 */
export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private active = 0;

  /** Runs `job` after every job queued before it, whether they failed or not. */
  run<T>(job: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    if (this.active === 0) {
      try {
        result = job();
      } catch (e) {
        result = Promise.reject(e);
      }
    } else {
      result = this.tail.then(job, job);
    }
    this.active++;
    const settled = () => {
      this.active--;
    };
    this.tail = result.then(settled, settled);
    return result;
  }
}
