#!/usr/bin/env node
// Fault-injection soak (issue 9): a mixed workload on one TSS context through the
// fault proxy in front of swtpm, which drops, drop-closes, delays, truncates and
// corrupts (those with response HMACs) a share of the responses, while the simulator restarts every few
// seconds. At the end: no promise pending, the DA lockout counter unmoved, no
// transient object or session loaded that the workload does not hold, and every
// error a TpmError or TssError. Runs the BUILT packages (npm test builds first).
//
//   node tools/reg/soak.mjs [--seconds 120] [--rate 0.02] [--restart-every 20] [--seed 1] [--json]
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID, TPM_CAP, TPM_RH, TPM_SE, TPMA_NV, TPMA_SESSION, TpmError, TssError } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { eccSigningKey, eccStorageKey, startFaultProxy, startSwtpm } from "./dist/index.js";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "120" },
    rate: { type: "string", default: "0.02" },
    "restart-every": { type: "string", default: "20" },
    seed: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
    kinds: { type: "string", default: "drop,drop-close,delay,truncate,corrupt" },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const restartEvery = Number(args["restart-every"]);

const enc = new TextEncoder();
const empty = new Uint8Array(0);
const { continueSession, encrypt, decrypt } = TPMA_SESSION;
const TPM_PT_LOCKOUT_COUNTER = 0x20e;
const NV_HMAC = 0x01700100;
const NV_POLICY = 0x01700101;
const PASSWORD = "soak-pw";
const aes128cfb = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
/** PolicyAuthValue's digest from an empty policy: H(0^32 || TPM_CC_PolicyAuthValue). */
const policyAuthValueDigest = new Uint8Array(
  createHash("sha256")
    .update(Buffer.concat([Buffer.alloc(32), Buffer.from("0000016b", "hex")]))
    .digest(),
);

const storageTemplate = eccStorageKey();
const signingTemplate = eccSigningKey();
const sensitive = { sensitive: { userAuth: empty, data: empty } };
const primaryInput = (template) => ({
  primaryHandle: TPM_RH.OWNER,
  inSensitive: sensitive,
  inPublic: { publicArea: template },
  outsideInfo: empty,
  creationPCR: [],
});

// --- the simulator, the proxy, and the counters ---------------------------------
const stateDir = mkdtempSync(join(tmpdir(), "tss-soak-"));
const tpm = await startSwtpm({ stateDir });
const proxy = await startFaultProxy({
  target: { host: tpm.host, port: tpm.port },
  framing: "mssim",
  seed: Number(args.seed),
});

const counts = { operations: 0, ok: 0, started: 0, settled: 0, restarts: 0, foreign: 0, reprovisioned: 0 };
const errors = new Map();
const foreignSamples = [];
const held = new Set();
// A rejection nobody handled is a foreign error too (Node would end the process on it).
process.on("unhandledRejection", (e) => {
  counts.foreign++;
  errors.set("foreign", (errors.get("foreign") ?? 0) + 1);
  if (foreignSamples.length < 5) foreignSamples.push(`unhandled rejection: ${e?.stack ?? e}`);
});

/** A direct connection to swtpm (not through the proxy). */
async function direct(fn) {
  const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
  try {
    return await fn(tss);
  } finally {
    await tss.close();
  }
}
async function lockoutCounter(tss) {
  const out = await tss.getCapability({
    capability: TPM_CAP.TPM_PROPERTIES,
    property: TPM_PT_LOCKOUT_COUNTER,
    propertyCount: 1,
  });
  return out.capabilityData.data.tpmProperties.find((p) => p.property === TPM_PT_LOCKOUT_COUNTER).value;
}
/**
 * Handles of TPM_CAP_HANDLES from `range` whose type is one of `types`. (The
 * loaded-session range 0x02000000 lists loaded policy sessions with their 0x03
 * handles: filtering on the range's own type would hide them.)
 */
