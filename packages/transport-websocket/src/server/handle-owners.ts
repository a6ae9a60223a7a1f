/**
 * Which proxy client holds which transient object, sequence and session: the
 * proxy records each command's {@link HandleEffect} here and, when a client
 * leaves, flushes what it still holds. One table for all clients: a handle
 * belongs to the client whose command last created it, so a number the TPM
 * hands out again (after another client flushed it) is never flushed for its
 * former holder. A client is a connection number, or the reconnect identity
 * its connections present (then all of them share what it holds).
 */
import { handleType, TPM_HT } from "@tss/marshal";
import type { HandleEffect } from "./handle-effect.js";

/** Who holds a handle: a connection number or a key such as a client's reconnect identity. */
export type HandleOwner = number | string;

/** The handles each client holds, by client id. */
export class HandleOwners {
  private readonly owner = new Map<number, HandleOwner>();

  /** Records what one command of `client` did. */
  apply(client: HandleOwner, effect: HandleEffect): void {
    if (effect.reset === "all") this.owner.clear();
    else if (effect.reset === "objects")
      for (const h of [...this.owner.keys()]) if (handleType(h) === TPM_HT.TRANSIENT) this.owner.delete(h);
    for (const h of effect.ended) this.owner.delete(h);
    for (const h of effect.created) this.owner.set(h, client);
  }

  /** The handles `client` holds, in the order they were created. */
  heldBy(client: HandleOwner): number[] {
    return [...this.owner].filter(([, c]) => c === client).map(([h]) => h);
  }

  /** Forgets `handle` (flushed). */
  forget(handle: number): void {
    this.owner.delete(handle);
  }
}
