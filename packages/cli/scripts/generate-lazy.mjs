#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
// Writes src/utilities/manifest.ts (names and summaries) and src/utilities/loaders.ts
// (one dynamic import per utility) from the registry, src/utilities/index.ts, and the
// built dist (run after a build, in packages/cli: node scripts/generate-lazy.mjs, then
// biome format). test/utility-manifest.test.ts fails until they match the registry.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

process.chdir(join(dirname(fileURLToPath(import.meta.url)), ".."));
const src = readFileSync("src/utilities/index.ts", "utf8");
const re = /^import \{ (\w+) \} from "\.\/([\w-]+)\.js";$/gm;
const rows = [];
for (const m of src.matchAll(re)) {
  const mod = await import(`../dist/utilities/${m[2]}.js`);
  const u = mod[m[1]];
  if (!u || typeof u.run !== "function") continue;
  rows.push({ ident: m[1], file: m[2], name: u.name, summary: u.summary });
}
const { UTILITIES } = await import("../dist/utilities/index.js");
if (rows.length !== UTILITIES.size) throw new Error(`${rows.length} vs ${UTILITIES.size}`);
rows.sort((a, b) => (a.name < b.name ? -1 : 1));
const man = [
  "/**",
  " * The name and summary of every utility, for `tss --help` and dispatch, without",
  " * loading the utilities' modules (test/utility-manifest.test.ts checks that this",
  " * list and ./loaders.ts match the registry, ./index.ts).",
  " */",
  "export const UTILITY_SUMMARIES: ReadonlyMap<string, string> = new Map([",
  ...rows.map((r) => `  [${JSON.stringify(r.name)}, ${JSON.stringify(r.summary)}],`),
  "]);",
  "",
].join("\n");
writeFileSync("src/utilities/manifest.ts", man);
const lo = [
  "/**",
  " * Loads one utility's module on demand: `tss <utility>` imports only what that",
  " * utility needs (each is its own chunk in the bundled dist/bin). The names are",
  " * those of ./manifest.ts; test/utility-manifest.test.ts checks both against the",
  " * registry, ./index.ts.",
  " */",
  'import type { Utility } from "../utility.js";',
  "",
  "/** The loader of each utility, by IBM TSS name. */",
  "export const UTILITY_LOADERS: ReadonlyMap<string, () => Promise<Utility>> = new Map<string, () => Promise<Utility>>([",
  ...rows.map((r) => `  [${JSON.stringify(r.name)}, async () => (await import("./${r.file}.js")).${r.ident}],`),
  "]);",
  "",
].join("\n");
writeFileSync("src/utilities/loaders.ts", lo);
console.log(`manifest.ts and loaders.ts: ${rows.length} utilities`);
