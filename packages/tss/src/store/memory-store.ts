import type { TssStore } from "./tss-store.js";

/**
 * A store in memory: the library's default and the seed's no-file build
 * (TPM_TSS_NOFILE). Everything is lost when the context goes.
 */
export class MemoryStore implements TssStore {
  private readonly entries = new Map<string, Uint8Array>();

  /** Reads a copy of the bytes under `key`. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const v = this.entries.get(key);
    return v?.slice();
  }
  /** Stores a copy of `value`. */
  async put(key: string, value: Uint8Array): Promise<void> {
    this.entries.set(key, value.slice());
  }
  /** Removes `key`. */
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
  /** The keys that start with `prefix`. */
  async keys(prefix = ""): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }
}
