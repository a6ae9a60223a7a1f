// The CLI's figures of issue 13 (npm run bench): the start of one call
// (`tss returncode -rc 0`) and of importing @tss/marshal beside `node -e 0` and
// IBM's `tssreturncode`, and a 200-line script of getrandom / pcrread / nvread
// and sign (both with an HMAC session) as `tss batch`, as 200 processes of ours,
// and as 200 of Debian's IBM utilities (/usr/bin/tss<utility>), on one swtpm.
// Wall-clock medians; run pinned by run.mjs (children inherit the CPU set).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSwtpm } from "@tss/reg";
import { measureMarshalImport, printMarshalImport } from "./marshal-import.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const TSS = join(here, "..", "..", "packages", "cli", "dist", "bin", "tss.js");
const runs = 15;
const lines = 200;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a command; its wall time in ms, or throws with its output when it fails. */
function timed(cmd, args, options = {}) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return ms;
}

/** Each command's median wall time; the commands take turns, run by run, so that drift of the machine's speed touches them alike. */
function startRows(specs) {
  for (const s of specs) timed(s.cmd, s.args, s.options);
  const ms = specs.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, s] of specs.entries()) ms[j].push(timed(s.cmd, s.args, s.options));
  }
  return specs.map((s, j) => ({ label: s.label, ms: median(ms[j]) }));
}

const haveIbm = spawnSync("/usr/bin/tssreturncode", ["0"], { stdio: "ignore" }).status === 0;
const rows = startRows([
  { label: "node -e 0", cmd: process.execPath, args: ["-e", "0"] },
  { label: "tss returncode -rc 0", cmd: process.execPath, args: [TSS, "returncode", "-rc", "0"] },
  ...(haveIbm ? [{ label: "IBM tssreturncode 0", cmd: "/usr/bin/tssreturncode", args: ["0"] }] : []),
]);
const floor = rows[0].ms;
console.log(`CLI start, wall ms (medians of ${runs} runs)`);
for (const r of rows)
  console.log(
    `  ${r.label.padEnd(28)} ${r.ms.toFixed(1).padStart(8)}  ${(r.ms / floor).toFixed(2)}x node -e 0  ${`${r.ms >= floor ? "+" : ""}${(r.ms - floor).toFixed(1)}`.padStart(7)} ms`,
  );
// Importing @tss/marshal: marshal-import.mjs (also runs on its own, with variants of the bundle).
console.log();
printMarshalImport(measureMarshalImport({ runs: 40 }));

// The 200-line script on one swtpm.
const tpm = await startSwtpm({ cpu: 0 });
const dir = mkdtempSync(join(tmpdir(), "tss-bench-cli-"));
try {
  const ibmDir = join(dir, ".ibm");
  mkdirSync(ibmDir);
  const env = {
    PATH: process.env.PATH,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: tpm.host,
    TPM_SERVER_TYPE: "mssim",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_DATA_DIR: dir,
    TPM_SESSION_ENCKEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  };
  const ibmEnv = { ...env, TPM_SERVER_TYPE: "raw", TPM_DATA_DIR: ibmDir };
  const ours = (...args) => spawnSync(process.execPath, [TSS, ...args], { env, cwd: dir, encoding: "utf8" });
  const must = (r) => {
    if (r.status !== 0) throw new Error(`set-up failed: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const handle = (out) => /Handle ([0-9a-f]{8})/.exec(out)[1];
  writeFileSync(join(dir, "msg.bin"), "message to sign");
  const key = handle(must(ours("createprimary", "-hi", "o", "-si", "-ecc", "nistp256", "-pwdk", "sig")));
  must(ours("nvdefinespace", "-ha", "01500010", "-hi", "o", "-sz", "8", "-pwdn", "nnn"));
  must(ours("nvwrite", "-ha", "01500010", "-ic", "abcdefgh", "-pwdn", "nnn"));

  /** The script's lines for a session handle. */
  const script = (session) => {
    const out = [];
    for (let _i = 0; out.length < lines; _i++) {
      out.push("getrandom -by 16", "pcrread -ha 16", `nvread -ha 01500010 -sz 8 -pwdn nnn -se0 ${session} 1`);
      out.push(`sign -hk ${key} -ecc -if msg.bin -os sig.bin -pwdk sig -se0 ${session} 1`);
    }
    return out.slice(0, lines);
  };
  const words = (line) => line.split(" ");

  const results = [];
  // tss batch: one process.
  let s = handle(must(ours("startauthsession", "-se", "h")));
  writeFileSync(join(dir, "script.txt"), `${script(s).join("\n")}\n`);
  results.push([
    "tss batch (1 process)",
    timed(
      process.execPath,
      [
        ...(process.env.TSS_BENCH_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.TSS_BENCH_PROF}`] : []),
        TSS,
        "batch",
        "script.txt",
      ],
      { env, cwd: dir },
    ),
  ]);
  must(ours("flushcontext", "-ha", s));
  // 200 processes of ours.
  // TSS_BENCH_PROF=dir: a CPU profile of the batch run in dir, and nothing after it.
  if (process.env.TSS_BENCH_PROF) process.exit(0);
  s = handle(must(ours("startauthsession", "-se", "h")));
  let t = performance.now();
  for (const line of script(s)) timed(process.execPath, [TSS, ...words(line)], { env, cwd: dir });
  results.push([`tss, ${lines} processes`, performance.now() - t]);
  must(ours("flushcontext", "-ha", s));
  // 200 of IBM's.
  if (haveIbm) {
    const ibm = (u, ...a) => spawnSync(`/usr/bin/tss${u}`, a, { env: ibmEnv, cwd: dir, encoding: "utf8" });
    // IBM's utilities keep the Names of the index and the key in their own TPM_DATA_DIR.
    must(ibm("nvreadpublic", "-ha", "01500010"));
    must(ibm("readpublic", "-ho", key));
    s = handle(must(ibm("startauthsession", "-se", "h")));
    t = performance.now();
    for (const line of script(s)) {
      const [u, ...a] = words(line);
      timed(`/usr/bin/tss${u}`, a, { env: ibmEnv, cwd: dir });
    }
    results.push([`IBM tss<utility>, ${lines} processes`, performance.now() - t]);
    must(ibm("flushcontext", "-ha", s));
  } else console.log("(IBM TSS utilities not installed: apt-get install tss2)");
  const batch = results[0][1];
  console.log(`\n${lines}-line script (getrandom, pcrread, nvread and sign with an HMAC session), wall ms`);
  for (const [label, ms] of results)
    console.log(
      `  ${label.padEnd(34)} ${ms.toFixed(0).padStart(8)}  ${(ms / lines).toFixed(2).padStart(7)} per line  ${(ms / batch).toFixed(1)}x batch`,
    );
} finally {
  await tpm.stop();
  rmSync(dir, { recursive: true, force: true });
}
