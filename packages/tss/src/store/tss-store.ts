/**
 * The store contract: where the TSS keeps what must outlive one command — Names
 * of objects and NV indexes (the seed's h<handle>.bin), NV public areas
 * (nvp<handle>.bin) and session state (h<session handle>.bin). Keys are those
 * file names without ".bin". A store holds bytes; session state arrives sealed.
 */
export interface TssStore {
  /**
   * True when entries outlive the process (files): session state is then saved
   * there too, sealed, so another process can continue a session.
   */
  readonly persistent?: boolean;
  /** The bytes under `key`, or undefined. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores `value` under `key`, replacing what was there. */
  put(key: string, value: Uint8Array): Promise<void>;
  /** Removes `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /**
   * Optional: the keys present that start with `prefix` (persistent stores list
   * them so a change of an entity's authValue reaches every saved session).
   */
  keys?(prefix?: string): Promise<string[]>;
  /**
   * Optional: locks `key` against other processes until the returned function is
   * called. A persistent store shared by processes implements it: the TSS holds
   * a session's lock from reading its state until the new state is saved.
   */
  lock?(key: string): Promise<() => Promise<void>>;
}

/** The key of an entity's Name, or of a session's state: `h` and eight hex digits. */
export function nameKey(handle: number): string {
  return `h${(handle >>> 0).toString(16).padStart(8, "0")}`;
}

/** The key of an NV index's marshalled TPMS_NV_PUBLIC: `nvp` and eight hex digits. */
export function nvPublicKey(handle: number): string {
  return `nvp${(handle >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * The key of the mark left when an NV index's recorded Name became uncertain (a
 * lost response of a command that may have changed it, or NV_GlobalWriteLock or
 * Startup): `nvu` and eight hex digits. Its Name and public area are removed with
 * it; a context that finds the mark re-reads them (NV_ReadPublic) before use.
 */
export function nvUncertainKey(handle: number): string {
  return `nvu${(handle >>> 0).toString(16).padStart(8, "0")}`;
}
