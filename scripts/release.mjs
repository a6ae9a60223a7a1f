#!/usr/bin/env node
// `pnpm release`: version, build, check and publish every public package (packages/*).
//
//   pnpm release                     changeset version, build + pack, check the tarballs, pnpm publish -r
//   pnpm release --dry-run           build + pack, check the tarballs, pnpm publish -r --dry-run
//                                    (no version change, nothing published: what CI runs)
//   pnpm release --registry <url>    publish to another registry (the tests use a private one)
//
// "Build + pack": every package is packed in dependency order, and its prepack makes a
// clean build (dist removed, tsc) first. "Check the tarballs": the
// tarball must hold package.json, README.md, LICENSE and every file its exports and bin
// name, no source map, no "@tss/source" condition and no "workspace:" range; then
// publint --strict and are-the-types-wrong (profile esm-only) must pass on it.
// Exit code 0 only when every step passed. Node built-ins only (plus the tools installed
// by pnpm install: changeset, publint, attw).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const registryAt = args.indexOf("--registry");
const registry = registryAt >= 0 ? args[registryAt + 1] : undefined;
if (registryAt >= 0 && !registry?.startsWith("http")) fail("--registry needs a URL");
for (const [i, a] of args.entries()) {
  if (a !== "--dry-run" && a !== "--registry" && !(i === registryAt + 1 && registryAt >= 0)) {
    fail(`unknown argument ${a} (use --dry-run, --registry <url>)`);
  }
}
const bin = (name) => join(root, "node_modules", ".bin", name);
const regBin = (name) => join(root, "tools", "reg", "node_modules", ".bin", name);

function fail(msg) {
  console.error(`release: ${msg}`);
  process.exit(1);
}
function step(msg) {
  console.log(`\x1b[36m==>\x1b[0m ${msg}`);
}
function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: "inherit", ...opts });
  if (r.status !== 0) fail(`${cmd} ${cmdArgs.join(" ")} failed (exit ${r.status ?? r.signal})`);
  return r;
}

/** The public packages: packages/<folder> with a package.json that is not private. */
function publicPackages() {
  const dir = join(root, "packages");
  return readdirSync(dir)
    .filter((f) => existsSync(join(dir, f, "package.json")))
    .map((f) => ({ folder: f, dir: join(dir, f), pkg: JSON.parse(readFileSync(join(dir, f, "package.json"), "utf8")) }))
    .filter((p) => !p.pkg.private);
}

/**
 * The packages ordered so that each comes after every public package it depends on
 * (dependencies, devDependencies, peerDependencies): its prepack build then finds their
 * dist folders built.
 */
function inBuildOrder(packages) {
  const byName = new Map(packages.map((p) => [p.pkg.name, p]));
  const done = new Set();
  const out = [];
  const visit = (p, path) => {
    if (done.has(p.pkg.name)) return;
    if (path.includes(p.pkg.name)) fail(`dependency cycle: ${[...path, p.pkg.name].join(" -> ")}`);
    const deps = { ...p.pkg.dependencies, ...p.pkg.devDependencies, ...p.pkg.peerDependencies };
    for (const name of Object.keys(deps)) {
      const dep = byName.get(name);
      if (dep) visit(dep, [...path, p.pkg.name]);
    }
    done.add(p.pkg.name);
    out.push(p);
  };
  for (const p of packages) visit(p, []);
  return out;
}

/** Every file path a manifest's exports and bin name. */
function namedFiles(manifest) {
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string") out.add(v.replace(/^\.\//, ""));
    else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  return [...out];
}

/** Packs one package into `dest` (its prepack makes a clean build); returns the tarball's path. */
function pack(p, dest) {
  const before = new Set(readdirSync(dest));
  run("pnpm", ["pack", "--pack-destination", dest], { cwd: p.dir, stdio: ["ignore", "ignore", "inherit"] });
  const tgz = readdirSync(dest).find((f) => !before.has(f) && f.endsWith(".tgz"));
  if (!tgz) fail(`${p.pkg.name}: pnpm pack made no tarball`);
  return join(dest, tgz);
}

/** Runs a command without blocking; resolves with its exit code and output. */
function spawnAsync(cmd, cmdArgs) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", (e) => resolvePromise({ status: 1, out: String(e) }));
    child.on("close", (status) => resolvePromise({ status, out }));
  });
}

/** Checks one tarball: contents, manifest, publint --strict, attw esm-only. Returns the problems. */
async function checkTarball(name, file) {
  const problems = [];
  const list = spawnSync("tar", ["-tzf", file], { encoding: "utf8", maxBuffer: 64 << 20 }).stdout.split("\n");
  const files = new Set(list.filter(Boolean).map((f) => f.replace(/^package\//, "")));
  const manifest = JSON.parse(spawnSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" }).stdout);
  for (const need of ["package.json", "README.md", "LICENSE", ...namedFiles(manifest)]) {
    if (!files.has(need)) problems.push(`${name}: the tarball has no ${need}`);
  }
  for (const f of files) if (f.endsWith(".map")) problems.push(`${name}: the tarball ships a source map ${f}`);
  const text = JSON.stringify(manifest);
  if (text.includes("@tss/source")) problems.push(`${name}: the packed exports keep the @tss/source condition`);
  if (text.includes("workspace:")) problems.push(`${name}: the packed manifest keeps a workspace: range`);
  const [publint, attw] = await Promise.all([
    spawnAsync(regBin("publint"), ["run", file, "--strict"]),
    spawnAsync(regBin("attw"), [file, "--profile", "esm-only", "--format", "ascii", "--no-color"]),
  ]);
  if (publint.status !== 0) problems.push(`${name}: publint --strict:\n${publint.out}`);
  if (attw.status !== 0) problems.push(`${name}: are-the-types-wrong (esm-only):\n${attw.out}`);
  console.log(
    `  ${basename(file)}: ${files.size} files${problems.length ? `, ${problems.length} problem(s)` : ", clean"}`,
  );
  for (const x of problems) console.log(`    ${x}`);
  return problems;
}

if (dryRun) {
  step("dry run: no `changeset version` (versions stay as they are)");
} else {
  step("changeset version");
  run(bin("changeset"), ["version"]);
}

const packages = inBuildOrder(publicPackages());
step(
  `building, packing and checking ${packages.length} packages in dependency order (contents, publint --strict, attw --profile esm-only)`,
);
const dest = mkdtempSync(join(tmpdir(), "tss-release-"));
const problems = [];
try {
  // Each tarball is checked while the next package builds (publint and attw take a
  // second or two each); at most two checks run at a time.
  const running = new Set();
  const checks = [];
  for (const p of packages) {
    const file = pack(p, dest);
    while (running.size >= 2) await Promise.race(running);
    const check = checkTarball(p.pkg.name, file);
    running.add(check);
    check.finally(() => running.delete(check));
    checks.push(check);
  }
  for (const found of await Promise.all(checks)) problems.push(...found);
} finally {
  rmSync(dest, { recursive: true, force: true });
}
if (problems.length) fail(`the tarballs are not ready:\n${problems.join("\n")}`);

step(dryRun ? "pnpm publish -r --dry-run" : "pnpm publish -r");
run("pnpm", [
  "publish",
  "-r",
  "--filter=./packages/*",
  "--access",
  "public",
  "--no-git-checks",
  // The tarballs were just packed (clean builds) and checked: no second prepack.
  "--ignore-scripts",
  ...(dryRun ? ["--dry-run"] : []),
  ...(registry ? ["--registry", registry] : []),
]);
step(dryRun ? "dry run passed: every tarball is ready" : "published");
