// The API reference builds (`pnpm run docs`: TypeDoc over every public package, with its own
// TypeScript 6) without a single warning: every exported name, and every method of an
// exported class or interface, has a doc comment, and every {@link} resolves. The site has
// one page per public package.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const out = mkdtempSync(join(tmpdir(), "tss-api-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The names of the public (not private) packages under packages/. */
function publicPackageNames(): string[] {
  const names: string[] = [];
  for (const dir of readdirSync(join(root, "packages"))) {
    const file = join(root, "packages", dir, "package.json");
    if (!existsSync(file) || !existsSync(join(root, "packages", dir, "src"))) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name: string; private?: boolean };
    if (!pkg.private) names.push(pkg.name);
  }
  return names.sort();
}

it("pnpm run docs builds the API reference with no warnings, a page per package", { timeout: 300_000 }, () => {
  // The root script is this command (pnpm run docs / npm run docs); here with a temporary --out.
  const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts;
  expect(scripts.docs).toBe("node tools/docs/build.mjs");
  const run = spawnSync(process.execPath, [join(root, "tools", "docs", "build.mjs"), "--out", out], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  const warnings = output.split("\n").filter((l) => /\[(warning|error)\]/.test(l));
  expect(warnings, output).toEqual([]);
  expect(run.status, output).toBe(0);
  const packages = publicPackageNames();
  expect(packages.length).toBeGreaterThanOrEqual(13);
  for (const name of packages) {
    expect(output).toContain(`${name}: `);
    const page = join(out, "modules", `${name.replace(/[@/]/g, "_")}.html`);
    expect(existsSync(page), `${name}: ${page}`).toBe(true);
  }
  const index = readFileSync(join(out, "index.html"), "utf8");
  expect(index).toContain("@tss/marshal");
  // A package's page opens with its README, and lists its exports with their doc comments.
  const marshalPage = readFileSync(join(out, "modules", "_tss_marshal.html"), "utf8").replace(/<[^>]*>/g, "");
  expect(marshalPage).toContain("npm install @tss/marshal");
  expect(marshalPage).toContain("TssError");
  expect(output).toMatch(/API reference: \d+ packages in .*; 0 warning\(s\)\/error\(s\)/);
});

it("a package with an undocumented function and method fails the build, naming both", { timeout: 120_000 }, () => {
  const fixtures = join(root, "tools", "reg", "test", "fixtures", "api-docs");
  const run = spawnSync(
    process.execPath,
    [join(root, "tools", "docs", "build.mjs"), "--out", join(out, "fixture"), "--packages", fixtures],
    { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.status, output).toBe(1);
  const warnings = output.split("\n").filter((l) => l.includes("does not have any documentation"));
  expect(warnings.join("\n"), output).toContain("undocumentedFunction");
  expect(warnings.join("\n"), output).toContain("undocumentedMethod");
  expect(warnings.join("\n")).not.toContain("documentedFunction,");
  expect(warnings).toHaveLength(2);
});
