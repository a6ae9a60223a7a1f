#!/usr/bin/env node
/**
 * The full seeded fuzz run of @tss/marshal against its build (dist), over every
 * type and every response schema (test/support/fuzz-core.mjs has the oracle).
 *
 *   node packages/marshal/scripts/fuzz.mjs --inputs 1000000 --seed 1 [--workers 2]
 *        [--time-bound 250] [--watchdog 20] [--build] [--json out.json] [--self-test]
 *
 * Each worker thread runs inputs/workers inputs from seed `seed * 1000 + w`. A
 * watchdog in the main thread ends a worker whose input counter has not moved for
 * `--watchdog` seconds and reports the input it was on (a hang). Exit code 1 on
 * any failure. `--self-test` adds two planted targets (one throws a TypeError, one
 * never returns) to show that the oracle and the watchdog report them.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { loadMarshal, parseArgs } from "./common.mjs";

const MAX_INPUT = 1 << 16;

if (isMainThread) {
  const opts = parseArgs({
    inputs: 1_000_000,
    seed: 1,
    workers: Math.min(2, availableParallelism()),
    timeBound: 250,
    watchdog: 20,
    build: false,
    json: "",
    selfTest: false,
  });
  if (opts.build) await loadMarshal({ build: true });
  else await loadMarshal(); // fails early, with a hint, when dist is missing
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: opts.workers }, (_, w) => {
      const inputs = Math.floor(opts.inputs / opts.workers) + (w < opts.inputs % opts.workers ? 1 : 0);
      const args = { inputs, seed: opts.seed * 1000 + w, timeBound: opts.timeBound, selfTest: opts.selfTest };
      return runWorker(args, opts.watchdog, w);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const total = {
    inputs: 0,
    accepted: 0,
    rejected: {},
    byKind: {},
    writeInputs: 0,
    writeRejected: 0,
    pauses: 0,
    failures: [],
    slowest: { ms: 0 },
  };
  for (const r of results) {
    total.inputs += r.inputs;
    total.accepted += r.accepted;
    total.writeInputs += r.writeInputs;
    total.writeRejected += r.writeRejected;
    total.pauses += r.pauses;
    for (const [k, n] of Object.entries(r.rejected)) total.rejected[k] = (total.rejected[k] ?? 0) + n;
    for (const [k, n] of Object.entries(r.byKind)) total.byKind[k] = (total.byKind[k] ?? 0) + n;
    total.failures.push(...r.failures);
    if (r.slowest.ms > total.slowest.ms) total.slowest = r.slowest;
  }
  console.log(
    `fuzz: ${total.inputs} inputs, seed ${opts.seed} (${opts.workers} worker(s), seeds ${results.map((r) => r.seed).join(", ")})`,
  );
  console.log(
    `  targets: ${results[0]?.targets} (every type of ALL_TYPES, every response schema with 0, 1, 2 sessions)`,
  );
  console.log(`  time: ${seconds.toFixed(1)} s (${Math.round(total.inputs / seconds)} inputs/s)`);
  console.log(`  by kind: ${JSON.stringify(total.byKind)}`);
  console.log(`  unmarshal: ${total.accepted} accepted, rejected with MarshalError ${JSON.stringify(total.rejected)}`);
  console.log(`  damaged values marshalled: ${total.writeInputs} (${total.writeRejected} rejected with MarshalError)`);
  console.log(
    `  slowest input: ${total.slowest.ms.toFixed(2)} ms (${total.slowest.target}, ${total.slowest.kind}); runtime pauses over the bound, not repeatable: ${total.pauses}`,
  );
  console.log(`  failures: ${total.failures.length}`);
  for (const f of total.failures)
    console.log(`  - ${f.target}: ${f.kind} (${f.note})\n    ${f.error}\n    input ${f.input ?? "-"}`);
  if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ opts, seconds, total }, null, 2)}\n`);
  process.exit(total.failures.length > 0 ? 1 : 0);
} else {
  const M = await loadMarshal();
  const { fuzzTargets, runFuzz } = await import("../test/support/fuzz-core.mjs");
  const { inputs, seed, timeBound, shared, selfTest } = workerData;
  const counter = new Int32Array(shared, 0, 4);
  const inputView = new Uint8Array(shared, 16);
  const targets = fuzzTargets(M);
  if (selfTest) {
    let calls = 0;
    targets.unshift(
      {
        name: "self-test: throws a TypeError",
        sample: (rng) => ({ bytes: rng.bytes(8) }),
        parse(b) {
          if (b.length > 4 && b[0] > 0xe0) throw new TypeError("planted");
        },
      },
      {
        name: "self-test: never returns",
        sample: (rng) => ({ bytes: rng.bytes(8) }),
        parse() {
          if (++calls === 8) for (;;);
        },
      },
    );
  }
  const index = new Map(targets.map((t, i) => [t.name, i]));
  parentPort.postMessage({ type: "names", names: targets.map((t) => t.name) });
  const stats = runFuzz(M, {
    inputs,
    seed,
    timeBoundMs: timeBound,
    targets,
    onInput(name, bytes) {
      counter[1] = index.get(name) ?? -1;
      counter[2] = bytes.length;
      inputView.set(bytes.subarray(0, MAX_INPUT));
      Atomics.add(counter, 0, 1);
    },
  });
  parentPort.postMessage({ type: "done", stats: { ...stats, seed } });
}

/** Runs one worker under the watchdog; resolves with its stats (a hang becomes a failure). */
function runWorker(args, watchdogSeconds, w) {
  const shared = new SharedArrayBuffer(16 + MAX_INPUT);
  const counter = new Int32Array(shared, 0, 4);
  const worker = new Worker(new URL(import.meta.url), { workerData: { ...args, shared } });
  return new Promise((resolve, reject) => {
    let names = [];
    let last = -1;
    let still = 0;
    const timer = setInterval(() => {
      const now = Atomics.load(counter, 0);
      if (now !== last) {
        last = now;
        still = 0;
        return;
      }
      if (++still < watchdogSeconds) return;
      clearInterval(timer);
      const n = Math.min(counter[2], MAX_INPUT);
      const bytes = new Uint8Array(shared, 16, n);
      const input = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      worker.terminate();
      resolve({
        seed: args.seed,
        inputs: now,
        targets: 0,
        accepted: 0,
        rejected: {},
        byKind: {},
        writeInputs: 0,
        writeRejected: 0,
        pauses: 0,
        slowest: { ms: 0 },
        failures: [
          {
            target: names[counter[1]] ?? `target #${counter[1]}`,
            kind: `hang: no progress for ${watchdogSeconds} s`,
            input,
            error: "",
            note: `worker ${w}, seed ${args.seed}, input ${now}`,
          },
        ],
      });
    }, 1000);
    worker.on("message", (msg) => {
      if (msg.type === "names") {
        names = msg.names;
        return;
      }
      clearInterval(timer);
      resolve(msg.stats);
    });
    worker.once("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}