async function loaded(tss, range, types = [range >>> 24]) {
  const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: range, propertyCount: 128 });
  return out.capabilityData.data.handles.filter((h) => types.includes(h >>> 24));
}
/** Every loaded or context-saved session (HMAC 0x02, policy 0x03). */
async function sessionsIn(tss) {
  const all = [...(await loaded(tss, 0x02000000, [2, 3])), ...(await loaded(tss, 0x03000000, [2, 3]))];
  return [...new Set(all)];
}

/**
 * Defines the NV indexes (DA-protected: every authorization failure would
 * count); with `onlyMissing`, only those that are not there (a restart that
 * wiped them).
 */
async function provision(tss, onlyMissing = false) {
  for (const [nvIndex, attributes, authPolicy] of [
    [NV_HMAC, TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD, empty],
    [NV_POLICY, TPMA_NV.AUTHWRITE | TPMA_NV.POLICYREAD, policyAuthValueDigest],
  ]) {
    if (onlyMissing) {
      const there = await tss.nvReadPublic({ nvIndex }).then(
        () => true,
        () => false,
      );
      if (there) continue;
      counts.reprovisioned++;
    }
    await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }).catch(() => undefined);
    await tss.nvDefineSpace({
      authHandle: TPM_RH.OWNER,
      auth: enc.encode(PASSWORD),
      publicInfo: {
        nvPublic: { nvIndex, nameAlg: TPM_ALG_ID.SHA256, attributes: attributes >>> 0, authPolicy, dataSize: 16 },
      },
    });
    await tss.nvWrite(
      { authHandle: nvIndex, nvIndex, data: enc.encode("soak data 16 byt"), offset: 0 },
      { sessions: [{ handle: TPM_RH.PW, password: PASSWORD }] },
    );
  }
}

const lockoutBefore = await direct(async (tss) => {
  await provision(tss);
  return lockoutCounter(tss);
});

// --- the workload ----------------------------------------------------------------
const tss = createTss({
  transport: new MssimTransport({ host: proxy.host, port: proxy.port, responseTimeoutMs: 500, connectTimeoutMs: 2000 }),
  crypto: createWebCrypto(),
});

/** Runs one operation, counting its outcome; never throws. */
const recent = [];
async function op(name, fn) {
  if (process.env.SOAK_DEBUG) recent.push(`${Date.now() % 1000000} ${name}`);
  counts.operations++;
  counts.started++;
  try {
    const r = await fn();
    counts.ok++;
    return { ok: true, value: r };
  } catch (e) {
    if (process.env.SOAK_DEBUG)
      recent.push(`${Date.now() % 1000000} ${name} failed: ${e.code ?? e.responseCode?.toString(16)}`);
    let key;
    if (e instanceof TssError) key = `TssError ${e.code}`;
    else if (e instanceof TpmError) {
      key = `TpmError 0x${e.responseCode.toString(16)}`;
      if (process.env.SOAK_DEBUG && (e.responseCode & 0xbf) === 0x8e)
        console.log(`AUTH_FAIL in ${name} at ${Date.now() % 100000}`, recent.slice(-12));
    } else {
      key = "foreign";
      counts.foreign++;
      if (foreignSamples.length < 5) foreignSamples.push(`${name}: ${e?.stack ?? e}`);
    }
    errors.set(key, (errors.get(key) ?? 0) + 1);
    return { ok: false, error: e };
  } finally {
    counts.settled++;
  }
}

let running = true;
const deadline = Date.now() + seconds * 1000;
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

