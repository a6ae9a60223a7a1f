/**
 * Shared by the full-run scripts: argument parsing and loading the built package
 * (dist), with a warning when the sources are newer than the build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The package folder (packages/marshal). */
export const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Parses `--name value` and `--flag` arguments over the given defaults. */
export function parseArgs(defaults, argv = process.argv.slice(2)) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown option ${a}; options: ${Object.keys(defaults).join(", ")}`);
    if (typeof defaults[key] === "boolean") out[key] = true;
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      out[key] = typeof defaults[key] === "number" ? Number(v) : v;
    }
  }
  return out;
}

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Imports the built @tss/marshal (dist/index.js). With `build`, runs the package
 * build first; otherwise warns when src/ is newer than dist/.
 */
export async function loadMarshal({ build = false } = {}) {
  const dist = join(PACKAGE_DIR, "dist");
  if (build) {
    const r = spawnSync("npx", ["tsc", "-p", join(PACKAGE_DIR, "tsconfig.build.json")], {
      stdio: "inherit",
      cwd: PACKAGE_DIR,
    });
    if (r.status !== 0) throw new Error("the build of @tss/marshal failed");
  }
  if (!existsSync(join(dist, "index.js"))) {
    throw new Error("packages/marshal/dist is missing: run `pnpm --filter @tss/marshal build` (or pass --build)");
  }
  if (newest(join(PACKAGE_DIR, "src")) > newest(dist)) {
    console.error("warning: packages/marshal/src is newer than dist; pass --build to rebuild first");
  }
  return import(pathToFileURL(join(dist, "index.js")).href);
}
