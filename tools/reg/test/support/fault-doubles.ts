/**
 * Test doubles that wrap a real transport or store and misbehave on demand:
 * slow responses, failing writes. (Network faults between a transport and
 * swtpm come from the fault proxy, tools/reg/src/fault-proxy.ts.)
 */
import type { SendOptions, Transport } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import type { TssStore } from "@tss/tss";

/** A transport that counts commands and can hold each response back for a while. */
export interface SlowTransport extends Transport {
  /** Commands handed to the inner transport so far. */
  sends(): number;
  /** Milliseconds each response is held back (0: none). */
  delayMs: number;
  /** Cancels signalled through the platform port so far (when the inner transport has one). */
  cancels(): number;
}

/** Wraps `inner`: every response is held back `delayMs` after it arrived. */
export function slowTransport(inner: Transport, delayMs = 0): SlowTransport {
  let sends = 0;
  let cancels = 0;
  const platform = inner.platform
    ? Object.assign(Object.create(inner.platform) as NonNullable<Transport["platform"]>, {
        cancel: async () => {
          cancels++;
          await inner.platform!.cancel?.();
        },
      })
    : undefined;
  const t: SlowTransport = {
    delayMs,
    async send(command: Uint8Array, options?: SendOptions) {
      sends++;
      const response = await inner.send(command, options);
      if (t.delayMs > 0) await new Promise((r) => setTimeout(r, t.delayMs));
      return response;
    },
    close: () => inner.close(),
    sends: () => sends,
    cancels: () => cancels,
    ...(platform ? { platform } : {}),
  };
  return t;
}

/** A persistent store whose writes fail on demand, as a full or read-only TPM_DATA_DIR does. */
export interface FailingStore extends TssStore {
  /** While true, put() fails with STORE (ENOSPC). */
  full: boolean;
  /** put() calls refused so far. */
  refused(): number;
}

/** Wraps a persistent store (a FileStore): reads work, writes fail while `full`. */
export function failingStore(inner: TssStore): FailingStore {
  let refused = 0;
  const s: FailingStore = {
    persistent: true,
    full: false,
    get: (k) => inner.get(k),
    async put(k, v) {
      if (s.full) {
        refused++;
        throw new TssError("STORE", `cannot write ${k}.bin: ENOSPC: no space left on device`);
      }
      await inner.put(k, v);
    },
    delete: (k) => inner.delete(k),
    ...(inner.keys ? { keys: (p?: string) => inner.keys!(p) } : {}),
    ...(inner.lock ? { lock: (k: string) => inner.lock!(k) } : {}),
    refused: () => refused,
  };
  return s;
}