async function startSession(options = {}) {
  const r = await op("StartAuthSession", () =>
    tss.startAuthSession({
      tpmKey: options.tpmKey ?? TPM_RH.NULL,
      bind: TPM_RH.NULL,
      nonceCaller: empty,
      encryptedSalt: empty,
      sessionType: options.sessionType ?? TPM_SE.HMAC,
      symmetric: aes128cfb,
      authHash: TPM_ALG_ID.SHA256,
    }),
  );
  if (!r.ok) {
    if (process.env.SOAK_DEBUG && r.error?.responseCode === 0x903 && debugSessionMemory-- > 0) {
      const inTpm = await sessionsIn(tss).catch(() => []);
      console.log(
        `SESSION_MEMORY at ${Date.now() % 1000000}: loaded ${inTpm.map((h) => h.toString(16)).join(" ")}; held ${[...held].map((h) => h.toString(16)).join(" ")}`,
      );
      for (const h of inTpm)
        if (!held.has(h)) console.log(`  0x${h.toString(16)}: ${(history.get(h) ?? []).join(" | ")}`);
      if (debugSessionMemory === 4) console.log(recent.slice(-60).join("\n"));
    }
    return undefined;
  }
  note(r.value.sessionHandle, `StartAuthSession ${options.sessionType === TPM_SE.POLICY ? "policy" : "hmac"}`);
  hold(r.value.sessionHandle);
  return r.value.sessionHandle;
}
/** Handles whose FlushContext failed with a TssError (its response lost): the flush may not have run. */
const flushFailed = new Map();
/** With SOAK_DEBUG: what happened to each handle, printed for the leaked ones. */
const history = new Map();
let debugSessionMemory = 5;
function note(handle, what) {
  if (!process.env.SOAK_DEBUG) return;
  const list = history.get(handle) ?? [];
  list.push(`${Date.now() % 1000000} ${what}`);
  history.set(handle, list.slice(-20));
}
/** The workload holds a handle the TPM gave it. */
function hold(handle) {
  held.add(handle);
  flushFailed.delete(handle);
}
/** The workload flushes a handle it holds and lets go of it, whatever the outcome (as a user would). */
async function drop(handle) {
  if (handle === undefined) return;
  held.delete(handle);
  const r = await op("FlushContext", () => tss.flushContext({ flushHandle: handle }));
  note(handle, `FlushContext ${r.ok ? "ok" : (r.error.code ?? r.error.responseCode?.toString(16))}`);
  if (!r.ok && r.error instanceof TssError) flushFailed.set(handle, r.error.code);
}

async function plainLoop() {
  while (running) {
    await op("GetRandom", () => tss.getRandom({ bytesRequested: 16 }));
    await op("ReadClock", () => tss.readClock({}));
  }
}

async function hmacLoop() {
  let session;
  while (running) {
    session ??= await startSession();
    if (session === undefined) continue;
    const use = [{ handle: session, password: PASSWORD, attributes: continueSession }];
    await op("NV_ReadPublic", () => tss.nvReadPublic({ nvIndex: NV_HMAC }));
    const w = await op("NV_Write", () =>
      tss.nvWrite({ authHandle: NV_HMAC, nvIndex: NV_HMAC, data: enc.encode("hmac"), offset: 0 }, { sessions: use }),
    );
    const r = await op("NV_Read", () =>
      tss.nvRead({ authHandle: NV_HMAC, nvIndex: NV_HMAC, size: 16, offset: 0 }, { sessions: use }),
    );
    if (!w.ok || !r.ok) {
      await drop(session);
      session = undefined;
    }
  }
  await drop(session);
}

async function saltedLoop() {
  let primary;
  let session;
  while (running) {
    if (primary === undefined) {
      const p = await op("CreatePrimary", () => tss.createPrimary(primaryInput(storageTemplate)));
      if (!p.ok) continue;
      primary = p.value.objectHandle;
      note(primary, "CreatePrimary (salted)");
      hold(primary);
    }
    session ??= await startSession({ tpmKey: primary });
    if (session === undefined) {
      await drop(primary);
      primary = undefined;
      continue;
    }
    await op("NV_ReadPublic", () => tss.nvReadPublic({ nvIndex: NV_HMAC }));
    const w = await op("NV_Write (decrypt)", () =>
      tss.nvWrite(
        { authHandle: NV_HMAC, nvIndex: NV_HMAC, data: enc.encode("salted secret"), offset: 0 },
        { sessions: [{ handle: session, password: PASSWORD, attributes: continueSession | decrypt }] },
      ),
    );
    const r = await op("NV_Read (encrypt)", () =>
      tss.nvRead(
        { authHandle: NV_HMAC, nvIndex: NV_HMAC, size: 16, offset: 0 },
        { sessions: [{ handle: session, password: PASSWORD, attributes: continueSession | encrypt }] },
      ),
    );
    if (!w.ok || !r.ok) {
      await drop(session);
      session = undefined;
      await drop(primary);
      primary = undefined;
    }
  }
  await drop(session);
  await drop(primary);
}

