// The table of issue 13, in one run: per-command times (medians of rounds, the
// columns measured in turn inside each round so background load hits them alike)
// for the MS-sim floor (a bare socket round trip), tpm2-pytss (ESAPI over libtss2)
// and tss on each crypto plugin, each client on its own swtpm, everything pinned
// to CPU 0 by run.mjs. Then the ratios the targets of issue 13 use (x floor,
// x the same command without a session, x faster than tpm2-pytss), swtpm's own
// CPU time per salted StartAuthSession + FlushContext (from /proc/<pid>/task/*/schedstat
// over the timed iterations), and RSS growth over long GetRandom and HMAC-session runs.
//
//   node tools/bench/table.mjs [--rounds 7] [--iterations 2000] [--slow-iterations 200]
//                              [--memory | --memory-full | --no-memory] [--no-pytss]
//                              [--pairs 60] [--pair-size 100]
//
// TSS_BENCH_ROOT=<dir> takes @tss/tss and the crypto plugins from <dir>/packages/*/dist
// (an older build, for before/after comparisons); @tss/marshal and the transport stay.
import { spawn, spawnSync } from "node:child_process";
import { createECDH } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { COMMANDS, marshalCommand } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { formatPairedRatio, pairedRatio } from "./paired-ratio.mjs";
import { median, openRawFloor } from "./raw-floor.mjs";
import { openSessionFloor } from "./session-floor.mjs";
import { processCpuUs, tssColumn } from "./tss-column.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const { values: opt } = parseArgs({
  options: {
    rounds: { type: "string", default: process.env.BENCH_ROUNDS ?? "7" },
    iterations: { type: "string", default: "2000" },
    "slow-iterations": { type: "string", default: "200" },
    memory: { type: "boolean", default: false },
    "memory-full": { type: "boolean", default: false },
    "no-memory": { type: "boolean", default: false },
    "no-pytss": { type: "boolean", default: false },
    pairs: { type: "string", default: "60" },
    "pair-size": { type: "string", default: "100" },
    "memory-child": { type: "string" },
    "memory-counts": { type: "string" },
  },
});
const rounds = Number(opt.rounds);
const iterations = Number(opt.iterations);
const slowIterations = Number(opt["slow-iterations"]);
const root = process.env.TSS_BENCH_ROOT;

async function load(pkg) {
  const file = join(root ?? repo, "packages", pkg, "dist", "index.js");
  if (!existsSync(file)) return undefined;
  return import(pathToFileURL(file).href);
}

/** The rows: [key, label, slow]. */
const ROWS = [
  ["getrandom_none", "GetRandom, no session", false],
  ["getrandom_hmac", "GetRandom, HMAC session, audit+encrypt", false],
  ["nvread_pw", "NV_Read 64 B, password session (no HMAC session)", false],
  ["nvread_salted", "NV_Read 64 B, salted session, response encryption", false],
  ["salted_start_flush", "salted StartAuthSession (ECC P-256) + FlushContext", true],
  ["sign_ecc", "Sign, ECC P-256", true],
  ["createprimary_flush", "CreatePrimary ECC P-256 + FlushContext", true],
];

/**
 * The floor column: GetRandom as raw MS-sim frames, and GetRandom in an HMAC
 * session with audit+encrypt written by hand on node:crypto (session-floor.mjs):
 * the least any node:crypto client can spend on that row.
 */
async function floorColumn() {
  const tpm = await startSwtpm({ cpu: 0 });
  const raw = await openRawFloor(tpm.host, tpm.port);
  const session = await openSessionFloor(tpm.host, tpm.port, raw);
  const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
  return {
    ops: { getrandom_none: () => raw.roundTrip(command), getrandom_hmac: () => session.op() },
    pid: tpm.pid,
    async close() {
      await raw.close();
      await tpm.stop();
    },
  };
}

/** node:crypto's ephemeral ECDH on P-256 (a fresh key pair and Z), microseconds per call: median of 7 x 200. */
function ecdhFloorUs() {
  const peer = createECDH("prime256v1");
  const point = peer.generateKeys();
  // One ECDH object reused, as @tss/crypto-node does: generateKeys() makes a fresh key pair each time.
  const ephemeral = createECDH("prime256v1");
  const xs = [];
  for (let r = 0; r < 8; r++) {
    const t = performance.now();
    for (let i = 0; i < 200; i++) {
      ephemeral.generateKeys();
      ephemeral.computeSecret(point);
    }
    if (r > 0) xs.push(((performance.now() - t) * 1000) / 200);
  }
  return median(xs);
}

