import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { TssError } from "@tss/marshal";
import { acquireLockFile } from "./lock-file.js";
import type { TssStore } from "./tss-store.js";

const KEY = /^[a-z]{1,8}[0-9a-f]{8}$/;

/** Options of a file store. */
export interface FileStoreOptions {
  /** Longest wait for another process's lock on an entry, in ms (default 90,000). */
  readonly lockWaitMs?: number;
  /** A lock older than this is taken over even when its process seems alive, in ms (default 120,000). */
  readonly lockStaleMs?: number;
}

/**
 * A store in files under a folder (TPM_DATA_DIR), one `<key>.bin` per entry:
 * the seed's h<handle>.bin and nvp<handle>.bin. Files provisioned by hand are
 * honoured. Writes go to a temporary file then rename, so a crash never leaves a
 * half-written entry. The folder (and any parent it creates) is made 0700 and
 * every file 0600, whatever the umask. Session state is sealed; Names and NV
 * public areas are public data (anyone can read them from the TPM) and are
 * stored in clear, as the seed does. Entries can be locked across processes
 * (`lock`), so utilities that share a session through the folder never use one
 * state twice. Node only (import from "@tss/tss/file-store").
 */
export class FileStore implements TssStore {
  /** Files outlive the process. */
  readonly persistent = true;
  readonly directory: string;
  private ready: Promise<void> | undefined;
  private readonly lockWaitMs: number;
  private readonly lockStaleMs: number;

  constructor(directory: string, options: FileStoreOptions = {}) {
    this.directory = directory;
    this.lockWaitMs = options.lockWaitMs ?? 90_000;
    this.lockStaleMs = options.lockStaleMs ?? 120_000;
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new TssError("STORE", `invalid store key ${JSON.stringify(key)}`);
    return join(this.directory, `${key}.bin`);
  }

  /** Creates the folder 0700 (and the parents it needs, 0700 too) once. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      const target = resolve(this.directory);
      const first = await mkdir(target, { recursive: true, mode: 0o700 });
      if (first !== undefined) {
        // mkdir's mode is reduced by the umask: set it exactly on every folder made here.
        for (let d = target; ; d = dirname(d)) {
          await chmod(d, 0o700);
          if (d === resolve(first) || d === dirname(d)) break;
        }
      }
    })().catch((e) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /** Reads `<key>.bin`, or undefined when it does not exist. */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      if (e instanceof TssError) throw e;
      throw new TssError("STORE", `cannot read ${this.path(key)}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Writes `<key>.bin` atomically, mode 0600. */
  async put(key: string, value: Uint8Array): Promise<void> {
    const target = this.path(key);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await this.prepare();
      await writeFile(temporary, value, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, target);
    } catch (e) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new TssError("STORE", `cannot write ${target}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Removes `<key>.bin`. */
  async delete(key: string): Promise<void> {
    try {
      await rm(this.path(key), { force: true });
    } catch (e) {
      throw new TssError("STORE", `cannot remove ${this.path(key)}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The keys of the entries whose names start with `prefix`. */
  async keys(prefix = ""): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new TssError("STORE", `cannot list ${this.directory}: ${(e as Error).message}`, { cause: e });
    }
    return names
      .filter((n) => n.endsWith(".bin"))
      .map((n) => n.slice(0, -4))
      .filter((k) => KEY.test(k) && k.startsWith(prefix));
  }

  /**
   * Locks `<key>` against other processes (and other contexts of this one):
   * `<key>.lock` made with O_EXCL, taken over when its process is gone or it is
   * older than lockStaleMs. Resolves with the release function.
   */
  async lock(key: string): Promise<() => Promise<void>> {
    const path = `${this.path(key).slice(0, -4)}.lock`;
    try {
      await this.prepare();
    } catch (e) {
      throw new TssError("STORE", `cannot create ${this.directory}: ${(e as Error).message}`, { cause: e });
    }
    return acquireLockFile(path, { waitMs: this.lockWaitMs, staleMs: this.lockStaleMs });
  }
}
