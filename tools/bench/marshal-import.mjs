// The cost of `import "@tss/marshal"` under Node (issue 13: at most 10 ms over `node -e 0`).
//
// In-process: each target is imported by a fresh `node` running import-probe.mjs, which
// records performance.now() around `await import(target)`; the targets take turns, run by run, and each row is
// the median of its runs. Targets: the package by name (resolving its "exports"),
// its Node bundle by path, a tiny ESM file (the floor of any import), and any
// --variant name=path (another build of the bundle, to compare).
// Whole process: `node -e 0` (A), `node --input-type=module -e 'await import("@tss/marshal")'` (B),
// the same with the tiny file (C) and with a tiny package by name (D: one line behind an
// "exports" map shaped like marshal's) in turns (A B C D A B C D ...), the medians of each and
// of the differences run by run: C - A is what any ESM import from -e costs, D - A what any
// package import by name costs (Node's resolver and its "exports" handling on top of C), and
// B - D what @tss/marshal itself adds.
// The process pins itself (and so its children) to one CPU with taskset when it can.
//
//   node tools/bench/marshal-import.mjs [--runs 40] [--cpu 0] [--variant name=path ...]
// cli.mjs (npm run bench) calls measureMarshalImport() for its import row.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const BUNDLE = join(here, "..", "..", "packages", "marshal", "dist", "node", "index.js");
const SPECIFIER = "@tss/marshal";
// Resolves specifiers as a module of tools/bench would (the package by name through its "exports").
const PROBE = join(here, "import-probe.mjs");

/** The value at quantile q (0..1) of xs, nearest rank. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Median, 25th and 75th percentile of xs. */
function summary(xs) {
  return { median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75), n: xs.length };
}

/** Pins this process (all its threads, and so the children it spawns) to one CPU; false when taskset is missing or fails. */
export function pinToCpu(cpu = 0) {
  const r = spawnSync("taskset", ["-a", "-cp", String(cpu), String(process.pid)], { stdio: "ignore" });
  return r.status === 0;
}

/** Runs node with args in cwd; its wall time in ms and its stdout, or throws with its output when it fails. */
function runNode(args, cwd) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return { ms, stdout: r.stdout };
}

/** The ms that one fresh node spends in `await import(specifier)` (resolved from `probe`'s folder). */
function importTime(specifier, cwd, probe = PROBE) {
  const { stdout } = runNode([probe, specifier], cwd);
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`import ${specifier}: unexpected output ${JSON.stringify(stdout)}`);
  return ms;
}

/**
 * Measures the import cost of @tss/marshal: `{ runs, inProcess: [{ label, median, p25, p75 }],
 * variantVsBundle: [...], wholeProcess: { floor, marshal, tiny, delta, tinyDelta, variants } }`
 * (each { median, p25, p75, n }, ms). variants: [{ label, path }] of other builds to import by
 * path beside the bundle, in process and as whole processes.
 */
