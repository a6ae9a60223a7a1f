/**
 * `--json` output: one JSON document on standard output. Byte strings are
 * lower-case hex, 64-bit integers decimal strings, Maps objects.
 */
import { hexString } from "./print-all.js";

/** A value as the JSON text `--json` prints (with a final newline). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value ?? {}, jsonReplacer, 2)}\n`;
}

/** JSON.stringify's replacer for TPM values: Uint8Array → hex, bigint → string, Map → object. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return hexString(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}
