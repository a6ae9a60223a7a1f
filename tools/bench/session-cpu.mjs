// Per-command cost of the session path, split by process: wall time, swtpm's own
// CPU (from /proc/<pid>/task/*/schedstat) and this process's CPU
// (process.cpuUsage), per op, for
//   none        GetRandom(16), no session
//   hmac        GetRandom(16), unsalted HMAC session, continueSession|encrypt|audit
//   floor       the same by hand (session-floor.mjs: fixed offsets, node:crypto one-shots)
//   nvread      NV_Read 64 B, salted HMAC session (ECC), response encryption
//   start       salted StartAuthSession (ECC P-256) + FlushContext (not in the default rows)
// on one swtpm pinned to CPU 0 (the floor on its own swtpm: swtpm serves one
// connection at a time).
//
//   node tools/bench/session-cpu.mjs                   # every row, 20000 ops each
//   ROWS=none,hmac,nvread N=5000 node tools/bench/session-cpu.mjs
//   TSS_PACKAGES=/tmp/copy node tools/bench/session-cpu.mjs
//
// TSS_PACKAGES: a folder holding built copies of marshal, session, tss,
// crypto-node and transport-mssim (each <name>/dist), to compare two builds A/B
// in turn; without it the workspace packages are used. Prints one line per row,
// and with JSON=1 one JSON object at the end.
import { startSwtpm } from "@tss/reg";
import { openRawFloor } from "./raw-floor.mjs";
import { openSessionFloor } from "./session-floor.mjs";
import { processCpuUs, tssColumn } from "./tss-column.mjs";

const root = process.env.TSS_PACKAGES;
const load = (name, file) => import(root ? `${root}/${name}/dist/${file}` : `@tss/${name}`);
const { createTss } = await load("tss", "node.js");
const { createNodeCrypto } = await load("crypto-node", "index.js");
const { MssimTransport } = await load("transport-mssim", "index.js");
const selfCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const N = Number(process.env.N ?? 20000);
const WARM = Math.min(2000, N);
const rows = (process.env.ROWS ?? "none,hmac,nvread,none,hmac,nvread,floor").split(",");
const results = {};

/** Times `op` N times after WARM warm-up calls; prints and records one row. */
async function measure(name, pid, op) {
  for (let i = 0; i < WARM; i++) await op();
  const c0 = processCpuUs(pid);
  const m0 = selfCpu();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await op();
  const wall = ((performance.now() - t0) * 1000) / N;
  const swtpm = (processCpuUs(pid) - c0) / N;
  const node = (selfCpu() - m0) / N;
  results[name] ??= [];
  results[name].push({ wall, swtpm, node });
  console.log(
    `${name.padEnd(7)} wall ${wall.toFixed(1).padStart(6)} µs  swtpm ${swtpm.toFixed(1).padStart(5)} µs  node ${node.toFixed(1).padStart(5)} µs`,
  );
}

const tssRows = rows.filter((r) => r !== "floor");
if (tssRows.length) {
  // The bench table's own tss column (tss-column.mjs): the same objects and commands.
  const col = await tssColumn(createTss, createNodeCrypto(), { MssimTransport });
  const ops = {
    none: col.ops.getrandom_none,
    hmac: col.ops.getrandom_hmac,
    nvread: col.ops.nvread_salted,
    start: col.ops.salted_start_flush,
  };
  for (const r of tssRows) {
    if (!ops[r]) throw new Error(`unknown row ${r} (none, hmac, floor, nvread, start)`);
    await measure(r, col.pid, ops[r]);
  }
  await col.close();
}
if (rows.includes("floor")) {
  const tpm = await startSwtpm({ cpu: 0 });
  const raw = await openRawFloor(tpm.host, tpm.port);
  const s = await openSessionFloor(tpm.host, tpm.port, raw);
  for (const r of rows) if (r === "floor") await measure("floor", tpm.pid, () => s.op());
  await s.close();
  await raw.close();
  await tpm.stop();
}
if (process.env.JSON === "1") console.log(JSON.stringify(results));
