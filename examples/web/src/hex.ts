/** Byte strings as the page shows them. */

/** Lower-case hexadecimal of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A 32-bit value as 0x-prefixed hexadecimal with 8 digits. */
export function hex32(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, "0")}`;
}

/** The four ASCII characters packed in a TPM property value (manufacturer, vendor strings); NULs dropped. */
export function fourChars(value: number): string {
  const chars = [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).filter((c) => c !== 0);
  return String.fromCharCode(...chars);
}
