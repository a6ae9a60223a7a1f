// npm run bench: every benchmark, each in its own process pinned with swtpm to CPU 0.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const benches = ["getrandom.mjs", "sessions.mjs"];
const pin = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
if (!pin) console.log("(taskset is not available: running unpinned, figures will be noisier)");
let failed = 0;
for (const b of benches) {
  const cmd = pin ? ["taskset", "-c", "0", process.execPath, join(here, b)] : [process.execPath, join(here, b)];
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: "inherit" });
  if (r.status !== 0) failed++;
  console.log();
}
process.exit(failed ? 1 : 0);
