/**
 * Runs async jobs one at a time in call order: overlapping callers wait their
 * turn, so the bytes of two commands never interleave on one connection. Every
 * transport of the project queues its sends on one; a third party's transport
 * may too.
 */
export class SerialQueue {
  /** Settles after the last job queued; undefined while no job is queued or running. */
  private tail: Promise<unknown> | undefined;
  private active = 0;

  /**
   * Runs `job` after every job queued before it; a failed job does not stop the
   * queue. An idle queue starts the job at once, in the caller's turn.
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    let next: Promise<T>;
    if (this.active === 0) {
      try {
        next = job();
      } catch (e) {
        next = Promise.reject(e);
      }
    } else {
      next = this.tail!.then(job, job);
    }
    this.active++;
    const done = () => {
      if (--this.active === 0) this.tail = undefined;
    };
    this.tail = next.then(done, done);
    return next;
  }
}
