// npm run bench: every benchmark, each in its own process pinned with swtpm to CPU 0.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// table.mjs: issue 13's table (floor, tpm2-pytss, tss on each crypto plugin) and RSS growth;
// it takes the command line's options (node tools/bench/run.mjs --memory-full, --rounds 9, ...).
// getrandom.mjs and sessions.mjs (issue 5's figures) still run on their own.
// crypto-ops.mjs: each crypto plugin's primitives in µs per call, and the await tax.
// cli.mjs: the CLI's start, importing @tss/marshal (marshal-import.mjs, which also runs on its own
// with variants of the bundle), and a 200-line script as tss batch / processes / IBM's.
// examples/web/bench.mjs: GetRandom and HMAC-session commands per second measured in headless Chromium.
const benches = [
  ["table.mjs", ...process.argv.slice(2)],
  ["crypto-ops.mjs"],
  ["cli.mjs"],
  ["../../examples/web/bench.mjs"],
];
const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
if (!pin) console.log("(taskset is not available: running unpinned, figures will be noisier)");
let failed = 0;
for (const b of benches) {
  const [file, ...args] = Array.isArray(b) ? b : [b];
  const node = [process.execPath, join(here, file), ...args];
  const cmd = pin ? ["taskset", "-c", "0", ...node] : node;
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit" });
  if (r.status !== 0) failed++;
  console.log();
}
process.exit(failed ? 1 : 0);
