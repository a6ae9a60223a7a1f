#!/usr/bin/env node
// The README's commands: `npm run demo`, `npm run web`, `npm test`, `npm run bench`.
// Each installs what is missing (pnpm, dependencies, swtpm and the cross-check
// tools), builds, then runs its job. Idempotent; quick when all is there.
// Node built-ins only: this runs before any dependency is installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const job = process.argv[2] ?? "test";
const PNPM_VERSION = "12.4.2";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function step(msg) {
  console.log(`\x1b[36m==>\x1b[0m ${msg}`);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  return r.status ?? 1;
}
function ok(cmd, args) {
  return spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
}
function must(cmd, args, what) {
  if (run(cmd, args) !== 0) {
    console.error(`setup: ${what} failed (${cmd} ${args.join(" ")})`);
    process.exit(1);
  }
}

// 1. Node
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`setup: Node >= 20.19 is needed, this is ${process.versions.node}`);
  process.exit(1);
}

// 2. pnpm
const pnpmVersion = spawnSync("pnpm", ["--version"], { encoding: "utf8" }).stdout?.trim();
if (!pnpmVersion?.startsWith("12.")) {
  step(`installing pnpm@${PNPM_VERSION}`);
  if (run("npm", ["install", "-g", `pnpm@${PNPM_VERSION}`]) !== 0) {
    console.error(`setup: could not install pnpm; run: npm install -g pnpm@${PNPM_VERSION}`);
    process.exit(1);
  }
}

// 3. System packages: swtpm for every job; the cross-check tools for tests.
const system = [
  { pkg: "swtpm", has: () => ok("swtpm", ["--version"]) },
  { pkg: "swtpm-tools", has: () => ok("swtpm_setup", ["--help"]) },
];
if (job === "test" || job === "bench") {
  system.push(
    { pkg: "tpm2-tools", has: () => ok("tpm2_getrandom", ["--version"]) },
    { pkg: "python3-tpm2-pytss", has: () => ok("/usr/bin/python3", ["-c", "import tpm2_pytss"]) },
    { pkg: "socat", has: () => ok("socat", ["-V"]) },
    // IBM's TSS utilities (tss<utility>, 1.4.5): the CLI's file and flag cross-checks.
    { pkg: "tss2", has: () => existsSync("/usr/bin/tssreturncode") },
  );
}
if (job === "test" || job === "bench") {
  // Debian's Chromium: the examples/web test and bench drive it headless (puppeteer-core; no browser download).
  system.push({ pkg: "chromium", has: () => existsSync("/usr/bin/chromium") });
}
const missing = system.filter((s) => !s.has()).map((s) => s.pkg);
if (missing.length) {
  if (isRoot && ok("apt-get", ["--version"])) {
    step(`installing ${missing.join(" ")} with apt-get`);
    process.env.DEBIAN_FRONTEND = "noninteractive";
    must("apt-get", ["update", "-qq"], "apt-get update");
    must("apt-get", ["install", "-y", "-qq", ...missing], "apt-get install");
  } else {
    console.error(`setup: please install these Debian packages first: sudo apt-get install -y ${missing.join(" ")}`);
    process.exit(1);
  }
}

// 4. Dependencies (only when the lockfile or a manifest is newer than the install).
const marker = join(root, "node_modules", ".modules.yaml");
const newest = ["pnpm-lock.yaml", "package.json", "pnpm-workspace.yaml"]
  .map((f) => join(root, f))
  .filter(existsSync)
  .map((f) => statSync(f).mtimeMs)
  .reduce((a, b) => Math.max(a, b), 0);
if (!existsSync(marker) || statSync(marker).mtimeMs < newest) {
  step("installing dependencies (pnpm install)");
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  must("pnpm", ["install", ...frozen], "pnpm install");
}

// 5. Build (turbo caches it).
step("building packages");
must("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], "build");

// 6. The job.
if (job === "demo") {
  step("running the signapp demo against a fresh swtpm");
  process.exit(run("node", ["examples/signapp/signapp.mjs"]));
}
if (job === "web") {
  step("starting swtpm and the guarded WebSocket proxy serving examples/web");
  process.exit(run("node", ["examples/web/serve.mjs"]));
}
if (job === "bench") {
  step("running benchmarks");
  process.exit(run("node", ["tools/bench/run.mjs", ...process.argv.slice(3)]));
}
if (job === "test") {
  mkdirSync(join(root, ".reg-results"), { recursive: true });
  step("typechecking");
  const typecheck = run("pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only"]);
  step("linting (biome)");
  const lint = run("pnpm", ["exec", "biome", "check", "--diagnostic-level=error", "."]);
  step("running every test (vitest, all projects)");
  const out = join(root, ".reg-results", "vitest.json");
  const vitest = run("pnpm", [
    "exec",
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const matrix = new Map();
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, "utf8"));
    for (const file of report.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        const label = /\[([^\]]+ x [^\]]+ x [^\]]+)\]/.exec(t.fullName ?? "")?.[1];
        const cell = label ? (matrix.get(label) ?? { passed: 0, failed: 0, skipped: 0 }) : undefined;
        if (t.status === "passed") {
          passed++;
          if (cell) cell.passed++;
        } else if (t.status === "failed") {
          failed++;
          if (cell) cell.failed++;
        } else {
          skipped++;
          if (cell) cell.skipped++;
        }
        if (cell) matrix.set(label, cell);
      }
      // A file that failed to load has no assertions: count it as one failure.
      if ((file.assertionResults ?? []).length === 0 && file.status === "failed") failed++;
    }
  } else {
    failed++;
  }
  // A short fault-injection soak (the long one: node tools/reg/soak.mjs --seconds 600).
  step("fault-injection soak (10 s; node tools/reg/soak.mjs for a long run)");
  const soak = run("node", ["tools/reg/soak.mjs", "--seconds", "10", "--restart-every", "4"]);
  for (const gate of [typecheck, lint, soak]) {
    if (gate === 0) passed++;
    else failed++;
  }
  if (matrix.size) {
    console.log("\nPlugin matrix (transport x crypto x store): passed / failed / skipped");
    for (const [label, c] of [...matrix].sort())
      console.log(`  ${label.padEnd(40)} ${c.passed} / ${c.failed} / ${c.skipped}`);
  }
  console.log(
    `\ntypecheck: ${typecheck === 0 ? "passed" : "FAILED"}; lint: ${lint === 0 ? "passed" : "FAILED"}; vitest exit code ${vitest}`,
  );
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed === 0 && vitest === 0 ? 0 : 1);
}
console.error(`setup: unknown job ${job} (demo, web, test, bench)`);
process.exit(2);
