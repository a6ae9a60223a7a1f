// Per-operation cost of each crypto plugin's primitives (issue 13): hash, hmac,
// aesCfb, rsaOaepEncrypt and ecdhEphemeral on forge, WebCrypto and node:crypto,
// in µs per call (median of rounds, the plugins measured in turn inside each
// round). Then the cost of awaiting an already-resolved promise per call, the
// price the async Crypto contract adds to a synchronous primitive: what widening
// the contract to `T | Promise<T>` could save.
//
//   node tools/bench/crypto-ops.mjs [--rounds 7] [--scale 1]
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { median } from "./raw-floor.mjs";

const { values: opt } = parseArgs({
  options: { rounds: { type: "string", default: "7" }, scale: { type: "string", default: "1" } },
});
const rounds = Number(opt.rounds);
const scale = Number(opt.scale);
const plugins = [
  ["forge", createForgeCrypto()],
  ["webcrypto", createWebCrypto()],
  ["node", createNodeCrypto()],
];

const node = createNodeCrypto();
const bytes = (n, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
// A 2048-bit RSA modulus and a P-256 point, made once. The keys are asked for as DER and
// read back with createPublicKey: exporting a KeyObject straight from generateKeyPairSync can
// deadlock Node 20 (see scripts/vitest-keygen-setup.ts).
const { createPublicKey, generateKeyPairSync } = await import("node:crypto");
const publicJwk = (type, options) => {
  const { publicKey } = generateKeyPairSync(type, {
    ...options,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "der" },
  });
  return createPublicKey({ key: publicKey, format: "der", type: "spki" }).export({ format: "jwk" });
};
const rsaJwk = publicJwk("rsa", { modulusLength: 2048 });
const rsa = { n: new Uint8Array(Buffer.from(rsaJwk.n, "base64url")), e: 65537 };
const ecJwk = publicJwk("ec", { namedCurve: "P-256" });
const peer = {
  x: new Uint8Array(Buffer.from(ecJwk.x, "base64url")),
  y: new Uint8Array(Buffer.from(ecJwk.y, "base64url")),
};
const data64 = bytes(64);
const key32 = bytes(32, 7);
const key16 = bytes(16, 9);
const iv = bytes(16, 3);
const label = new TextEncoder().encode("SECRET\0");

/** Each operation: a name, calls per round (scaled), and the call. */
const ops = [
  ["hash SHA-256 (64 B)", 2000, (c) => c.hash(TPM_ALG_ID.SHA256, data64)],
  ["hmac SHA-256 (32 B key, 64 B)", 2000, (c) => c.hmac(TPM_ALG_ID.SHA256, key32, data64)],
  ["aesCfb AES-128 (64 B)", 2000, (c) => c.aesCfb(true, key16, iv, data64)],
  ["rsaOaepEncrypt 2048 SHA-256 (32 B)", 200, (c) => c.rsaOaepEncrypt(rsa, TPM_ALG_ID.SHA256, label, key32)],
  ["ecdhEphemeral P-256", 100, (c) => c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, peer)],
];

async function timeIt(n, f) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

console.log(
  `Crypto plugin primitives, µs per call (median of ${rounds} rounds; Node ${process.versions.node}, OpenSSL ${process.versions.openssl})`,
);
console.log(["operation".padEnd(36), ...plugins.map(([n]) => n.padStart(10))].join(""));
for (const [name, count, call] of ops) {
  const n = Math.max(1, Math.round(count * scale));
  const samples = plugins.map(() => []);
  for (const [, c] of plugins) await timeIt(Math.ceil(n / 10), () => call(c)); // warm-up
  for (let r = 0; r < rounds; r++)
    for (const [i, [, c]] of plugins.entries()) samples[i].push(await timeIt(n, () => call(c)));
  console.log([name.padEnd(36), ...samples.map((s) => median(s).toFixed(1).padStart(10))].join(""));
}

// The await tax: a synchronous SHA-256 (what node:crypto's hash is underneath)
// called directly, the same awaited as a plain value, the same wrapped in an
// async function and awaited (what the contract makes every plugin do), and
// the bare cost of awaiting an already-resolved promise.
const n = Math.round(20000 * scale);
const syncHash = () => new Uint8Array(createHash("sha256").update(data64).digest());
const asyncHash = async () => syncHash();
const resolved = Promise.resolve(data64);
const rows = { direct: [], awaitValue: [], awaitAsync: [], awaitResolved: [], plugin: [] };
for (let r = 0; r < rounds; r++) {
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) syncHash();
  rows.direct.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await syncHash();
  rows.awaitValue.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await asyncHash();
  rows.awaitAsync.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await resolved;
  rows.awaitResolved.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await node.hash(TPM_ALG_ID.SHA256, data64);
  rows.plugin.push(Number(process.hrtime.bigint() - t0) / 1000 / n);
}
console.log();
console.log(`The cost of the async contract, µs per call (median of ${rounds} rounds of ${n})`);
const show = (label, s) => console.log(`${label.padEnd(58)}${median(s).toFixed(3).padStart(10)}`);
show("SHA-256 (64 B) called synchronously", rows.direct);
show("  the same, awaited as a plain value (T | Promise<T>)", rows.awaitValue);
show("  the same, from an async function, awaited (Promise<T>)", rows.awaitAsync);
show("  node plugin's hash(), awaited", rows.plugin);
show("await of an already-resolved promise alone", rows.awaitResolved);