export function measureMarshalImport({ runs = 40, variants = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tss-bench-import-"));
  try {
    const tiny = join(dir, "tiny.mjs");
    writeFileSync(tiny, "export const tiny = 1;\n");
    // A tiny package, resolved by name from `dir` (a probe of its own there, and -e runs in it).
    const TINY_PACKAGE = "tss-import-floor";
    const tinyPackage = join(dir, "node_modules", TINY_PACKAGE);
    mkdirSync(tinyPackage, { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(join(tinyPackage, "index.js"), "export const tiny = 1;\n");
    writeFileSync(
      join(tinyPackage, "package.json"),
      `${JSON.stringify({
        name: TINY_PACKAGE,
        type: "module",
        exports: { ".": { types: "./index.d.ts", node: "./index.js", default: "./index.js" } },
      })}\n`,
    );
    const dirProbe = join(dir, "import-probe.mjs");
    copyFileSync(PROBE, dirProbe);
    const targets = [
      { label: `import "${SPECIFIER}"`, specifier: SPECIFIER },
      { label: "import dist/node/index.js (path)", specifier: pathToFileURL(BUNDLE).href },
      ...variants.map((v) => ({ label: `import ${v.label} (path)`, specifier: pathToFileURL(resolve(v.path)).href })),
      { label: "import a tiny ESM file", specifier: pathToFileURL(tiny).href },
      { label: "import a tiny package by name", specifier: TINY_PACKAGE, probe: dirProbe },
    ];
    const time = (t) => importTime(t.specifier, here, t.probe);
    // Warm-up (file cache), then the targets take turns.
    for (const t of targets) time(t);
    const inMs = targets.map(() => []);
    for (let i = 0; i < runs; i++) for (const [j, t] of targets.entries()) inMs[j].push(time(t));

    // A: node -e 0, B: the package, C: a tiny ESM file the same way (the ESM loader's own share of B - A).
    const floorArgs = ["-e", "0"];
    const esm = (specifier) => ["--input-type=module", "-e", `await import(${JSON.stringify(specifier)})`];
    // Then each variant the same way.
    const variantUrls = variants.map((v) => pathToFileURL(resolve(v.path)).href);
    // [args, cwd]: the tiny package's import runs in `dir`, where it resolves.
    const specs = [
      [floorArgs, here],
      [esm(SPECIFIER), here],
      [esm(pathToFileURL(tiny).href), here],
      [esm(TINY_PACKAGE), dir],
      ...variantUrls.map((u) => [esm(u), here]),
    ];
    for (const [args, cwd] of specs) runNode(args, cwd);
    const ms = specs.map(() => []);
    const dMarshal = [];
    const dTiny = [];
    const dTinyPackage = [];
    const dMarshalOverPackage = [];
    const dVariants = variants.map(() => []);
    for (let i = 0; i < runs; i++) {
      const [x, y, z, pkg, ...vs] = specs.map(([args, cwd], j) => {
        const t = runNode(args, cwd).ms;
        ms[j].push(t);
        return t;
      });
      dMarshal.push(y - x);
      dTiny.push(z - x);
      dTinyPackage.push(pkg - x);
      dMarshalOverPackage.push(y - pkg);
      for (const [k, v] of vs.entries()) dVariants[k].push(v - x);
    }
    return {
      runs,
      inProcess: targets.map((t, j) => ({ label: t.label, ...summary(inMs[j]) })),
      // Each variant's in-process time minus the bundle's, run by run.
      variantVsBundle: variants.map((v, k) => ({
        label: v.label,
        ...summary(inMs[2 + k].map((x, i) => x - inMs[1][i])),
      })),
      wholeProcess: {
        floor: summary(ms[0]),
        marshal: summary(ms[1]),
        tiny: summary(ms[2]),
        tinyPackage: summary(ms[3]),
        delta: summary(dMarshal),
        tinyDelta: summary(dTiny),
        tinyPackageDelta: summary(dTinyPackage),
        marshalOverPackage: summary(dMarshalOverPackage),
        variants: variants.map((v, k) => ({ label: v.label, total: summary(ms[4 + k]), delta: summary(dVariants[k]) })),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const f = (x) => x.toFixed(1).padStart(7);
/** Prints the result of measureMarshalImport as a table. */
export function printMarshalImport(r) {
  console.log(
    `Importing @tss/marshal under Node ${process.versions.node}, ms (median [p25 p75] of ${r.runs} fresh processes)`,
  );
  for (const row of r.inProcess)
    console.log(`  ${row.label.padEnd(46)} ${f(row.median)}  [${f(row.p25)} ${f(row.p75)}]`);
  const w = r.wholeProcess;
  const row = (label, x, note = "") =>
    console.log(`  ${label.padEnd(46)} ${f(x.median)}  [${f(x.p25)} ${f(x.p75)}]${note}`);
  console.log("  whole process, in turns (A B C D A B C D ...):");
  row("A node -e 0", w.floor);
  row(`B node -e 'await import("${SPECIFIER}")'`, w.marshal);
  row("C node -e 'await import(tiny ESM file)'", w.tiny);
  row("D node -e 'await import(tiny package)'", w.tinyPackage);
  row("B - A, pair by pair", w.delta, "  (issue 13's target: at most 10 ms)");
  row("C - A, pair by pair", w.tinyDelta, "  (any ESM import from -e)");
  row("D - A, pair by pair", w.tinyPackageDelta, "  (any package import by name)");
  row("B - D, pair by pair", w.marshalOverPackage, "  (what @tss/marshal itself adds)");
  for (const v of w.variants) {
    row(`${v.label}: node -e 'await import(path)'`, v.total);
    row(`${v.label} - A, pair by pair`, v.delta);
  }
  for (const v of r.variantVsBundle) row(`in-process: ${v.label} - dist/node, pair by pair`, v);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let runs = 40;
  let cpu = 0;
  const variants = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--runs") runs = Number(args[++i]);
    else if (a === "--cpu") cpu = Number(args[++i]);
    else if (a === "--variant") {
      const v = args[++i] ?? "";
      const eq = v.indexOf("=");
      if (eq <= 0) throw new Error(`--variant name=path, not ${JSON.stringify(v)}`);
      variants.push({ label: v.slice(0, eq), path: v.slice(eq + 1) });
    } else {
      console.error("usage: node tools/bench/marshal-import.mjs [--runs N] [--cpu N] [--variant name=path ...]");
      process.exit(1);
    }
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs: a positive integer");
  if (!pinToCpu(cpu)) console.log("(taskset is not available: running unpinned, figures will be noisier)");
  printMarshalImport(measureMarshalImport({ runs, variants }));
}