/** Microseconds per call of `n` sequential calls. */
async function timeIt(fn, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) * 1000) / n;
}

async function plugins() {
  const found = [];
  for (const [name, pkg, factory] of [
    ["forge", "crypto-forge", "createForgeCrypto"],
    ["webcrypto", "crypto-webcrypto", "createWebCrypto"],
    ["node", "crypto-node", "createCrypto"],
  ]) {
    const mod = await load(pkg);
    if (mod?.[factory] ?? mod?.createCrypto) found.push([name, (mod[factory] ?? mod.createCrypto)()]);
    else found.push([name, undefined]);
  }
  return found;
}

/** Child mode: RSS growth of `calls` GetRandom, then `hmacCalls` HMAC-session calls, on one plugin. */
async function memoryChild(pluginName, [calls, hmacCalls]) {
  const { createTss } = await load("tss");
  const crypto = (await plugins()).find(([n]) => n === pluginName)?.[1];
  const col = await tssColumn(createTss, crypto);
  const usage = () => {
    globalThis.gc?.();
    globalThis.gc?.();
    return process.memoryUsage();
  };
  // Warm-up: RSS climbs to a plateau over the first ~10,000 session calls (native
  // buffers, V8 pages kept) without the heap growing; growth is measured from there.
  // A later step of RSS that matches the heapTotal delta is V8 enlarging its young
  // generation once under the allocation rate (heap used stays flat), not a leak:
  // with the semi-space size fixed (--min-semi-space-size=16 --max-semi-space-size=16)
  // RSS stays within about 2 MB from 50,000 to 400,000 HMAC-session calls.
  for (let i = 0; i < 2000; i++) await col.ops.getrandom_none();
  for (let i = 0; i < 10_000; i++) await col.ops.getrandom_hmac();
  const u0 = usage();
  for (let i = 0; i < calls; i++) await col.ops.getrandom_none();
  const u1 = usage();
  for (let i = 0; i < hmacCalls; i++) await col.ops.getrandom_hmac();
  const u2 = usage();
  await col.close();
  console.log(
    JSON.stringify({
      plain: u1.rss - u0.rss,
      hmac: u2.rss - u1.rss,
      rss: u2.rss,
      heapPlain: u1.heapUsed - u0.heapUsed,
      heapHmac: u2.heapUsed - u1.heapUsed,
      reservedPlain: u1.heapTotal - u0.heapTotal,
      reservedHmac: u2.heapTotal - u1.heapTotal,
    }),
  );
}

if (opt["memory-child"]) {
  await memoryChild(opt["memory-child"], opt["memory-counts"].split(",").map(Number));
  process.exit(0);
}

const { createTss } = await load("tss");
const columns = [];
const notes = [];
columns.push({ name: "floor (MS-sim)", col: await floorColumn() });
const found = await plugins();
for (const [name, crypto] of found) {
  if (crypto === undefined) {
    notes.push(`tss / ${name}: skipped (@tss/crypto-${name} is not built in ${root ?? repo})`);
    continue;
  }
  columns.push({ name: `tss / ${name}`, col: await tssColumn(createTss, crypto) });
}
const cells = new Map(); // `${row}|${column}` -> [us per call]
/** The rows whose swtpm CPU time is measured: `${row}|${column}` -> { us, calls } summed over the rounds. */
const SWTPM_CPU_ROWS = new Set([
  "getrandom_none",
  "getrandom_hmac",
  "nvread_pw",
  "nvread_salted",
  "salted_start_flush",
]);
const swtpmCpu = new Map();
// Warm-up: one short pass of everything.
for (const [row, , slow] of ROWS)
  for (const { col } of columns) if (col.ops[row]) await timeIt(col.ops[row], slow ? 20 : 200);
