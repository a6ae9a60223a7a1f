import { type Crypto, TssError } from "@tss/marshal";
import { deserializeSessionState, type SessionState, serializeSessionState } from "@tss/session";
import {
  isLostSessionMarker,
  lostSessionMarker,
  openSessionState,
  sealSessionState,
  sessionEncryptionKey,
} from "../store/session-state-sealing.js";
import { nameKey, type TssStore } from "../store/tss-store.js";

/** The error for a session whose state is unknown. */
export function sessionLostError(handle: number): TssError {
  return new TssError(
    "SESSION_LOST",
    `session 0x${handle.toString(16)} cannot be used: a response of a command that used it was lost or did not verify, so its nonces are unknown (the TSS sends no HMAC that could fail and count against the dictionary-attack lockout); start a new session`,
  );
}

const NO_LOCK = async () => undefined;

/**
 * The sessions a context knows. With a memory store, a working copy in memory;
 * with a persistent store (files shared by processes), the store is the truth:
 * a session's state is read from it before each use, under the entry's lock,
 * and written back before the lock is released, so processes that share a
 * session never use one state twice. A state is replaced only after a response
 * verified; a session whose response was lost is marked lost (here and in the
 * store) and refused from then on with SESSION_LOST.
 */
export class SessionBook {
  private readonly states = new Map<number, SessionState>();
  private readonly lost = new Set<number>();
  /** Sessions whose store lock this context holds now. */
  private readonly held = new Set<number>();

  constructor(
    private readonly store: TssStore,
    private readonly settings: () => { encrypt: boolean; hexKey: string },
  ) {}

  /** True when the store is shared by processes (the store is the truth; entries are locked). */
  get shared(): boolean {
    return this.store.persistent === true;
  }

  /**
   * The state of a session held in memory when memory is the truth (a store not
   * shared by processes) and the session is not lost; otherwise undefined, and
   * `get` decides. Synchronous: the per-command path asks this first.
   */
  inMemory(handle: number): SessionState | undefined {
    if (this.shared || this.lost.has(handle)) return undefined;
    return this.states.get(handle);
  }

  /** The state of a session, from memory or the store; undefined when unknown. Throws SESSION_LOST. */
  async get(crypto: Crypto, handle: number): Promise<SessionState | undefined> {
    if (this.lost.has(handle)) throw sessionLostError(handle);
    if (!this.shared) return this.states.get(handle);
    const sealed = await this.store.get(nameKey(handle));
    if (!sealed) {
      this.states.delete(handle);
      return undefined;
    }
    if (isLostSessionMarker(sealed)) throw sessionLostError(handle);
    const { encrypt, hexKey } = this.settings();
    const bytes = await openSessionState(
      crypto,
      sessionEncryptionKey(crypto, hexKey),
      nameKey(handle),
      sealed,
      encrypt,
    );
    const state = deserializeSessionState(bytes);
    this.states.set(handle, state);
    return state;
  }

  /**
   * Locks a session's store entry for a read-modify-write (a no-op without a
   * shared store). Resolves with the release function.
   */
  async lock(handle: number): Promise<() => Promise<void>> {
    if (!this.shared || !this.store.lock) return NO_LOCK;
    // Re-entrant within the context (its queue runs one command at a time):
    // bookkeeping after a command may touch a session the command holds.
    if (this.held.has(handle)) return NO_LOCK;
    const release = await this.store.lock(nameKey(handle));
    this.held.add(handle);
    return async () => {
      this.held.delete(handle);
      await release();
    };
  }

  /**
   * Records a session's new state (a new session on a handle once lost is usable).
   * With memory as the truth it is recorded at once and undefined is returned (no
   * promise, no tick on the per-command path); with a shared store, the promise of
   * saving it there.
   */
  set(crypto: Crypto, state: SessionState): Promise<void> | undefined {
    this.states.set(state.handle, state);
    this.lost.delete(state.handle);
    if (!this.shared) return undefined;
    return this.save(crypto, state);
  }

  /** Writes a session's state, sealed, to the shared store. */
  private async save(crypto: Crypto, state: SessionState): Promise<void> {
    const { encrypt, hexKey } = this.settings();
    const key = nameKey(state.handle);
    await this.store.put(
      key,
      await sealSessionState(crypto, sessionEncryptionKey(crypto, hexKey), key, serializeSessionState(state), encrypt),
    );
  }

  /** Forgets a session (flushed, or ended by continueSession clear). */
  async delete(handle: number): Promise<void> {
    this.states.delete(handle);
    this.lost.delete(handle);
    if (this.shared) await this.store.delete(nameKey(handle));
  }

  /**
   * Marks a session lost: its state is forgotten and every later use is
   * SESSION_LOST, in this context and (through the store's marker) in every
   * process that shares the store. Never throws: a store that cannot record the
   * marker still leaves the session refused here.
   */
  async markLost(handle: number): Promise<void> {
    this.states.delete(handle);
    this.lost.add(handle);
    if (this.shared) await this.store.put(nameKey(handle), lostSessionMarker()).catch(() => undefined);
  }

  /**
   * True when a live state of the session is held, here or (shared store) in a
   * file that is not a lost session's marker.
   */
  async isHeld(handle: number): Promise<boolean> {
    if (this.lost.has(handle)) return false;
    if (this.states.has(handle) || !this.shared) return this.states.has(handle);
    const stored = await this.store.get(nameKey(handle)).catch(() => undefined);
    return stored !== undefined && !isLostSessionMarker(stored);
  }

  /** True when the session is known lost in this context. */
  isLost(handle: number): boolean {
    return this.lost.has(handle);
  }

  /**
   * Every session state known (memory, and the store's when shared), for
   * updates that concern all sessions (a bind entity's authValue changed).
   */
  async handles(): Promise<number[]> {
    const found = new Set(this.states.keys());
    if (this.shared && this.store.keys) {
      for (const k of await this.store.keys("h0")) {
        const h = Number.parseInt(k.slice(1), 16);
        if (h >>> 24 === 0x02 || h >>> 24 === 0x03) found.add(h);
      }
    }
    return [...found];
  }

  /** The state held in memory, if any (no store access). */
  peek(handle: number): SessionState | undefined {
    return this.states.get(handle);
  }
}
