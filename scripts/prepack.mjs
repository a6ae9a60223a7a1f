#!/usr/bin/env node
// `prepack` of every public package (npm/pnpm run it before pack and publish, in the
// package's folder): a clean build, so that a tarball made from a fresh clone ships
// dist and nothing stale (no leftover files of a renamed module, no old source maps),
// and a LICENSE copied from the repository root.
// The package's internal dependencies must be built first: `pnpm publish -r` packs in
// dependency order, and `pnpm release` runs the whole build before publishing.
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(import.meta.url), "..", "..");
const dir = process.cwd();
rmSync(join(dir, "dist"), { recursive: true, force: true });
const r = spawnSync("pnpm", ["run", "build"], { cwd: dir, stdio: "inherit" });
if (r.status !== 0) {
  console.error(`prepack: the build of ${dir} failed`);
  process.exit(r.status ?? 1);
}
copyFileSync(join(root, "LICENSE"), join(dir, "LICENSE"));
