/** Byte helpers: plain Uint8Array copies of Node Buffers, JWK base64url. */
/**
 * A plain Uint8Array holding a copy of `b` (a Buffer, maybe a view into Node's
 * shared pool): callers get their own ArrayBuffer of exactly these bytes.
 */
export function own(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
}

/**
 * `b` as a plain Uint8Array with its own ArrayBuffer: the same memory when the
 * Buffer alone spans its ArrayBuffer (a cipher's output larger than Node's
 * buffer pool), else a copy (a Buffer in Node's shared pool, or a view).
 */
export function owned(b: Uint8Array): Uint8Array {
  const buffer = b.buffer;
  if (b.byteOffset === 0 && buffer.byteLength === b.length && buffer instanceof ArrayBuffer) {
    return new Uint8Array(buffer);
  }
  return own(b);
}

/** base64url of octets (for JWK). */
export function base64url(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString("base64url");
}

/** Big-endian octets of a non-negative integer, minimal length. */
export function intBytes(v: number): Uint8Array {
  const out: number[] = [];
  for (let x = v; x > 0; x = Math.floor(x / 256)) out.unshift(x % 256);
  return new Uint8Array(out.length > 0 ? out : [0]);
}

/** Constant-time equality of two byte strings of public length. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
