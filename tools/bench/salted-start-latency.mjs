// The latency of a salted StartAuthSession (ECC P-256) + FlushContext when the TPM
// takes time to answer, as a hardware TPM or a TPM across a network does: swtpm
// behind a transport that holds every response back by --delay-ms (1 ms: a
// discrete TPM's GetCapability is of that order). @tss/tss makes the salt (the
// ECDH) while the TPM answers the handle snapshot it takes before every
// StartAuthSession, so the ECDH no longer adds to the start's latency when the
// TPM is slower than it.
//
// Per crypto plugin, milliseconds per start + flush (median of rounds, the two
// kinds in turn): unsalted (three round trips: the snapshot, the start, the flush),
// salted, what the salt adds to the latency (salted - unsalted), and the plugin's
// ECDH alone (what the salt would add if it were made before the snapshot is sent).
//
//   node tools/bench/salted-start-latency.mjs [--delay-ms 1] [--rounds 7] [--iterations 50]
//   TSS_PACKAGES=/tmp/ab/base node tools/bench/salted-start-latency.mjs   # another build of tss
//
// TSS_PACKAGES: as in session-cpu.mjs (built copies from copy-packages.sh); the
// forge and webcrypto plugins come from the workspace either way.
import { createECDH } from "node:crypto";
import { parseArgs } from "node:util";
import { TPM_RH } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { median } from "./raw-floor.mjs";
import { createStorageKey, startHmacSession } from "./tss-column.mjs";

const { values: opt } = parseArgs({
  options: {
    "delay-ms": { type: "string", default: "1" },
    rounds: { type: "string", default: "7" },
    iterations: { type: "string", default: "50" },
  },
});
const delayMs = Number(opt["delay-ms"]);
const rounds = Number(opt.rounds);
const iterations = Number(opt.iterations);
const root = process.env.TSS_PACKAGES;
const load = (name, file) => import(root ? `${root}/${name}/dist/${file}` : `@tss/${name}`);
const { createTss } = await load("tss", "node.js");
const { createNodeCrypto } = await load("crypto-node", "index.js");
const { MssimTransport } = await load("transport-mssim", "index.js");
const { createForgeCrypto } = await import("@tss/crypto-forge");
const { createWebCrypto } = await import("@tss/crypto-webcrypto");

/**
 * A transport whose every response arrives `ms` after its command was sent (or
 * when swtpm answers, if later): the TPM's time to answer, counted from the send
 * as a TPM's would be, whatever the client does meanwhile. The wait polls the
 * event loop (setImmediate) for sub-millisecond precision, so this process and
 * swtpm are not pinned to one CPU here: each has a core.
 */
function slowTransport(inner, ms) {
  const until = (due, value) =>
    new Promise((resolve) => {
      const poll = () => (performance.now() >= due ? resolve(value) : setImmediate(poll));
      poll();
    });
  return {
    send(command, options) {
      const due = performance.now() + ms;
      return inner.send(command, options).then((r) => until(due, r));
    },
    close: () => inner.close(),
  };
}

/** Milliseconds of one plugin's ECDH as a salted start needs it (a fresh key pair and Z on P-256): median of 5 x 20. */
async function ecdhMs(crypto) {
  const peer = createECDH("prime256v1").generateKeys();
  const point = { x: new Uint8Array(peer.subarray(1, 33)), y: new Uint8Array(peer.subarray(33)) };
  for (let i = 0; i < 5; i++) await crypto.ecdhEphemeral(3, point);
  const xs = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < 20; i++) await crypto.ecdhEphemeral(3, point);
    xs.push((performance.now() - t) / 20);
  }
  return median(xs);
}

const plugins = [
  ["node", createNodeCrypto()],
  ["forge", createForgeCrypto()],
  ["webcrypto", createWebCrypto()],
];
console.log(
  `salted StartAuthSession (ECC P-256) + FlushContext, every response held back ${delayMs} ms; ms per start (median of ${rounds} x ${iterations})${root ? `  [tss from ${root}]` : ""}`,
);
console.log("| plugin | unsalted start + flush | salted start + flush | the salt adds | ECDH alone |");
console.log("|---|---|---|---|---|");
for (const [name, crypto] of plugins) {
  const tpm = await startSwtpm();
  const tss = createTss({
    transport: slowTransport(new MssimTransport({ host: tpm.host, port: tpm.port }), delayMs),
    crypto,
  });
  try {
    const saltKey = await createStorageKey(tss);
    const startFlush = async (tpmKey) => {
      const { sessionHandle } = await startHmacSession(tss, tpmKey);
      await tss.flushContext({ flushHandle: sessionHandle });
    };
    const timed = { unsalted: [], salted: [], adds: [] };
    for (const key of [TPM_RH.NULL, saltKey]) for (let i = 0; i < 5; i++) await startFlush(key);
    const msPer = async (tpmKey) => {
      const t = performance.now();
      for (let i = 0; i < iterations; i++) await startFlush(tpmKey);
      return (performance.now() - t) / iterations;
    };
    for (let r = 0; r < rounds; r++) {
      const unsalted = await msPer(TPM_RH.NULL);
      const salted = await msPer(saltKey);
      timed.unsalted.push(unsalted);
      timed.salted.push(salted);
      timed.adds.push(salted - unsalted);
    }
    const ecdh = await ecdhMs(crypto);
    const f = (xs) => median(xs).toFixed(3);
    console.log(`| ${name} | ${f(timed.unsalted)} | ${f(timed.salted)} | ${f(timed.adds)} | ${ecdh.toFixed(3)} |`);
  } finally {
    await tss.close();
    await tpm.stop();
  }
}