async function policyLoop() {
  while (running) {
    const session = await startSession({ sessionType: TPM_SE.POLICY });
    if (session === undefined) continue;
    await op("NV_ReadPublic", () => tss.nvReadPublic({ nvIndex: NV_POLICY }));
    const p = await op("PolicyAuthValue", () => tss.policyAuthValue({ policySession: session }));
    if (p.ok) {
      await op("NV_Read (policy)", () =>
        tss.nvRead(
          { authHandle: NV_POLICY, nvIndex: NV_POLICY, size: 16, offset: 0 },
          { sessions: [{ handle: session, password: PASSWORD, attributes: continueSession }] },
        ),
      );
    }
    await drop(session);
  }
}

async function objectLoop() {
  while (running) {
    const p = await op("CreatePrimary", () => tss.createPrimary(primaryInput(storageTemplate)));
    if (!p.ok) continue;
    const parent = p.value.objectHandle;
    note(parent, "CreatePrimary");
    hold(parent);
    const c = await op("Create", () =>
      tss.create({
        parentHandle: parent,
        inSensitive: sensitive,
        inPublic: { publicArea: signingTemplate },
        outsideInfo: empty,
        creationPCR: [],
      }),
    );
    if (c.ok) {
      const l = await op("Load", () =>
        tss.load({ parentHandle: parent, inPrivate: c.value.outPrivate, inPublic: c.value.outPublic }),
      );
      if (l.ok) {
        note(l.value.objectHandle, "Load");
        hold(l.value.objectHandle);
        await drop(l.value.objectHandle);
      }
    }
    await drop(parent);
  }
}

async function restarter() {
  while (running) {
    const next = Math.min(deadline, Date.now() + restartEvery * 1000);
    while (running && Date.now() < next) await pause(50);
    if (!running || Date.now() >= deadline) return;
    // A restart as a platform does it: TPM2_Shutdown, then the simulator stops
    // (its state folder kept) and starts again about 1 s later. (An unorderly
    // shutdown counts as a failed authorization in the TPM itself, TPM 2.0
    // Part 1's dictionary-attack rules, whatever the TSS does.) The workload's
    // connection is cut and new ones closed at once meanwhile; its transport
    // reconnects with backoff.
    proxy.blockClients(true);
    proxy.dropConnections();
    await pause(50);
    await direct((d) => d.shutdown({ shutdownType: 0 })).catch(() => undefined);
    await tpm.restart({ downMs: 1000 });
    proxy.setTarget({ host: tpm.host, port: tpm.port });
    // NV survives a restart; should it not have, the indexes are defined again.
    await direct((d) => provision(d, true)).catch(() => undefined);
    proxy.blockClients(false);
    counts.restarts++;
    for (const h of held) note(h, "(restart)");
    if (process.env.SOAK_DEBUG) recent.push(`${Date.now() % 100000} RESTARTED`);
  }
}

// Corruption falls on responses with response HMACs, which a TSS can check; a
// damaged response without sessions (a nonceTPM, a handle) is indistinguishable
// from a good one for any TSS.
proxy.setRandomFaults({ rate, kinds: args.kinds.split(","), corruptAuthenticatedOnly: true });
const loops = [plainLoop(), hmacLoop(), saltedLoop(), policyLoop(), objectLoop(), restarter()];
while (Date.now() < deadline) await pause(100);
running = false;
/** Waits for `p`, at most `ms`: an operation that never settles is reported as pending, not waited for forever. */
const settleWithin = (p, ms) => Promise.race([p.then(() => true), pause(ms).then(() => false)]);
const SETTLE_MS = 30_000;
let settled = await settleWithin(Promise.all(loops), SETTLE_MS);
proxy.setRandomFaults(undefined);
proxy.release();
const faults = proxy.stats().faults;

