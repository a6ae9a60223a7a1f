import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TssError } from "@tss/marshal";
import type { TssStore } from "./tss-store.js";

const KEY = /^[a-z]{1,8}[0-9a-f]{8}$/;

/**
 * A store in files under a folder (TPM_DATA_DIR), one `<key>.bin` per entry:
 * the seed's h<handle>.bin and nvp<handle>.bin. Files provisioned by hand are
 * honoured. Writes go to a temporary file then rename, so a crash never leaves a
 * half-written entry. Node only (import from "@tss/tss/file-store").
 */
export class FileStore implements TssStore {
  /** Files outlive the process. */
  readonly persistent = true;

  constructor(readonly directory: string) {}

  private path(key: string): string {
    if (!KEY.test(key)) throw new TssError("STORE", `invalid store key ${JSON.stringify(key)}`);
    return join(this.directory, `${key}.bin`);
  }

  /** Reads `<key>.bin`, or undefined when it does not exist. */
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new TssError("STORE", `cannot read ${this.path(key)}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Writes `<key>.bin` atomically. */
  async put(key: string, value: Uint8Array): Promise<void> {
    const target = this.path(key);
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      await mkdir(this.directory, { recursive: true });
      await writeFile(temporary, value, { mode: 0o600 });
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
}
