#!/usr/bin/env node
// Writes what is derived from the utility registry (src/utility-list.ts), from the
// built dist/ (run after tsc):
//   node scripts/generate.mjs          package.json "bin" and README.md's utility table
//   node scripts/generate.mjs --bins   dist/bin/tss<utility>.js (the build runs this)
// `pnpm --filter @tss/cli run generate` builds and does the first.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { UTILITIES } = await import("../dist/utilities/index.js");
const list = await import("../dist/utility-list.js");

if (process.argv.includes("--bins")) {
  for (const name of UTILITIES.keys()) {
    const file = join(root, "dist", "bin", `${list.commandName(name)}.js`);
    writeFileSync(file, list.commandEntry(name));
    chmodSync(file, 0o755);
  }
  chmodSync(join(root, "dist", "bin", "tss.js"), 0o755);
} else {
  const pkgFile = join(root, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  pkg.bin = list.binCommands(UTILITIES.values());
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  const readmeFile = join(root, "README.md");
  writeFileSync(readmeFile, list.withReadmeTable(readFileSync(readmeFile, "utf8"), UTILITIES.values()));
  console.log(`package.json bin and README.md table: ${UTILITIES.size} utilities`);
}