for (let r = 0; r < rounds; r++) {
  for (const [row, , slow] of ROWS) {
    for (const { name, col } of columns) {
      if (!col.ops[row]) continue;
      const n = slow ? slowIterations : iterations;
      const k = `${row}|${name}`;
      const cpu0 = SWTPM_CPU_ROWS.has(row) && col.pid ? processCpuUs(col.pid) : undefined;
      const us = await timeIt(col.ops[row], n);
      if (cpu0 !== undefined) {
        const sum = swtpmCpu.get(k) ?? { us: 0, calls: 0 };
        swtpmCpu.set(k, { us: sum.us + processCpuUs(col.pid) - cpu0, calls: sum.calls + n });
      }
      cells.set(k, [...(cells.get(k) ?? []), us]);
    }
  }
}
// The ratios of the targets again, as pairs of short blocks (a b b a) back to back:
// each pair sees the machine at one speed (paired-ratio.mjs).
const pairing = { pairs: Number(opt.pairs), size: Number(opt["pair-size"]) };
const paired = new Map(); // `${label}|${column}` -> pairedRatio's result
const floorOps = columns[0].col.ops;
for (const { name, col } of columns.slice(1)) {
  const o = col.ops;
  paired.set(`none|${name}`, await pairedRatio(floorOps.getrandom_none, o.getrandom_none, pairing));
  paired.set(`hmac|${name}`, await pairedRatio(o.getrandom_none, o.getrandom_hmac, pairing));
  paired.set(`nvread|${name}`, await pairedRatio(o.nvread_pw, o.nvread_salted, pairing));
}
paired.set("floor", await pairedRatio(floorOps.getrandom_none, floorOps.getrandom_hmac, pairing));
for (const { col } of columns) await col.close();

// tpm2-pytss, on its own swtpm (control port = port + 1), after the node rounds.
const pytssCol = "tpm2-pytss (ESAPI)";
let havePytss = false;
if (opt["no-pytss"]) notes.push("tpm2-pytss: skipped (--no-pytss)");
else if (spawnSync("/usr/bin/python3", ["-c", "import tpm2_pytss"]).status !== 0) {
  notes.push("tpm2-pytss: skipped (/usr/bin/python3 has no tpm2_pytss; apt-get install python3-tpm2-pytss)");
} else {
  const tpm = await startSwtpm({ cpu: 0, adjacentPorts: true });
  const args = [
    join(here, "pytss_table.py"),
    String(tpm.port),
    String(rounds),
    String(iterations),
    String(slowIterations),
  ];
  const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
  const py = spawnSync(pin ? "taskset" : "/usr/bin/python3", pin ? ["-c", "0", "/usr/bin/python3", ...args] : args, {
    encoding: "utf8",
  });
  await tpm.stop();
  for (const line of py.stdout.split("\n")) {
    const m = /^row (\S+) ([\d.]+)/.exec(line);
    if (m) {
      cells.set(`${m[1]}|${pytssCol}`, [Number(m[2])]);
      havePytss = true;
    }
  }
  if (py.status !== 0) notes.push(`tpm2-pytss failed: ${py.stderr.trim().split("\n").pop()}`);
}

const names = [columns[0].name, ...(havePytss ? [pytssCol] : []), ...columns.slice(1).map((c) => c.name)];
const cell = (row, name) => {
  const xs = cells.get(`${row}|${name}`);
  return xs === undefined ? undefined : median(xs);
};
const fmt = (x) =>
  x === undefined ? "" : x >= 1000 ? x.toLocaleString("en-US", { maximumFractionDigits: 0 }) : x.toFixed(1);
console.log(
  `Per command, microseconds (medians of ${rounds} rounds x ${iterations} iterations, ${slowIterations} for the slow rows; each client on its own swtpm)${root ? `  [packages from ${root}]` : ""}`,
);
console.log(`| per command, us | ${names.join(" | ")} |`);
console.log(`|---|${names.map(() => "---").join("|")}|`);
for (const [row, label] of ROWS) console.log(`| ${label} | ${names.map((n) => fmt(cell(row, n))).join(" | ")} |`);

// swtpm's own CPU time per call of the rows measured for it, printed as a row of its own.
const swtpmCpuOf = (row, name) => {
  const m = swtpmCpu.get(`${row}|${name}`);
  return m?.calls ? m.us / m.calls : undefined;
};
// swtpm's CPU per call of the rows measured for it, and what is left of the time per
// call for the client (socket, kernel, the stack, crypto): time per call minus swtpm's CPU.
console.log(`\nswtpm's own CPU time per call, and the rest of the time per call (the client's side), us`);
const cpuNames = names.filter((n) => [...SWTPM_CPU_ROWS].some((row) => swtpmCpuOf(row, n) !== undefined));
console.log(`| row | ${cpuNames.map((n) => `${n}: swtpm | ${n}: rest`).join(" | ")} |`);
console.log(`|---|${cpuNames.map(() => "---|---").join("|")}|`);
for (const [row, label] of ROWS) {
  if (!SWTPM_CPU_ROWS.has(row)) continue;
  const parts = cpuNames.map((n) => {
    const c = swtpmCpuOf(row, n);
    const t = cell(row, n);
    return `${fmt(c)} | ${c === undefined || t === undefined ? "" : fmt(t - c)}`;
  });
  console.log(`| ${label} | ${parts.join(" | ")} |`);
}

