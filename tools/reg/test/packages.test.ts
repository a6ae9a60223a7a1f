// Every package is a real npm package: named @tss/<folder>, ESM, exports with
// types, files, sideEffects false, engines, license, a README; after the build
// (npm test builds first) it imports by name from a plain Node script, without
// the test-only "@tss/source" condition, and ships declarations.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const packagesDir = resolve(__dirname, "../../../packages");
const folders = readdirSync(packagesDir).filter((f) => existsSync(join(packagesDir, f, "package.json")));
const scratch = mkdtempSync(join(tmpdir(), "tss-import-"));
mkdirSync(join(scratch, "node_modules", "@tss"), { recursive: true });
for (const f of folders) symlinkSync(join(packagesDir, f), join(scratch, "node_modules", "@tss", f));
// The packages' own dependencies resolve from their folders (pnpm links them there).
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(folders)("package %s", (folder) => {
  const dir = join(packagesDir, folder);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

  it("has the npm package fields", () => {
    expect(pkg.name).toBe(`@tss/${folder}`);
    expect(pkg.type).toBe("module");
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.license).toBeTruthy();
    expect(pkg.engines?.node).toBeTruthy();
    expect(pkg.files).toContain("dist");
    expect(pkg.exports?.["."]?.types).toMatch(/^\.\/dist\/.*\.d\.ts$/);
    expect(pkg.exports?.["."]?.default).toMatch(/^\.\/dist\/.*\.js$/);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/npm install @tss\//);
  });

  it("is ready to publish: publishConfig.exports, LICENSE, repository fields, caret internal ranges, no maps", () => {
    // What ships is exports without the repository-only "@tss/source" condition.
    const strip = (v: unknown): unknown =>
      v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => k !== "@tss/source")
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
    expect(pkg.publishConfig?.exports).toEqual(strip(pkg.exports));
    expect(pkg.scripts?.prepack).toBe("node ../../scripts/prepack.mjs");
    expect(pkg.files).toContain("LICENSE");
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync(join(packagesDir, "..", "LICENSE"), "utf8"));
    expect(pkg.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:/),
      directory: `packages/${folder}`,
    });
    expect(pkg.homepage).toMatch(/^https:/);
    expect(pkg.bugs?.url).toMatch(/^https:/);
    for (const kind of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries<string>(pkg[kind] ?? {})) {
        if (dep.startsWith("@tss/")) expect(range, `${kind} ${dep}`).toBe("workspace:^");
        else expect(range, `${kind} ${dep}`).not.toMatch(/>=|^\*$|^latest$/);
      }
    }
    const build = JSON.parse(readFileSync(join(dir, "tsconfig.build.json"), "utf8"));
    expect(build.compilerOptions.declarationMap).toBe(false);
    expect(build.compilerOptions.sourceMap).toBe(false);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/ESM only[\s\S]*require\(/);
  });

  it("imports by name from a plain Node script after the build, with declarations", () => {
    expect(existsSync(join(dir, pkg.exports["."].types))).toBe(true);
    const r = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import("@tss/${folder}"); if (!Object.keys(m).length) process.exit(3);`,
      ],
      {
        cwd: scratch,
        encoding: "utf8",
      },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
