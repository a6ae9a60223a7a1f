/**
 * What is derived from the registry is current: package.json "bin" (tss and one
 * tss<utility> per utility), README.md's utility table and `tss --help`.
 * When a utility is added: `pnpm --filter @tss/cli run generate`.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  binCommands,
  commandEntry,
  main,
  overview,
  readmeTable,
  sortedUtilities,
  UTILITIES,
  withReadmeTable,
} from "@tss/cli";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const REGENERATE = "stale: run `pnpm --filter @tss/cli run generate`";

describe("derived from the utility registry", () => {
  it("package.json installs tss and tss<utility> for every utility, and nothing else", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.bin, REGENERATE).toEqual(binCommands(UTILITIES.values()));
    expect(Object.keys(pkg.bin)).toHaveLength(UTILITIES.size + 1);
    for (const name of UTILITIES.keys()) expect(pkg.bin[`tss${name}`]).toBe(`./dist/bin/tss${name}.js`);
  });

  it("README.md's utility table is the registry's", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme, REGENERATE).toBe(withReadmeTable(readme, UTILITIES.values()));
    for (const u of UTILITIES.values()) expect(readme).toContain(`| ${u.name} | ${u.summary} |`);
  });

  it("every utility has a name matching its key and a one-line summary", () => {
    for (const [key, u] of UTILITIES) {
      expect(u.name).toBe(key);
      expect(u.name).toMatch(/^[a-z0-9]+$/);
      expect(u.summary.trim().length).toBeGreaterThan(0);
      expect(u.summary).not.toContain("\n");
    }
  });

  it("tss --help lists every utility with its summary, sorted", async () => {
    let out = "";
    const code = await main(["--help"], { stdout: (s) => (out += s), stderr: () => {}, env: {}, cwd: "." });
    expect(code).toBe(0);
    expect(out).toBe(overview());
    const listed = out.split("\n").filter((l) => /^ {2}[a-z0-9]+ {2,}/.test(l));
    expect(listed.map((l) => l.trim().split(/\s+/)[0])).toEqual(sortedUtilities(UTILITIES.values()).map((u) => u.name));
    for (const u of UTILITIES.values())
      expect(out).toMatch(new RegExp(`\\n {2}${u.name} +${regexpText(u.summary)}\\n`));
  });

  it("a tss<utility> entry runs tss <utility> with the same arguments", () => {
    const text = commandEntry("createprimary");
    expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(text).toContain('main(["createprimary", ...process.argv.slice(2)])');
  });

  it("the table escapes a | in a summary", () => {
    const fake = { name: "x", summary: "a | b", flags: { "-a": "switch" }, usage: [], run: async () => {} } as const;
    expect(readmeTable([fake])).toContain("| x | a \\| b | `-a` |");
  });
});

function regexpText(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
