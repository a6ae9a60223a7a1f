import { handleType, TPM_HT } from "@tss/marshal";
import { nameKey, nvPublicKey, nvUncertainKey, type TssStore } from "../store/tss-store.js";

/**
 * The Names of objects and NV indexes (the seed's h<handle>.bin) and the NV
 * public areas (nvp<handle>.bin), cached in memory over the store; and the NV
 * indexes whose Name is uncertain (nvu<handle>.bin), so that a context sharing
 * the store (another process on TPM_DATA_DIR) re-reads them too.
 */
export class NameBook {
  private readonly names = new Map<number, Uint8Array>();
  private readonly nvPublics = new Map<number, Uint8Array>();
  /** NV indexes known to be uncertain (marked here, or the mark found in the store). */
  private readonly uncertain = new Set<number>();

  constructor(private readonly store: TssStore) {}

  /** The Name recorded for a handle. */
  async name(handle: number): Promise<Uint8Array | undefined> {
    let n = this.names.get(handle);
    if (!n) {
      n = await this.store.get(nameKey(handle));
      if (n) this.names.set(handle, n);
    }
    return n;
  }

  /**
   * The Name held in memory for a handle whose Name is not marked uncertain;
   * undefined otherwise (then `nvUncertain` and `name` decide). Synchronous: the
   * per-command path asks this first.
   */
  knownName(handle: number): Uint8Array | undefined {
    return this.uncertain.has(handle) ? undefined : this.names.get(handle);
  }

  /** The marshalled TPMS_NV_PUBLIC recorded for an NV index. */
  async nvPublic(handle: number): Promise<Uint8Array | undefined> {
    let n = this.nvPublics.get(handle);
    if (!n) {
      n = await this.store.get(nvPublicKey(handle));
      if (n) this.nvPublics.set(handle, n);
    }
    return n;
  }

  /** Records a Name. */
  async setName(handle: number, name: Uint8Array): Promise<void> {
    this.names.set(handle, name);
    await this.store.put(nameKey(handle), name);
  }

  /** Records an NV index's public area and Name (certain again: the uncertain mark goes). */
  async setNv(handle: number, nvPublic: Uint8Array, name: Uint8Array): Promise<void> {
    this.uncertain.delete(handle);
    this.nvPublics.set(handle, nvPublic);
    await this.store.put(nvPublicKey(handle), nvPublic);
    await this.setName(handle, name);
    // Last: should a write above fail, the mark stays and other contexts re-read.
    await this.store.delete(nvUncertainKey(handle));
  }

  /** Forgets a handle's Name and NV public area (and an NV index's uncertain mark). */
  async forget(handle: number): Promise<void> {
    this.names.delete(handle);
    this.nvPublics.delete(handle);
    await this.store.delete(nameKey(handle));
    await this.store.delete(nvPublicKey(handle));
    this.uncertain.delete(handle);
    if (handleType(handle) === TPM_HT.NV_INDEX) await this.store.delete(nvUncertainKey(handle));
  }

  /**
   * Marks an NV index's Name uncertain: the mark is stored first, then the Name and
   * public area are removed, so no context (this one, or another on the same store)
   * uses them before re-reading the index (NV_ReadPublic, which records them again).
   * The in-memory mark is set before any store write, whatever fails.
   */
  async markNvUncertain(handle: number): Promise<void> {
    this.uncertain.add(handle);
    this.names.delete(handle);
    this.nvPublics.delete(handle);
    await this.store.put(nvUncertainKey(handle), new Uint8Array(0));
    await this.store.delete(nameKey(handle));
    await this.store.delete(nvPublicKey(handle));
  }

  /**
   * Leaves the uncertain mark of an NV index in the store only, before a command that
   * may change its Name is sent: this context keeps the Name (it will see the
   * response), but should the process end first, the next context on the store
   * re-reads. The mark goes when the Name is recorded again (setNv) or forgotten.
   */
  async markNvUncertainInStore(handle: number): Promise<void> {
    await this.store.put(nvUncertainKey(handle), new Uint8Array(0));
  }

  /**
   * Marks every NV index whose Name is recorded (in memory or in the store)
   * uncertain: NV_GlobalWriteLock and Startup change Names of indexes they do not
   * name. A store that cannot list its keys has only the in-memory Names marked.
   */
  async markAllNvUncertain(): Promise<void> {
    const handles = new Set<number>();
    for (const h of this.names.keys()) if (handleType(h) === TPM_HT.NV_INDEX) handles.add(h);
    // The Names of NV indexes (0x01xxxxxx) are stored under h01xxxxxx.
    for (const key of (await this.store.keys?.("h01")) ?? []) handles.add(Number.parseInt(key.slice(1), 16) >>> 0);
    for (const h of handles) await this.markNvUncertain(h);
  }

  /**
   * True when an NV index's Name is uncertain and must be re-read before use: marked
   * by this context, or (for a Name not in memory) marked in the store by another.
   */
  async nvUncertain(handle: number): Promise<boolean> {
    if (this.uncertain.has(handle)) return true;
    if (this.names.has(handle)) return false;
    if ((await this.store.get(nvUncertainKey(handle))) === undefined) return false;
    this.uncertain.add(handle);
    return true;
  }
}