// The ratios the targets of issue 13 use, one column per plugin.
const floor = cell("getrandom_none", names[0]);
const plugins_ = columns.slice(1).map((c) => c.name);
const ratio = (a, b, digits = 2) => (a === undefined || b === undefined ? "" : `${(a / b).toFixed(digits)}x`);
const faster = (row, name) => (havePytss ? ratio(cell(row, pytssCol), cell(row, name), 1) : "");
const sessionFloor = cell("getrandom_hmac", names[0]);
const ratioRows = [
  [
    "GetRandom, no session: x the MS-sim floor",
    (n) => ratio(cell("getrandom_none", n), floor),
    "<= 1.15x, every plugin",
  ],
  [
    "GetRandom, HMAC session audit+encrypt: x the hand-written node:crypto session (floor column)",
    (n) => ratio(cell("getrandom_hmac", n), sessionFloor),
    "(no target: how far the session path is from the least a node:crypto client can do)",
  ],
  [
    "GetRandom, HMAC session audit+encrypt: x GetRandom with no session",
    (n) => ratio(cell("getrandom_hmac", n), cell("getrandom_none", n)),
    "node <= 2x",
  ],
  [
    "NV_Read salted, response encryption: x NV_Read with a password session",
    (n) => ratio(cell("nvread_salted", n), cell("nvread_pw", n)),
    "node <= 2x",
  ],
  [
    "GetRandom, HMAC session audit+encrypt: x faster than tpm2-pytss",
    (n) => faster("getrandom_hmac", n),
    "node >= 40x, forge >= 25x, webcrypto >= 15x",
  ],
  [
    "NV_Read salted, response encryption: x faster than tpm2-pytss",
    (n) => faster("nvread_salted", n),
    "node >= 40x, forge >= 25x, webcrypto >= 15x",
  ],
  [
    "salted StartAuthSession + FlushContext: x faster than tpm2-pytss",
    (n) => faster("salted_start_flush", n),
    "forge, webcrypto > 1x",
  ],
  [
    "salted StartAuthSession + FlushContext: us over swtpm's own CPU time",
    (n) => {
      const t = cell("salted_start_flush", n);
      const c = swtpmCpuOf("salted_start_flush", n);
      return t === undefined || c === undefined ? "" : (t - c).toFixed(0);
    },
    "node <= 150",
  ],
];
// What no node:crypto client can go below: the hand-written session against the
// floor without a session, and node:crypto's own ECDH of a salted start.
console.log(
  `\nThe floor column's HMAC-session row is GetRandom with audit+encrypt written by hand on node:crypto (session-floor.mjs): ${ratio(sessionFloor, floor)} the floor without a session, ${ratio(sessionFloor, cell("getrandom_none", "tss / node"))} tss / node's GetRandom without a session.`,
);
console.log(
  `node:crypto's ECDH alone, as a salted StartAuthSession needs it (generateKeys and computeSecret on P-256), in this process: ${ecdhFloorUs().toFixed(0)} us per start.`,
);
console.log(`\nRatios (targets of issue 13)\n| ratio | ${plugins_.join(" | ")} | target |`);
console.log(`|---|${plugins_.map(() => "---").join("|")}|---|`);
for (const [label, f, target] of ratioRows) console.log(`| ${label} | ${plugins_.map(f).join(" | ")} | ${target} |`);
// The same ratios round by round: both rows of a ratio are measured in the same
// round, seconds apart, so a change of the machine's speed between rounds (this
// machine's moved by up to 1.9x within an hour) moves both. The spread says how
// far one run's figure can be trusted.
const perRound = (rowA, nameA, rowB, nameB) => {
  const a = cells.get(`${rowA}|${nameA}`);
  const b = cells.get(`${rowB}|${nameB}`);
  if (a === undefined || b === undefined || a.length !== b.length) return "";
  const xs = a.map((x, i) => x / b[i]);
  return `${median(xs).toFixed(2)}x [${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}]`;
};
const perRoundRows = [
  ["GetRandom, no session: x the MS-sim floor", (n) => perRound("getrandom_none", n, "getrandom_none", names[0])],
  [
    "GetRandom, HMAC session audit+encrypt: x GetRandom with no session",
    (n) => perRound("getrandom_hmac", n, "getrandom_none", n),
  ],
  [
    "NV_Read salted, response encryption: x NV_Read with a password session",
    (n) => perRound("nvread_salted", n, "nvread_pw", n),
  ],
  [
    "(the floor column) hand-written HMAC session: x the floor without a session",
    () => perRound("getrandom_hmac", names[0], "getrandom_none", names[0]),
  ],
];
console.log(
  `\nThe same ratios round by round: median [min-max] of ${rounds} rounds\n| ratio | ${plugins_.join(" | ")} |`,
);
console.log(`|---|${plugins_.map(() => "---").join("|")}|`);
for (const [label, f] of perRoundRows) console.log(`| ${label} | ${plugins_.map(f).join(" | ")} |`);
const pairedOf = (key) => (paired.has(key) ? formatPairedRatio(paired.get(key)) : "");
const pairedRows = [
  ["GetRandom, no session: x the MS-sim floor", (n) => pairedOf(`none|${n}`), "<= 1.15x, every plugin"],
  ["GetRandom, HMAC session audit+encrypt: x GetRandom with no session", (n) => pairedOf(`hmac|${n}`), "node <= 2x"],
  [
    "NV_Read salted, response encryption: x NV_Read with a password session",
    (n) => pairedOf(`nvread|${n}`),
    "node <= 2x",
  ],
  ["(the floor column) hand-written HMAC session: x the floor without a session", () => pairedOf("floor"), ""],
];
console.log(
  `\nThe same ratios as pairs of blocks back to back (a b b a, ${pairing.pairs} pairs of ${pairing.size} calls per block): median [10th-90th percentile] of the pairs\n| ratio | ${plugins_.join(" | ")} | target |`,
);
console.log(`|---|${plugins_.map(() => "---").join("|")}|---|`);
for (const [label, f, target] of pairedRows) console.log(`| ${label} | ${plugins_.map(f).join(" | ")} | ${target} |`);
for (const n of notes) console.log(`  note: ${n}`);

