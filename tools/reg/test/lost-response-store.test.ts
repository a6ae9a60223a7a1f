// A lost response must not cost the user DA failures even when the next command
// comes from ANOTHER context (another CLI process) sharing the file store
// (TPM_DATA_DIR): what the lost response left uncertain is recorded there.
// One swtpm, a fault proxy in front of it (drop-close of one response), and a
// FileStore in a temp folder shared by contexts that come and go as processes do:
// - NV_Write's response lost: the next context re-reads the index's Name (WRITTEN
//   may have flipped) and its HMAC-session NV_Read on a DA-protected index works;
// - NV_GlobalWriteLock (WRITELOCKED flips on GLOBALLOCK indexes it does not name):
//   likewise for the next context;
// - NV_UndefineSpace's response lost, the index defined again by another application:
//   the next context reads the new index's Name;
// - EvictControl's response lost (making persistent, then evicting): the next use
//   of the persistent handle reads its Name from the TPM, or learns it is not there;
//   and a key another application loaded, made persistent there by a context that
//   never saw its Name, replaces what the store recorded for the handle.
// TPM_PT_LOCKOUT_COUNTER never moves.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeCrypto } from "@tss/crypto-node";
import {
  TPM_ALG_ID,
  TPM_CAP,
  TPM_CC,
  TPM_RH,
  TPM_ST,
  TPMA_NV,
  TPMA_OBJECT,
  TPMA_SESSION,
  TpmError,
  type TssError,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/fault-proxy.js";
import { type SwtpmProcess, startSwtpm } from "../src/swtpm.js";
import { eccSigningKey } from "../src/templates.js";
import { startAuthSession } from "./support/sessions.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
const empty = new Uint8Array(0);
const TPM_PT_LOCKOUT_COUNTER = 0x20e;
const { continueSession } = TPMA_SESSION;

let tpm: SwtpmProcess;
let proxy: FaultProxy;
let dir: string;
const open: Tss[] = [];

beforeAll(async () => {
  tpm = await startSwtpm();
  proxy = await startFaultProxy({
    target: { host: tpm.host, port: tpm.port },
    framing: "mssim",
    ctrlPort: tpm.ctrlPort,
  });
  dir = mkdtempSync(join(tmpdir(), "tss-lost-store-"));
  // The first authorization of a DA-protected entity after Startup is answered
  // TPM_RC_RETRY (swtpm's TPM leaves its orderly state first); the TSS retries it, but a
  // fault on that first answer would drop a command that did not run. One write here,
  // so the faulted commands below are ones that run.
  const warm = context();
  await defineDaProtected(warm, 0x0170006f);
  await warm.nvWrite(
    { authHandle: 0x0170006f, nvIndex: 0x0170006f, data: enc.encode("warm-up!"), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW, password: "da-pw" }] },
  );
  await warm.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: 0x0170006f });
  await warm.close();
}, 60_000);
// A failed test leaves its contexts open: close them, or swtpm (one client at a time) refuses the next test's.
afterEach(async () => {
  for (const t of open.splice(0)) await t.close().catch(() => undefined);
});
afterAll(async () => {
  await proxy?.close();
  await tpm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A new context on the shared file store, as a new CLI process would have. */
function context(): Tss {
  // Every context goes through the proxy: swtpm serves one connection at a time, and the proxy closes its side when its client goes.
  const tss = createTss({
    transport: new MssimTransport({ host: proxy.host, port: proxy.port }),
    crypto: createNodeCrypto(),
    store: new FileStore(dir),
  });
  open.push(tss);
  return tss;
}

/** TPM_PT_LOCKOUT_COUNTER: authorization failures the TPM counts against the lockout. */
async function lockoutCounter(tss: Tss): Promise<number> {
  const out = await tss.getCapability({
    capability: TPM_CAP.TPM_PROPERTIES,
    property: TPM_PT_LOCKOUT_COUNTER,
    propertyCount: 1,
  });
  const list = (out.capabilityData.data as { tpmProperties: { property: number; value: number }[] }).tpmProperties;
  return list.find((p) => p.property === TPM_PT_LOCKOUT_COUNTER)!.value;
}

/** Defines a DA-protected index (no TPMA_NV_NO_DA) with password "da-pw": every authorization failure counts. */
async function defineDaProtected(tss: Tss, nvIndex: number, extra = 0): Promise<void> {
  await tss.nvDefineSpace({
    authHandle: TPM_RH.OWNER,
    auth: enc.encode("da-pw"),
    publicInfo: {
      nvPublic: {
        nvIndex,
        nameAlg: TPM_ALG_ID.SHA256,
        attributes: (TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | extra) >>> 0,
        authPolicy: empty,
        dataSize: 8,
      },
    },
  });
}

/** NV_Read of the whole index through a new HMAC session, flushed after. */
async function hmacRead(tss: Tss, nvIndex: number): Promise<string> {
  const session = await startAuthSession(tss, { cipher: "aes128" });
  try {
    const out = await tss.nvRead(
      { authHandle: nvIndex, nvIndex, size: 8, offset: 0 },
      { sessions: [{ handle: session, password: "da-pw", attributes: continueSession }] },
    );
    return dec.decode(out.data);
  } finally {
    await tss.flushContext({ flushHandle: session }).catch(() => undefined);
  }
}

it("NV_Write's response lost in one context: the next context on the same file store re-reads the Name, reads with an HMAC session, no DA failure", async () => {
  const nvIndex = 0x01700060;
  const first = context();
  await defineDaProtected(first, nvIndex);
  const counter = await lockoutCounter(first);
  // Recorded with TPMA_NV.WRITTEN clear.
  await first.nvReadPublic({ nvIndex });
  const session = await startAuthSession(first);
  proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.NV_Write);
  const lost = await first
    .nvWrite(
      { authHandle: nvIndex, nvIndex, data: enc.encode("12345678"), offset: 0 },
      { sessions: [{ handle: session, password: "da-pw", attributes: continueSession }] },
    )
    .catch((e) => e);
  expect((lost as TssError).code).toBe("BAD_CONNECTION");
  await first.close();

  // A new process: the TPM ran the write (only its response was lost), so WRITTEN is set.
  const second = context();
  expect(await hmacRead(second, nvIndex)).toBe("12345678");
  expect(await lockoutCounter(second)).toBe(counter);
  await second.close();
  // And the one after (the Name is known again, certain).
  const third = context();
  expect(await hmacRead(third, nvIndex)).toBe("12345678");
  expect(await lockoutCounter(third)).toBe(counter);
  await third.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
  await third.close();
}, 30_000);

it("NV_GlobalWriteLock in one context: the next context re-reads the Name of a GLOBALLOCK index it locked, no DA failure", async () => {
  const nvIndex = 0x01700061;
  const first = context();
  await defineDaProtected(first, nvIndex, TPMA_NV.GLOBALLOCK);
  await first.nvWrite(
    { authHandle: nvIndex, nvIndex, data: enc.encode("global!!"), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW, password: "da-pw" }] },
  );
  const counter = await lockoutCounter(first);
  await first.close();
  // Another process records the Name (WRITTEN, not WRITELOCKED) ...
  const reader = context();
  expect(await hmacRead(reader, nvIndex)).toBe("global!!");
  await reader.close();
  // ... a third locks every GLOBALLOCK index (WRITELOCKED flips: the Name changes) ...
  const locker = context();
  await locker.nvGlobalWriteLock({ authHandle: TPM_RH.OWNER });
  await locker.close();
  // ... and the next reads with an HMAC session.
  const next = context();
  expect(await hmacRead(next, nvIndex)).toBe("global!!");
  expect(await lockoutCounter(next)).toBe(counter);
  await next.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
  await next.close();
}, 30_000);

