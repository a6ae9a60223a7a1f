/**
 * Scratch arrays for the messages a command's session work hashes and MACs
 * (cpHash and rpHash inputs, HMAC and KDFa messages, audit extensions). A typed
 * array of more than 64 octets costs an off-heap allocation and later garbage
 * collection, several times the cost of filling it; these messages are
 * public values (digests, nonces, attributes), live only until the crypto
 * call that reads them is done, and are built anew each time. So each is taken
 * from a small free list and given back once its crypto call answered (at once
 * for a synchronous answer, when the promise settles otherwise): an array is
 * never handed out while a crypto call may still read it.
 */

import { isPromise, type MaybePromise } from "./steps.js";

/** Octets of each pooled array; a longer message gets an array of its own. */
const POOLED_SIZE = 512;
/** Arrays kept for reuse at most (more only while as many calls are pending). */
const MAX_FREE = 8;

const free: ArrayBuffer[] = [];

/**
 * An array of `length` octets for a message the caller fills completely
 * (its initial content is unspecified). Give it back with `releaseMessage` once
 * the crypto call reading it has settled, or drop it.
 */
export function takeMessage(length: number): Uint8Array {
  if (length > POOLED_SIZE) return new Uint8Array(length);
  return new Uint8Array(free.pop() ?? new ArrayBuffer(POOLED_SIZE), 0, length);
}

/** Gives back an array from `takeMessage` (a longer, unpooled one is left to the collector). */
export function releaseMessage(message: Uint8Array): void {
  const buffer = message.buffer as ArrayBuffer;
  if (buffer.byteLength === POOLED_SIZE && free.length < MAX_FREE) free.push(buffer);
}

/**
 * Runs a crypto call on a pooled message and gives the message back once the
 * call is done: at once when it answered with a value or threw, when its
 * promise settles (resolved or rejected) otherwise. Returns the call's own
 * value or promise.
 */
export function withMessage<T>(message: Uint8Array, call: (message: Uint8Array) => MaybePromise<T>): MaybePromise<T> {
  let result: MaybePromise<T>;
  try {
    result = call(message);
  } catch (e) {
    releaseMessage(message);
    throw e;
  }
  if (!isPromise(result)) {
    releaseMessage(message);
    return result;
  }
  // The release rides beside the call's own promise, which the caller gets as it
  // is (no promise in between, one turn less): it runs when the call settles,
  // before the caller's continuation.
  const release = () => releaseMessage(message);
  (result as Promise<T>).then(release, release);
  return result;
}

/** Writes `v` as a big-endian UINT32 at `at`; returns the offset after it. */
export function putU32(out: Uint8Array, at: number, v: number): number {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
  return at + 4;
}

/** Copies `bytes` to `out` at `at`; returns the offset after them. */
export function putBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > 32) out.set(bytes, at);
  else for (let i = 0; i < n; i++) out[at + i] = bytes[i]!;
  return at + n;
}
