// The session path's own CPU per command, without a socket or a simulator (whose
// noise, on a shared machine, hides differences of a microsecond): @tss/tss on
// @tss/crypto-node over an in-process transport that answers as the TPM would,
// for GetRandom(16) in an unsalted, unbound HMAC session (SHA-256, AES-128-CFB,
// continueSession|encrypt|audit). Every response HMAC is still verified by the
// TSS, the random bytes decrypted and the audit digest extended.
//
// To make the answer cost nothing, both nonces are fixed (the crypto's
// randomBytes returns 0x07 octets; the "TPM" always returns 0x09 octets): the
// command is then the same every time and its response is computed once; a
// command that differed would not verify against it and the TSS would throw.
// CHECK=1 runs with real nonces instead, the "TPM" checking every command HMAC
// and answering each command anew (slow; it proves the byte layout).
//
// ROW=none measures GetRandom(16) without a session instead (the plain path: the
// TSS's own marshalling, queue and unmarshalling, with no crypto at all).
//
//   node tools/bench/session-inprocess.mjs             # 6 rounds of 10000 commands
//   N=20000 R=10 TSS_PACKAGES=/tmp/copy node tools/bench/session-inprocess.mjs
//   ROW=none N=200000 R=5 node tools/bench/session-inprocess.mjs
//   CRYPTO=webcrypto [NOSYNC=1] node tools/bench/session-inprocess.mjs
//
// TSS_PACKAGES: as in session-cpu.mjs (built copies to compare A/B in turn).
// Prints µs of this process's CPU per command, each round, then the minimum and median.
import { createCipheriv, createHmac, hash, randomBytes } from "node:crypto";

const root = process.env.TSS_PACKAGES;
const load = (name, file) => import(root ? `${root}/${name}/dist/${file}` : `@tss/${name}`);
const { createTss } = await load("tss", "node.js");
// CRYPTO=forge or webcrypto runs the TSS on that plugin;
// NOSYNC=1 takes its sync facet away (every per-command step then awaits a promise).
const PLUGINS = {
  node: ["crypto-node", "createNodeCrypto"],
  forge: ["crypto-forge", "createForgeCrypto"],
  webcrypto: ["crypto-webcrypto", "createWebCrypto"],
};
const [pluginPackage, pluginFactory] = PLUGINS[process.env.CRYPTO ?? "node"] ?? [];
if (!pluginPackage) throw new Error(`CRYPTO=node, forge or webcrypto, not ${process.env.CRYPTO}`);
const createPluginCrypto = (await load(pluginPackage, "index.js"))[pluginFactory];
const { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION } = await load("marshal", "node/index.js");

