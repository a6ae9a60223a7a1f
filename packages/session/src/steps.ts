/**
 * Session work that runs without a promise per step when the crypto allows it.
 *
 * A command's session work is a chain of small crypto calls (cpHash, HMACs,
 * KDFa, AES-CFB, audit), each a few microseconds. Awaiting each one costs a
 * promise and a microtask turn, a good part of the whole for a Crypto that
 * computes in the calling thread. So the work is written once, as a generator
 * that yields each crypto result it needs: `runSteps` feeds plain values
 * straight back (a Crypto with a `sync` facet) and switches to awaiting from
 * the first promise on (WebCrypto), giving the same results and errors either
 * way.
 */
import type { Crypto, HashAlgorithm } from "@tss/marshal";

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Work that yields each crypto result it waits for (a value or a promise of
 * one) and is resumed with that result; it returns T.
 */
export type Steps<T> = Generator<unknown, T, unknown>;

/** The per-command primitives, answered now (a Crypto's `sync` facet) or as promises (the Crypto itself). */
export interface CryptoOps {
  hash(alg: HashAlgorithm, data: Uint8Array): MaybePromise<Uint8Array>;
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): MaybePromise<Uint8Array>;
  aesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): MaybePromise<Uint8Array>;
}

/** The primitives to run session work on: the crypto's synchronous facet when it has one. */
export function cryptoOps(crypto: Crypto): CryptoOps {
  return crypto.sync ?? crypto;
}

/** Whether `v` is a promise (or another thenable) to wait for. */
export function isPromise(v: unknown): v is PromiseLike<unknown> {
  return (
    v instanceof Promise ||
    (typeof v === "object" && v !== null && typeof (v as PromiseLike<unknown>).then === "function")
  );
}

/**
 * Runs `steps`: synchronously as long as every yielded value is plain (then it
 * returns the result, or throws), asynchronously from the first promise on
 * (then it returns a promise of the result).
 */
export function runSteps<T>(steps: Steps<T>): MaybePromise<T> {
  let r = steps.next();
  while (r.done !== true) {
    const v = r.value;
    if (isPromise(v)) return finishSteps(steps, v);
    r = steps.next(v);
  }
  return r.value;
}

/** The rest of `runSteps` once a step gave a promise: each result awaited, each rejection thrown into the steps. */
async function finishSteps<T>(steps: Steps<T>, first: PromiseLike<unknown>): Promise<T> {
  let pending: unknown = first;
  for (;;) {
    let value: unknown;
    let rejected = false;
    try {
      value = await pending;
    } catch (e) {
      rejected = true;
      value = e;
    }
    // A rejection is thrown into the steps where they wait (they may catch it;
    // if not, it comes back out of steps.throw to the caller).
    const r = rejected ? steps.throw(value) : steps.next(value);
    if (r.done === true) return r.value;
    pending = r.value;
  }
}

/** `then` for a value now or later: `f` runs at once on a plain value. */
export function thenMaybe<T, U>(v: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(v) ? (v as Promise<T>).then(f) : f(v as T);
}

/** A promise of what `compute` gives, now or later; a synchronous throw becomes a rejection. */
export function promised<T>(compute: () => MaybePromise<T>): Promise<T> {
  try {
    return Promise.resolve(compute());
  } catch (e) {
    return Promise.reject(e);
  }
}
