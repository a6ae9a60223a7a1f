// Per-command cost of the session path, split by process: wall time, swtpm's own
// CPU (from /proc/<pid>/task/*/schedstat) and this process's CPU
// (process.cpuUsage), per op, for
//   none        GetRandom(16), no session
//   hmac        GetRandom(16), unsalted HMAC session, continueSession|encrypt|audit
//   floor       the same by hand (session-floor.mjs: fixed offsets, node:crypto one-shots)
//   nvread      NV_Read 64 B, salted HMAC session (ECC), response encryption
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
import { readdirSync, readFileSync } from "node:fs";
import { startSwtpm } from "@tss/reg";
import { openRawFloor } from "./raw-floor.mjs";
import { openSessionFloor } from "./session-floor.mjs";

const root = process.env.TSS_PACKAGES;
const load = (name, file) => import(root ? `${root}/${name}/dist/${file}` : `@tss/${name}`);
const { createTss } = await load("tss", "node.js");
const { createNodeCrypto } = await load("crypto-node", "index.js");
const { MssimTransport } = await load("transport-mssim", "index.js");
const { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_OBJECT, TPMA_SESSION } = await load("marshal", "node/index.js");

/** CPU time of every thread of a process so far, in µs. */
const cpuOf = (pid) => {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
  }
  return ns / 1000;
};
const selfCpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const N = Number(process.env.N ?? 20000);
const WARM = Math.min(2000, N);
const rows = (process.env.ROWS ?? "none,hmac,nvread,none,hmac,nvread,floor").split(",");
const empty = new Uint8Array(0);
const aes128 = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const results = {};

/** Times `op` N times after WARM warm-up calls; prints and records one row. */
async function measure(name, pid, op) {
  for (let i = 0; i < WARM; i++) await op();
  const c0 = cpuOf(pid);
  const m0 = selfCpu();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await op();
  const wall = ((performance.now() - t0) * 1000) / N;
  const swtpm = (cpuOf(pid) - c0) / N;
  const node = (selfCpu() - m0) / N;
  results[name] ??= [];
  results[name].push({ wall, swtpm, node });
  console.log(
    `${name.padEnd(7)} wall ${wall.toFixed(1).padStart(6)} µs  swtpm ${swtpm.toFixed(1).padStart(5)} µs  node ${node.toFixed(1).padStart(5)} µs`,
  );
}

const tssRows = rows.filter((r) => r !== "floor");
if (tssRows.length) {
  const tpm = await startSwtpm({ cpu: 0 });
  const tss = createTss({
    transport: new MssimTransport({ host: tpm.host, port: tpm.port }),
    crypto: createNodeCrypto(),
  });
  const start = (tpmKey) =>
    tss.startAuthSession({
      tpmKey,
      bind: TPM_RH.NULL,
      nonceCaller: empty,
      encryptedSalt: empty,
      sessionType: TPM_SE.HMAC,
      symmetric: aes128,
      authHash: TPM_ALG_ID.SHA256,
    });
  const { sessionHandle: hmac } = await start(TPM_RH.NULL);
  const { fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, restricted, decrypt } = TPMA_OBJECT;
  const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
  const { objectHandle: saltKey } = await tss.createPrimary({
    primaryHandle: TPM_RH.OWNER,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: {
      publicArea: {
        type: TPM_ALG_ID.ECC,
        nameAlg: TPM_ALG_ID.SHA256,
        objectAttributes: fixedTPM | fixedParent | sensitiveDataOrigin | userWithAuth | noDA | restricted | decrypt,
        authPolicy: empty,
        parameters: { eccDetail: { symmetric: aes128, scheme: NULL_SCHEME, curveID: 3, kdf: NULL_SCHEME } },
        unique: { ecc: { x: empty, y: empty } },
      },
    },
    outsideInfo: empty,
    creationPCR: [],
  });
  const { sessionHandle: salted } = await start(saltKey);
  const nvIndex = 0x01800002;
  await tss.nvDefineSpace({
    authHandle: TPM_RH.OWNER,
    auth: new TextEncoder().encode("nvpw"),
    publicInfo: {
      nvPublic: {
        nvIndex,
        nameAlg: TPM_ALG_ID.SHA256,
        attributes: 0x4 | 0x40000 | 0x2000000,
        authPolicy: empty,
        dataSize: 64,
      },
    },
  });
  await tss.nvWrite(
    { authHandle: nvIndex, nvIndex, data: new Uint8Array(64).fill(0x78), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW, password: "nvpw" }] },
  );
  const { continueSession, encrypt, audit } = TPMA_SESSION;
  const hmacUse = [{ handle: hmac, attributes: continueSession | encrypt | audit }];
  const saltedUse = [{ handle: salted, password: "nvpw", attributes: continueSession | encrypt }];
  const ops = {
    none: () => tss.getRandom({ bytesRequested: 16 }),
    hmac: () => tss.getRandom({ bytesRequested: 16 }, { sessions: hmacUse }),
    nvread: () => tss.nvRead({ authHandle: nvIndex, nvIndex, size: 64, offset: 0 }, { sessions: saltedUse }),
  };
  for (const r of tssRows) {
    if (!ops[r]) throw new Error(`unknown row ${r} (none, hmac, floor, nvread)`);
    await measure(r, tpm.pid, ops[r]);
  }
  await tss.close();
  await tpm.stop();
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
