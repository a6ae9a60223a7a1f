// @tss/attest stays browser-safe: its sources import only @tss/marshal,
// @tss/session, @tss/policy (browser-safe too) and each other (no node: module, no concrete crypto plugin) and
// never use Buffer. The bundle itself runs without `process` in
// tools/reg/test/attest-browser-bundle.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url);
const files = readdirSync(src).filter((f) => f.endsWith(".ts"));

describe("@tss/attest sources", () => {
  it("has sources to check", () => expect(files.length).toBeGreaterThan(5));
  it.each(files)(
    "%s imports only @tss/marshal, @tss/session, @tss/policy and its own modules, and uses no Buffer",
    (file) => {
      const text = readFileSync(new URL(file, src), "utf8");
      for (const [, from] of text.matchAll(/from\s+"([^"]+)"/g)) {
        expect(
          ["@tss/marshal", "@tss/session", "@tss/policy"].includes(from!) || from!.startsWith("./"),
          `${file} imports ${from}`,
        ).toBe(true);
      }
      expect(text).not.toMatch(/\bBuffer\b/);
    },
  );
});
