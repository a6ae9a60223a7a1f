import { nameKey, nvPublicKey, type TssStore } from "../store/tss-store.js";

/**
 * The Names of objects and NV indexes (the seed's h<handle>.bin) and the NV
 * public areas (nvp<handle>.bin), cached in memory over the store.
 */
export class NameBook {
  private readonly names = new Map<number, Uint8Array>();
  private readonly nvPublics = new Map<number, Uint8Array>();

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

  /** Records an NV index's public area and Name. */
  async setNv(handle: number, nvPublic: Uint8Array, name: Uint8Array): Promise<void> {
    this.nvPublics.set(handle, nvPublic);
    await this.store.put(nvPublicKey(handle), nvPublic);
    await this.setName(handle, name);
  }

  /** Forgets a handle's Name and NV public area. */
  async forget(handle: number): Promise<void> {
    this.names.delete(handle);
    this.nvPublics.delete(handle);
    await this.store.delete(nameKey(handle));
    await this.store.delete(nvPublicKey(handle));
  }
}
