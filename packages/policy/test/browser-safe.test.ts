// @tss/policy is browser-safe and depends on @tss/marshal only: no node:
// module, no Buffer, no concrete crypto plugin in its sources.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(__dirname, "..", "src");
const files = readdirSync(src).filter((f) => f.endsWith(".ts"));

describe("@tss/policy sources", () => {
  it.each(files)("%s imports only @tss/marshal and its own modules, and uses no Buffer", (file) => {
    const text = readFileSync(join(src, file), "utf8");
    const imports = [...text.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
    for (const i of imports) expect(i === "@tss/marshal" || i.startsWith("./"), `${file} imports ${i}`).toBe(true);
    expect(text).not.toMatch(/\bBuffer\b/);
  });
});