it("NV_UndefineSpace's response lost: the index defined there next (another Name) is read before use, no DA failure", async () => {
  const nvIndex = 0x01700062;
  const first = context();
  await defineDaProtected(first, nvIndex);
  const counter = await lockoutCounter(first);
  proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.NV_UndefineSpace);
  const lost = await first.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }).catch((e) => e);
  expect((lost as TssError).code).toBe("BAD_CONNECTION");
  await first.close();
  // Another application (its own store) defines the index again, with the same password but
  // other attributes (OWNERWRITE: another Name), and writes it.
  const other = createTss({
    transport: new MssimTransport({ host: proxy.host, port: proxy.port }),
    crypto: createNodeCrypto(),
  });
  open.push(other);
  await defineDaProtected(other, nvIndex, TPMA_NV.OWNERWRITE);
  await other.nvWrite(
    { authHandle: TPM_RH.OWNER, nvIndex, data: enc.encode("redefine"), offset: 0 },
    { sessions: [{ handle: TPM_RH.PW }] },
  );
  await other.close();
  const next = context();
  expect(await hmacRead(next, nvIndex)).toBe("redefine");
  expect(await lockoutCounter(next)).toBe(counter);
  await next.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
  await next.close();
}, 30_000);

/** A primary ECDSA signing key without noDA (an authorization failure would count); `unique` makes another key. */
async function signingPrimary(tss: Tss, hierarchy: number, unique = empty): Promise<number> {
  const template = eccSigningKey();
  const publicArea = {
    ...template,
    objectAttributes: (template.objectAttributes & ~TPMA_OBJECT.noDA) >>> 0,
    unique: { ecc: { x: unique, y: empty } },
  };
  const out = await tss.createPrimary({
    primaryHandle: hierarchy,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: { publicArea: publicArea as never },
    outsideInfo: empty,
    creationPCR: [],
  });
  return out.objectHandle;
}

