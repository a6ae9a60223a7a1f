/** Conversions between Uint8Array and node-forge's binary strings (one char per octet). */

/** A binary string of octets. */
export function toBinary(bytes: Uint8Array): string {
  let s = "";
  // apply, not spread: spreading a typed array walks the iterator protocol (8x slower).
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

/** Octets of a binary string. */
export function fromBinary(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Hex of octets (for forge's BigInteger). */
export function toHexString(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}
