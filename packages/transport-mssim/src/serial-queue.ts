/**
 * Runs async jobs one at a time in call order: overlapping callers wait their
 * turn, so bytes of two commands never interleave on one connection.
 */
export class SerialQueue {
  private busy = false;
  /** Jobs waiting their turn, each as the function that starts it. */
  private readonly waiting: (() => void)[] = [];

  /**
   * Runs `job` after every job queued before it; a failed job does not stop the
   * queue. An idle queue starts the job at once, in the caller's turn.
   */
  run<T>(job: () => Promise<T>): Promise<T> {
    return this.runReleasing((release) => {
      const p = job();
      p.then(release, release);
      return p;
    });
  }

  /**
   * As run, for a job that says itself when it is over: it calls `release` once,
   * when it no longer uses what the queue guards (from inside the reaction that
   * settles its promise, which saves a promise reaction per job on a hot path).
   * A job that throws synchronously is released here. The next job starts as
   * `release` is called.
   */
  runReleasing<T>(job: (release: () => void) => Promise<T>): Promise<T> {
    if (!this.busy) {
      this.busy = true;
      return this.start(job);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push(() => {
        this.start(job).then(resolve, reject);
      });
    });
  }

  private start<T>(job: (release: () => void) => Promise<T>): Promise<T> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    };
    try {
      return job(release);
    } catch (e) {
      release();
      return Promise.reject(e);
    }
  }
}
