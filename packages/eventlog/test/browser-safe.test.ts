// @tss/eventlog stays browser-safe: its sources import only @tss/marshal and each
// other (no node: module, no crypto plugin) and never use Buffer.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url);
const files = readdirSync(src).filter((f) => f.endsWith(".ts"));

describe("@tss/eventlog sources", () => {
  it("has sources to check", () => expect(files.length).toBeGreaterThan(5));
  it.each(files)("%s imports only @tss/marshal and its own modules, and uses no Buffer", (file) => {
    const text = readFileSync(new URL(file, src), "utf8");
    for (const [, from] of text.matchAll(/from\s+"([^"]+)"/g))
      expect(from === "@tss/marshal" || from!.startsWith("./"), `${file} imports ${from}`).toBe(true);
    expect(text).not.toMatch(/\bBuffer\b/);
  });
});
