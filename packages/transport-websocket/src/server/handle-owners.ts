/**
 * Which proxy client holds which transient object, sequence and session: the
 * proxy records each command's {@link HandleEffect} here and, when a client
 * leaves, flushes what it still holds. One table for all clients: a handle
 * belongs to the client whose command last created it, so a number the TPM
 * hands out again (after another client flushed it) is never flushed for its
 * former holder.
 */
import { handleType, TPM_HT } from "@tss/marshal";
import type { HandleEffect } from "./handle-effect.js";

/** The handles each client holds, by client id. */
export class HandleOwners {
  private readonly owner = new Map<number, number>();

  /** Records what one command of `client` did. */
  apply(client: number, effect: HandleEffect): void {
    if (effect.reset === "all") this.owner.clear();
    else if (effect.reset === "objects")
      for (const h of [...this.owner.keys()]) if (handleType(h) === TPM_HT.TRANSIENT) this.owner.delete(h);
    for (const h of effect.ended) this.owner.delete(h);
    for (const h of effect.created) this.owner.set(h, client);
  }

  /** The handles `client` holds, in the order they were created. */
  heldBy(client: number): number[] {
    return [...this.owner].filter(([, c]) => c === client).map(([h]) => h);
  }

  /** Forgets `handle` (flushed). */
  forget(handle: number): void {
    this.owner.delete(handle);
  }
}