// Memory: in a child process per plugin (node --expose-gc), so one column's heap does not count for another.
if (!opt["no-memory"]) {
  const full = opt["memory-full"];
  const counts = full ? [1_000_000, 200_000] : opt.memory ? [200_000, 50_000] : [50_000, 10_000];
  console.log(
    `\nRSS growth over ${counts[0].toLocaleString("en-US")} GetRandom and ${counts[1].toLocaleString("en-US")} HMAC-session calls` +
      (full ? "" : " (the issue's counts, 1,000,000 and 200,000: --memory-full)") +
      ":",
  );
  // Each plugin twice: with V8's defaults, and with the young generation's size fixed
  // (16 MB semi-spaces). V8 sizes the young generation to the allocation rate, and the
  // forced collections of the measurement shrink it again, so with the defaults the
  // HMAC phase shows a one-time step of up to 16 MB of heapTotal while heap used stays
  // flat; the fixed run is the figure for a leak.
  const variants = [
    ["V8 defaults", []],
    ["young generation fixed", ["--min-semi-space-size=16", "--max-semi-space-size=16"]],
  ];
  for (const [name, crypto] of found) {
    if (crypto === undefined) continue;
    for (const [variant, flags] of variants) {
      const child = spawn(
        process.execPath,
        [
          "--expose-gc",
          ...flags,
          fileURLToPath(import.meta.url),
          "--memory-child",
          name,
          "--memory-counts",
          counts.join(","),
        ],
        { stdio: ["ignore", "pipe", "inherit"], env: process.env },
      );
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      const code = await new Promise((r) => child.on("close", r));
      const m = code === 0 ? JSON.parse(out.trim().split("\n").pop()) : undefined;
      const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
      console.log(
        m
          ? `  tss / ${name} (${variant}): GetRandom ${mb(m.plain)}, HMAC session ${mb(m.hmac)} (final RSS ${mb(m.rss)}; target < 5 MB); heap used ${mb(m.heapPlain)}, ${mb(m.heapHmac)}; heap reserved by V8 (heapTotal) ${mb(m.reservedPlain)}, ${mb(m.reservedHmac)}`
          : `  tss / ${name} (${variant}): failed (exit ${code})`,
      );
    }
  }
}
