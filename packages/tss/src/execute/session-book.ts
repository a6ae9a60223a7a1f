import type { Crypto } from "@tss/marshal";
import { deserializeSessionState, type SessionState, serializeSessionState } from "@tss/session";
import { openSessionState, sealSessionState, sessionEncryptionKey } from "../store/session-state-sealing.js";
import { nameKey, type TssStore } from "../store/tss-store.js";

/**
 * The sessions a context knows: a working copy in memory, written through to a
 * persistent store (sealed unless TPM_ENCRYPT_SESSIONS=0) so another process
 * (the command-line utilities) can continue them. A state is replaced only after
 * a response verified, so a failure never corrupts it.
 */
export class SessionBook {
  private readonly states = new Map<number, SessionState>();

  constructor(
    private readonly store: TssStore & { readonly persistent?: boolean },
    private readonly settings: () => { encrypt: boolean; hexKey: string },
  ) {}

  /** The state of a session, from memory or the store; undefined when unknown. */
  async get(crypto: Crypto, handle: number): Promise<SessionState | undefined> {
    const known = this.states.get(handle);
    if (known || this.store.persistent !== true) return known;
    const sealed = await this.store.get(nameKey(handle));
    if (!sealed) return undefined;
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

  /** Records a session's new state. */
  async set(crypto: Crypto, state: SessionState): Promise<void> {
    this.states.set(state.handle, state);
    if (this.store.persistent !== true) return;
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
    if (this.store.persistent === true) await this.store.delete(nameKey(handle));
  }

  /** The state held in memory, if any (no store access). */
  peek(handle: number): SessionState | undefined {
    return this.states.get(handle);
  }
}
