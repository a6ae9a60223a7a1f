/** Byte helpers shared by the session engine (Uint8Array only, no Buffer). */

/** The concatenation of byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian UINT16. */
export function u16(v: number): Uint8Array {
  return new Uint8Array([(v >>> 8) & 0xff, v & 0xff]);
}

/** Big-endian UINT32. */
export function u32(v: number): Uint8Array {
  return new Uint8Array([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
}

/** Byte equality in time that depends only on the lengths (for HMAC comparison). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Plain byte equality (for public values such as Names). */
export function bytesEqual(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An authValue with its trailing zero octets removed: the TPM always uses an
 * authValue in this form (Part 1, "authValue"; the reference EntityGetAuthValue),
 * in HMAC keys, parameter-encryption keys and the bind value.
 */
export function trimAuthValue(authValue: Uint8Array): Uint8Array {
  let n = authValue.length;
  while (n > 0 && authValue[n - 1] === 0) n--;
  return authValue.subarray(0, n);
}

/** The UTF-8 octets of a label such as "ATH", followed by its terminating zero octet. */
export function labelBytes(label: string): Uint8Array {
  const text = new TextEncoder().encode(label);
  if (text.length > 0 && text[text.length - 1] === 0) return text;
  return concat(text, new Uint8Array([0]));
}

/** XOR of `data` with `mask` (mask at least as long as data). */
export function xorBytes(data: Uint8Array, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ mask[i]!;
  return out;
}