const CHECK = process.env.CHECK === "1";
const ROW = process.env.ROW ?? "hmac";
if (ROW !== "hmac" && ROW !== "none") throw new Error(`ROW=hmac or ROW=none, not ${ROW}`);
const CC_GET_CAPABILITY = 0x17a;
const CC_START_AUTH_SESSION = 0x176;
const CC_GET_RANDOM = 0x17b;
const SESSION_HANDLE = 0x02000000;
const u32 = (v) => Buffer.from([v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
const rd32 = (b, at) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const response = (tag, body) =>
  new Uint8Array(Buffer.concat([u32(tag).subarray(2), u32(10 + body.length), u32(0), body]));
// The session is unsalted and unbound: its session key, and so every HMAC key, is empty.
const mac = (...parts) => createHmac("sha256", Buffer.alloc(0)).update(Buffer.concat(parts)).digest();
const FIXED_NONCE_TPM = Buffer.alloc(32, 9);

let nonceTPM = randomBytes(32);
let cached;

/** GetRandom(16)'s answer without a session: 16 octets of 0x05. */
const PLAIN_RANDOM = response(0x8001, Buffer.concat([Buffer.from([0, 16]), Buffer.alloc(16, 5)]));

/** The TPM's side of the commands this bench sends. */
function answer(c) {
  const cc = rd32(c, 6);
  if (cc === CC_GET_RANDOM && rd32(c, 0) >>> 16 === 0x8001) return PLAIN_RANDOM;
  if (cc === CC_START_AUTH_SESSION) {
    nonceTPM = CHECK ? randomBytes(32) : FIXED_NONCE_TPM;
    return response(0x8001, Buffer.concat([u32(SESSION_HANDLE), Buffer.from([0, 32]), nonceTPM]));
  }
  // The TSS's handle snapshot before StartAuthSession: no handles loaded.
  if (cc === CC_GET_CAPABILITY) return response(0x8001, Buffer.concat([Buffer.from([0]), u32(1), u32(0)]));
  if (cc !== CC_GET_RANDOM) throw new Error(`unexpected command 0x${cc.toString(16)}`);
  // GetRandom(16), one session: handle at 14, nonceCaller at 20, attributes at 52, HMAC at 55.
  const nonceCaller = c.subarray(20, 52);
  const attrs = c[52];
  const count = (c[c.length - 2] << 8) | c[c.length - 1];
  const cpHash = hash("sha256", Buffer.concat([u32(cc), Buffer.from(c.subarray(c.length - 2))]), "buffer");
  const expected = mac(cpHash, nonceCaller, nonceTPM, Buffer.from([attrs]));
  if (!expected.equals(Buffer.from(c.subarray(55, 87)))) throw new Error("command HMAC does not verify");
  const newNonce = CHECK ? randomBytes(32) : FIXED_NONCE_TPM;
  const keyIv = mac(u32(1), Buffer.from("CFB\0"), newNonce, nonceCaller, u32(256));
  const encrypted = createCipheriv("aes-128-cfb", keyIv.subarray(0, 16), keyIv.subarray(16)).update(randomBytes(count));
  const params = Buffer.concat([Buffer.from([0, count]), encrypted]);
  const rpHash = hash("sha256", Buffer.concat([u32(0), u32(cc), params]), "buffer");
  const hmac = mac(rpHash, newNonce, nonceCaller, Buffer.from([attrs]));
  nonceTPM = newNonce;
  return response(
    0x8002,
    Buffer.concat([u32(params.length), params, Buffer.from([0, 32]), newNonce, Buffer.from([attrs, 0, 32]), hmac]),
  );
}

const transport = {
  send(command) {
    if (CHECK || rd32(command, 6) !== CC_GET_RANDOM) return Promise.resolve(answer(command));
    cached ??= answer(command);
    return Promise.resolve(cached.slice()); // a fresh array per response, as a socket gives
  },
  async close() {},
};

const pluginCrypto = createPluginCrypto();
if (process.env.NOSYNC === "1") delete pluginCrypto.sync;
const crypto = CHECK ? pluginCrypto : { ...pluginCrypto, randomBytes: (n) => new Uint8Array(n).fill(7) };
const tss = createTss({ transport, crypto });
const empty = new Uint8Array(0);
const { sessionHandle } = await tss.startAuthSession({
  tpmKey: TPM_RH.NULL,
  bind: TPM_RH.NULL,
  nonceCaller: empty,
  encryptedSalt: empty,
  sessionType: TPM_SE.HMAC,
  symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
  authHash: TPM_ALG_ID.SHA256,
});
const { continueSession, encrypt, audit } = TPMA_SESSION;
const sessions = [{ handle: sessionHandle, attributes: continueSession | encrypt | audit }];
const op =
  ROW === "none"
    ? () => tss.getRandom({ bytesRequested: 16 })
    : () => tss.getRandom({ bytesRequested: 16 }, { sessions });

const N = Number(process.env.N ?? (CHECK ? 2000 : 10000));
const R = Number(process.env.R ?? (CHECK ? 1 : 6));
const selfCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const rounds = [];
for (let r = 0; r < R; r++) {
  for (let i = 0; i < Math.min(5000, N); i++) await op();
  const c0 = selfCpu();
  for (let i = 0; i < N; i++) await op();
  rounds.push((selfCpu() - c0) / N);
  console.log(`round ${r + 1}: ${rounds[r].toFixed(2)} µs CPU per command`);
}
const sorted = [...rounds].sort((a, b) => a - b);
console.log(
  `min ${sorted[0].toFixed(2)} µs, median ${sorted[sorted.length >> 1].toFixed(2)} µs per command${CHECK ? " (CHECK: includes the simulated TPM)" : ""}`,
);
await tss.close();