// Settle: the TSS puts right what lost responses left before its next command and at close.
if (settled)
  settled = await settleWithin(
    op("GetRandom (settle)", () => tss.getRandom({ bytesRequested: 1 })),
    SETTLE_MS,
  );
const closedInTime = await settleWithin(
  tss.close().catch(() => undefined),
  SETTLE_MS,
);
await proxy.close();

const { lockoutAfter, objects, sessions } = await direct(async (d) => ({
  lockoutAfter: await lockoutCounter(d),
  objects: await loaded(d, 0x80000000),
  sessions: await sessionsIn(d),
}));
// Loaded but not held: leaked. Held but not loaded: lost without the workload knowing.
const leakedObjects = objects.filter((h) => !held.has(h));
const leakedSessions = sessions.filter((h) => !held.has(h));
const missing = [...held].filter((h) => !objects.includes(h) && !sessions.includes(h));
await tpm.stop();
rmSync(stateDir, { recursive: true, force: true });

/** A leaked handle, and whether the workload's FlushContext of it failed on the TSS side. */
const describeHandle = (h) =>
  flushFailed.has(h) ? `0x${h.toString(16)} (its FlushContext failed: ${flushFailed.get(h)})` : `0x${h.toString(16)}`;
const summary = {
  seconds,
  rate,
  restartEvery,
  operations: counts.operations,
  ok: counts.ok,
  errors: Object.fromEntries([...errors].sort((a, b) => b[1] - a[1])),
  faults,
  restarts: counts.restarts,
  nvReprovisioned: counts.reprovisioned,
  pending: counts.started - counts.settled,
  settled,
  closed: closedInTime,
  lockoutCounter: { before: lockoutBefore, after: lockoutAfter },
  leakedObjects: leakedObjects.map(describeHandle),
  leakedSessions: leakedSessions.map(describeHandle),
  held: held.size,
  heldButNotLoaded: missing.map((h) => `0x${h.toString(16)}`),
  foreign: counts.foreign,
  foreignSamples,
};
const failed =
  summary.pending > 0 ||
  !settled ||
  !closedInTime ||
  lockoutAfter !== lockoutBefore ||
  leakedObjects.length > 0 ||
  leakedSessions.length > 0 ||
  counts.foreign > 0;
if (args.json) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(`soak: ${seconds} s, ${rate * 100}% of responses faulted, a restart every ${restartEvery} s`);
  console.log(
    `  operations ${summary.operations}, ok ${summary.ok}, restarts ${summary.restarts}, pending ${summary.pending}`,
  );
  console.log(`  faults injected: ${JSON.stringify(faults)}`);
  console.log(`  errors: ${JSON.stringify(summary.errors)}`);
  console.log(`  lockout counter: ${lockoutBefore} -> ${lockoutAfter}`);
  console.log(`  leaked objects: ${summary.leakedObjects.length} ${summary.leakedObjects.join(" ")}`);
  console.log(`  leaked sessions: ${summary.leakedSessions.length} ${summary.leakedSessions.join(" ")}`);
  console.log(
    `  held by the workload at the end: ${summary.held} (not loaded: ${missing.length}); foreign errors: ${counts.foreign}`,
  );
  if (!settled || !closedInTime) console.log(`  the workload or the context did not settle within ${SETTLE_MS} ms`);
  for (const s of foreignSamples) console.log(`    ${s}`);
  if (process.env.SOAK_DEBUG)
    for (const h of [...leakedObjects, ...leakedSessions])
      console.log(`  history of 0x${h.toString(16)}:\n    ${(history.get(h) ?? []).join("\n    ")}`);
  console.log(failed ? "soak: FAILED" : "soak: passed");
}
process.exit(failed ? 1 : 0);
