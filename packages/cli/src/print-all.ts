/** Hex output in the IBM TSS utilities' layouts. */
import { printAllLines } from "@tss/marshal";

/** Lower-case hex of bytes with no separators (the utilities' "-ns" form). */
export function hexString(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * The IBM TSS's TSS_PrintAll layout: " <label> length <n>", then the bytes as
 * space-separated hex, sixteen to a line, each line indented by one space.
 */
export function printAll(label: string, bytes: Uint8Array): string {
  return `${printAllLines(label, bytes, 1).join("\n")}\n`;
}

/** A 32-bit value as eight hex digits, as in "Handle 80000000". */
export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
