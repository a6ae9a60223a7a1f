/**
 * An advisory lock between processes: a lock file created with O_EXCL holding
 * the owner's pid. A lock whose process no longer exists, or older than the
 * stale limit, is taken over. Node only.
 */
import { open, readFile, rm, stat } from "node:fs/promises";
import { TssError } from "@tss/marshal";

/** How a lock is waited for. */
export interface LockFileOptions {
  /** Longest wait, in ms. */
  readonly waitMs: number;
  /** A lock older than this is stale, in ms. */
  readonly staleMs: number;
}

/** True when a process with this pid exists (EPERM: it exists, owned by another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the lock at `path` is abandoned: its owner gone, or too old. */
async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    const pid = Number.parseInt(text, 10);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    // A lock file still being written has no pid yet: give it time.
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - info.mtimeMs > 1000;
    return pid !== process.pid && !processExists(pid);
  } catch (e) {
    // Gone meanwhile: not stale, just free.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** Acquires the lock file at `path`; resolves with its release function. */
export async function acquireLockFile(path: string, options: LockFileOptions): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.waitMs;
  let delay = 1;
  for (;;) {
    try {
      const handle = await open(path, "wx", 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.chmod(0o600);
      } finally {
        await handle.close();
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(path, { force: true }).catch(() => undefined);
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new TssError("STORE", `cannot create the lock ${path}: ${(e as Error).message}`, { cause: e });
      }
    }
    const seen = await readFile(path, "utf8").catch(() => undefined);
    if (seen !== undefined && (await isStale(path, options.staleMs).catch(() => false))) {
      // Remove it only if it is still the abandoned lock just judged (narrows the
      // race with another process taking it over; O_EXCL above settles the rest).
      if ((await readFile(path, "utf8").catch(() => undefined)) === seen) {
        await rm(path, { force: true }).catch(() => undefined);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = await readFile(path, "utf8").catch(() => "?");
      throw new TssError("STORE", `${path} is locked by process ${owner.trim()} for more than ${options.waitMs} ms`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 20);
  }
}