/** Sign with `keyHandle` through a new HMAC session (the key's Name is in the session HMAC). */
async function hmacSign(tss: Tss, keyHandle: number): Promise<unknown> {
  const session = await startAuthSession(tss);
  try {
    return await tss.sign(
      {
        keyHandle,
        digest: new Uint8Array(32).fill(7),
        inScheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
        validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty },
      } as never,
      { sessions: [{ handle: session, attributes: continueSession }] },
    );
  } finally {
    await tss.flushContext({ flushHandle: session }).catch(() => undefined);
  }
}

it("EvictControl's response lost (make persistent, then evict): the next context reads the persistent handle's Name from the TPM, or is told it is not there", async () => {
  const persistent = 0x81000160;
  const first = context();
  const counter = await lockoutCounter(first);
  const key = await signingPrimary(first, TPM_RH.OWNER);
  proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.EvictControl);
  const lostPersist = await first
    .evictControl({ auth: TPM_RH.OWNER, objectHandle: key, persistentHandle: persistent })
    .catch((e) => e);
  expect((lostPersist as TssError).code).toBe("BAD_CONNECTION");
  await first.flushContext({ flushHandle: key });
  await first.close();

  // The TPM made it persistent: the next context uses it with the right Name (and records it).
  const second = context();
  expect(await hmacSign(second, persistent)).toHaveProperty("signature");
  await second.close();

  // Evicted with the response lost: what the store recorded of the handle is no longer trusted.
  const third = context();
  proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.EvictControl);
  const lostEvict = await third
    .evictControl({ auth: TPM_RH.OWNER, objectHandle: persistent, persistentHandle: persistent })
    .catch((e) => e);
  expect((lostEvict as TssError).code).toBe("BAD_CONNECTION");
  await third.close();

  // The next use is told the handle is not there.
  const fourth = context();
  const gone = await hmacSign(fourth, persistent).catch((e) => e);
  expect(gone).toBeInstanceOf(TpmError);
  expect((gone as TpmError).message).toMatch(/TPM_RC_HANDLE|TPM_RC_REFERENCE/);
  await fourth.close();

  // Another application (its own store) puts a different key (endorsement hierarchy: another Name) there ...
  const other = createTss({
    transport: new MssimTransport({ host: tpm.host, port: tpm.port }),
    crypto: createNodeCrypto(),
  });
  open.push(other);
  const otherKey = await signingPrimary(other, TPM_RH.ENDORSEMENT);
  await other.evictControl({ auth: TPM_RH.OWNER, objectHandle: otherKey, persistentHandle: persistent });
  await other.flushContext({ flushHandle: otherKey });
  await other.close();
  // ... and the next context on our store authorizes with that key's Name, not the evicted key's.
  const fifth = context();
  expect(await hmacSign(fifth, persistent)).toHaveProperty("signature");
  expect(await lockoutCounter(fifth)).toBe(counter);
  await fifth.close();

  // The other application evicts it and loads a third key (another unique: another Name
  // again) that a context on our store, which never saw it, makes persistent there.
  const again = createTss({
    transport: new MssimTransport({ host: proxy.host, port: proxy.port }),
    crypto: createNodeCrypto(),
  });
  open.push(again);
  await again.evictControl({ auth: TPM_RH.OWNER, objectHandle: persistent, persistentHandle: persistent });
  const thirdKey = await signingPrimary(again, TPM_RH.OWNER, enc.encode("third"));
  await again.close();
  const sixth = context();
  await sixth.evictControl({ auth: TPM_RH.OWNER, objectHandle: thirdKey, persistentHandle: persistent });
  await sixth.flushContext({ flushHandle: thirdKey });
  expect(await hmacSign(sixth, persistent)).toHaveProperty("signature");
  expect(await lockoutCounter(sixth)).toBe(counter);
  await sixth.evictControl({ auth: TPM_RH.OWNER, objectHandle: persistent, persistentHandle: persistent });
  await sixth.close();
}, 30_000);
