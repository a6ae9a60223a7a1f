// @tss/transport-websocket against swtpm through the guarded WebSocket proxy
// (createWebSocketProxy in front of an MS-sim connection): the transport
// conformance kit; a Tss with an HMAC session and parameter encryption whose
// secrets never cross the proxy in clear; a response lost behind the proxy
// and @tss/tss's recovery; two clients queued at command
// boundaries; a command in flight when the proxy stops fails with
// BAD_CONNECTION and the client reconnects to the restarted proxy; abort and
// timeout; openTss with TPM_INTERFACE_TYPE=websocket; a client that leaves has
// its objects and sessions flushed after the cleanup grace (not another
// client's, not with cleanup off, at once when the proxy stops); a client whose
// connection the proxy drops reconnects within the grace and keeps its HMAC
// session; the main entry bundles for the browser without ws or any node: module.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  type SendOptions,
  TPM_CAP,
  TPM_CC,
  TPM_RH,
  TPM_SE,
  TPMA_SESSION,
  type Transport,
  TssError,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { testCommands } from "@tss/transport-testkit";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { type WebSocketConstructor, WebSocketTransport } from "@tss/transport-websocket";
import { createWebSocketProxy, type WebSocketProxy } from "@tss/transport-websocket/server";
import { createTss, openTss, type Tss } from "@tss/tss";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";
import { eccStorageKey, ordinaryNvIndex, sealedData } from "../src/templates.js";
import { startAuthSession } from "./support/sessions.js";

const WS = WebSocket as unknown as WebSocketConstructor;
const enc = new TextEncoder();

/** The proxy's upstream: the swtpm connection, with a tap of every command and an optional hold. */
class Upstream implements Transport {
  readonly commands: Uint8Array[] = [];
  /** While set, each send waits for it first (a command "in flight" for as long as the test likes). */
  hold: Promise<void> | undefined;
  constructor(readonly inner: Transport) {}
  /** When it says so for a command code, the TPM runs the command and its response is lost on the way back. */
  loseNext: ((commandCode: number) => boolean) | undefined;
  async send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    this.commands.push(new Uint8Array(command));
    if (this.hold) await this.hold;
    const response = await this.inner.send(command, options);
    if (this.loseNext?.(new DataView(command.buffer, command.byteOffset).getUint32(6))) {
      this.loseNext = undefined;
      throw new TssError("BAD_CONNECTION", "the test lost this response");
    }
    return response;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  try {
    await p;
  } catch (e) {
    return e as TssError;
  }
  throw new Error("expected a rejection");
}

/** The shared proxy's cleanup grace: short, so that the cleanup tests see the flush soon. */
const GRACE_MS = 500;
let tpm: Swtpm;
let upstream: Upstream;
let proxy: WebSocketProxy;
const lines: string[] = [];

beforeAll(async () => {
  tpm = await startSwtpm();
  upstream = new Upstream(new MssimTransport({ host: tpm.host, port: tpm.port, responseTimeoutMs: 10_000 }));
  proxy = await createWebSocketProxy({ transport: upstream, cleanupGraceMs: GRACE_MS, log: (l) => lines.push(l) });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
  await tpm?.stop();
});

const client = (options: { timeoutMs?: number; reconnect?: boolean } = {}) =>
  new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS, ...options });

describeTransportConformance("transport conformance: websocket transport through the proxy", () => ({
  open: () => client({ timeoutMs: 10_000 }),
}));

describe("WebSocketTransport through the proxy to swtpm", () => {
  it("a Tss runs an HMAC session with parameter encryption; the NV secret and data cross the proxy encrypted", async () => {
    const tss = createTss({ transport: client(), crypto: createWebCrypto() });
    const nvIndex = 0x01510077;
    const password = "ws-secret-password";
    const data = enc.encode("data that only travels encrypted");
    try {
      const first = upstream.commands.length;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: enc.encode(password),
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, data.length) },
      });
      const s = await startAuthSession(tss, { cipher: "aes128" });
      const use = (extra: number) => ({
        sessions: [{ handle: s, password, attributes: TPMA_SESSION.continueSession | extra }],
      });
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data, offset: 0 }, use(TPMA_SESSION.decrypt));
      const read = await tss.nvRead(
        { authHandle: nvIndex, nvIndex, size: data.length, offset: 0 },
        use(TPMA_SESSION.encrypt),
      );
      expect(read.data).toEqual(data);
      await tss.flushContext({ flushHandle: s });
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
      // The NV_DefineSpace auth went unencrypted (no session asked for it); everything after it:
      const later = upstream.commands.slice(first + 1);
      expect(later.length).toBeGreaterThanOrEqual(5);
      for (const c of later) {
        expect(contains(c, data)).toBe(false);
        expect(contains(c, enc.encode(password))).toBe(false);
      }
      // ...and the write really went through the proxy (NV_Write 0x137 is there).
      expect(later.some((c) => new DataView(c.buffer, c.byteOffset).getUint32(6) === 0x137)).toBe(true);
    } finally {
      await tss.close();
    }
  });

  it("a response lost behind the proxy is BAD_CONNECTION at the client, and @tss/tss recovers as on any transport", async () => {
    const tss = createTss({ transport: client(), crypto: createWebCrypto() });
    const nvIndex = 0x01510078;
    const loadedSessions = async () =>
      (
        (await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x02000000, propertyCount: 64 }))
          .capabilityData.data as { handles: number[] }
      ).handles;
    try {
      const before = await loadedSessions();
      // StartAuthSession ran in the TPM, its response never came: the TSS flushes the session it cannot know.
      upstream.loseNext = (cc) => cc === TPM_CC.StartAuthSession;
      const lost = await rejection(startAuthSession(tss, { cipher: "aes128" }));
      expect(lost.code).toBe("BAD_CONNECTION");
      expect(lost.message).toMatch(/1011: the TPM did not answer: BAD_CONNECTION/);
      expect(await loadedSessions()).toEqual(before);
      // An HMAC session whose response was lost is never used again (SESSION_LOST), a new one works.
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: enc.encode("pw"),
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4) },
      });
      // The lost write is the index's FIRST: the TPM set TPMA_NV_WRITTEN, so its Name changed; the TSS
      // re-reads the Name before the next use, and the fresh session's HMAC verifies.
      const s = await startAuthSession(tss, { cipher: "aes128" });
      const write = (handle: number) =>
        tss.nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc.encode("abcd"), offset: 0 },
          { sessions: [{ handle, password: "pw", attributes: TPMA_SESSION.continueSession }] },
        );
      upstream.loseNext = (cc) => cc === TPM_CC.NV_Write;
      expect((await rejection(write(s))).code).toBe("BAD_CONNECTION");
      expect((await rejection(write(s))).code).toBe("SESSION_LOST");
      const fresh = await startAuthSession(tss, { cipher: "aes128" });
      await write(fresh);
      await tss.flushContext({ flushHandle: fresh });
      expect(await loadedSessions()).toEqual(before);
    } finally {
      upstream.loseNext = undefined;
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }).catch(() => undefined);
      await tss.close();
    }
  });

  it("two clients share the TPM: their commands are queued at command boundaries, each gets its own responses", async () => {
    const a = client();
    const b = client();
    try {
      const run = async (t: WebSocketTransport, n: number) => {
        const sizes: number[] = [];
        for (let i = 0; i < 15; i++) {
          const r = await t.send(testCommands.getRandom(n));
          sizes.push(new DataView(r.buffer, r.byteOffset).getUint16(10));
        }
        return sizes;
      };
      const before = proxy.commandCount;
      const [ra, rb] = await Promise.all([run(a, 7), run(b, 13)]);
      expect(ra).toEqual(Array(15).fill(7));
      expect(rb).toEqual(Array(15).fill(13));
      expect(proxy.commandCount - before).toBe(30);
      expect(a.connectionCount).toBe(1);
      expect(b.connectionCount).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("aborting a command in flight settles at once with ABORTED; the next command works", async () => {
    const t = client();
    let release = () => {};
    try {
      await t.send(testCommands.getRandom(4));
      upstream.hold = new Promise<void>((r) => {
        release = r;
      });
      const controller = new AbortController();
      const pending = t.send(testCommands.getRandom(4), { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      // ABORTED while the upstream still holds the response.
      expect((await rejection(pending)).code).toBe("ABORTED");
      upstream.hold = undefined;
      release();
      const r = await t.send(testCommands.getRandom(5));
      expect(new DataView(r.buffer, r.byteOffset).getUint16(10)).toBe(5);
      expect(t.connectionCount).toBe(2); // the aborted command's connection was dropped
    } finally {
      upstream.hold = undefined;
      release();
      await t.close();
    }
  });

  it("a response that does not come within timeoutMs is TIMEOUT; the next command works", async () => {
    const t = client({ timeoutMs: 300 });
    let release = () => {};
    try {
      upstream.hold = new Promise<void>((r) => {
        release = r;
      });
      const e = await rejection(t.send(testCommands.getRandom(4)));
      expect(e).toBeInstanceOf(TssError);
      expect(e.code).toBe("TIMEOUT");
      upstream.hold = undefined;
      release();
      const r = await t.send(testCommands.getRandom(6));
      expect(new DataView(r.buffer, r.byteOffset).getUint16(10)).toBe(6);
    } finally {
      upstream.hold = undefined;
      release();
      await t.close();
    }
  });

  it("the proxy stops with a command in flight: BAD_CONNECTION; the next send reconnects to the restarted proxy", async () => {
    const t = client();
    let release = () => {};
    try {
      await t.send(testCommands.getRandom(4));
      upstream.hold = new Promise<void>((r) => {
        release = r;
      });
      const pending = t.send(testCommands.getRandom(4));
      await new Promise((r) => setTimeout(r, 100));
      const { port, token } = proxy;
      const stopping = proxy.close();
      const e = await rejection(pending);
      expect(e.code).toBe("BAD_CONNECTION");
      expect(e.message).toMatch(/1001.*proxy stopping/);
      upstream.hold = undefined;
      release();
      await stopping;
      // Restart after the client's next send has started: it rides out the gap.
      const next = t.send(testCommands.getRandom(9));
      await new Promise((r) => setTimeout(r, 300));
      proxy = await createWebSocketProxy({
        transport: upstream,
        port,
        token,
        cleanupGraceMs: GRACE_MS,
        log: (l) => lines.push(l),
      });
      const r = await next;
      expect(new DataView(r.buffer, r.byteOffset).getUint16(10)).toBe(9);
      expect(t.connectionCount).toBeGreaterThanOrEqual(3); // the first, failed attempts, the new one
    } finally {
      upstream.hold = undefined;
      release();
      await t.close();
    }
  });

  it("openTss builds the transport for TPM_INTERFACE_TYPE=websocket from TPM_WEBSOCKET_URL and TPM_WEBSOCKET_TOKEN", async () => {
    for (const type of ["websocket", "@tss/transport-websocket"]) {
      const tss = await openTss({
        env: { TPM_INTERFACE_TYPE: type, TPM_WEBSOCKET_URL: proxy.url, TPM_WEBSOCKET_TOKEN: proxy.token },
      });
      try {
        const { randomBytes } = await tss.getRandom({ bytesRequested: 8 });
        expect(randomBytes.length).toBe(8);
      } finally {
        await tss.close();
      }
    }
    // Without the token: the transport is built on the first command, which fails with BAD_PROPERTY.
    const noToken = await openTss({ env: { TPM_INTERFACE_TYPE: "websocket", TPM_WEBSOCKET_URL: proxy.url } });
    try {
      await expect(noToken.getRandom({ bytesRequested: 8 })).rejects.toMatchObject({ code: "BAD_PROPERTY" });
    } finally {
      await noToken.close();
    }
  });

  it("the log has a line per connection and close, and never command bytes", () => {
    expect(lines.some((l) => /client \d+ from 127\.0\.0\.1:\d+: connected/.test(l))).toBe(true);
    expect(lines.some((l) => /client \d+: closed 1000 .*after \d+ commands/.test(l))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/80010000/i);
  });
});

/** The handles of one type the TPM lists now (0x80 transient, 0x02 loaded sessions, 0x03 saved sessions). */
async function handlesOf(tss: Tss, first: number): Promise<number[]> {
  const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: first, propertyCount: 64 });
  return (out.capabilityData.data as { handles: number[] }).handles;
}

/** Every transient object and session (loaded or saved) the TPM has now. */
async function allHandles(tss: Tss): Promise<number[]> {
  return [
    ...(await handlesOf(tss, 0x80000000)),
    ...(await handlesOf(tss, 0x02000000)),
    ...(await handlesOf(tss, 0x03000000)),
  ];
}

const hex = (h: number) => `0x${h.toString(16).padStart(8, "0")}`;

/** Waits (up to 5 s) for a log line from index `from` on that matches. */
async function logLine(log: readonly string[], pattern: RegExp, from = 0): Promise<string> {
  for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const line = log.slice(from).find((l) => pattern.test(l));
    if (line !== undefined) return line;
  }
  throw new Error(`no log line matches ${pattern}; log:\n${log.join("\n")}`);
}

const storagePrimary = async (tss: Tss) =>
  (
    await tss.createPrimary({
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: new Uint8Array(0) } },
      inPublic: { publicArea: eccStorageKey() as never },
      outsideInfo: new Uint8Array(0),
      creationPCR: [],
    })
  ).objectHandle;

describe("the proxy flushes what a client leaves behind (cleanup)", () => {
  it("a client that disconnects and does not come back: its primary, its HMAC and policy sessions (one context-saved) are flushed after the grace, not before", async () => {
    const observer = createTss({ transport: client(), crypto: createWebCrypto() });
    const leaver = createTss({ transport: client(), crypto: createWebCrypto() });
    try {
      const before = await allHandles(observer);
      const key = await storagePrimary(leaver);
      const hmac = await startAuthSession(leaver);
      const policy = await startAuthSession(leaver, { sessionType: TPM_SE.POLICY });
      await leaver.contextSave({ saveHandle: hmac }); // saved, not loaded: still the client's
      const mine = [key, hmac, policy];
      expect((await allHandles(observer)).filter((h) => mine.includes(h)).sort()).toEqual([...mine].sort());
      const flushedBefore = proxy.flushedCount;
      const mark = lines.length;
      await leaver.close();
      await logLine(lines, /cleanup: grace of 0\.5 s starts/, mark);
      expect((await allHandles(observer)).filter((h) => mine.includes(h)).sort()).toEqual([...mine].sort());
      const line = await logLine(lines, /cleanup: flushed 3 handles/, mark);
      const who = /^client \d+/.exec(line)![0];
      expect(lines.slice(mark)).toContain(`${who}: cleanup: grace of 0.5 s over: flushing`);
      for (const h of mine) expect(line).toContain(hex(h));
      expect(proxy.flushedCount - flushedBefore).toBe(3);
      expect((await allHandles(observer)).sort()).toEqual([...before].sort());
    } finally {
      await leaver.close();
      await observer.close();
    }
  });

  it("a handle the client flushed itself is not flushed again; another connected client's key stays loaded", async () => {
    const a = createTss({ transport: client(), crypto: createWebCrypto() });
    const b = createTss({ transport: client(), crypto: createWebCrypto() });
    try {
      const keyA = await storagePrimary(a);
      const sessionA = await startAuthSession(a);
      await a.flushContext({ flushHandle: sessionA });
      // A session used without continueSession ends with its command: not the client's any more either.
      const once = await startAuthSession(a);
      await a.create(
        {
          parentHandle: keyA,
          inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: enc.encode("sealed") } },
          inPublic: { publicArea: sealedData() as never },
          outsideInfo: new Uint8Array(0),
          creationPCR: [],
        },
        { sessions: [{ handle: once, attributes: 0 }] },
      );
      expect(await handlesOf(a, 0x02000000)).not.toContain(once);
      const keyB = await storagePrimary(b);
      const mark = lines.length;
      await a.close();
      const line = await logLine(lines, /cleanup: flushed \d+ handles/, mark);
      expect(line).toMatch(new RegExp(`cleanup: flushed 1 handles: ${hex(keyA)}$`));
      expect(lines.slice(mark).filter((l) => /cleanup: FlushContext/.test(l))).toEqual([]); // no failed flush
      const transients = await handlesOf(b, 0x80000000);
      expect(transients).toContain(keyB);
      expect(transients).not.toContain(keyA);
      await b.flushContext({ flushHandle: keyB });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a connection dropped by the proxy: the client's next command reconnects within the grace and goes on with its HMAC session and key", async () => {
    const t = client();
    const a = createTss({ transport: t, crypto: createWebCrypto() });
    const observer = createTss({ transport: client(), crypto: createWebCrypto() });
    let key = 0;
    let session = 0;
    try {
      key = await storagePrimary(a);
      session = await startAuthSession(a);
      const mark = lines.length;
      // The proxy loses GetRandom's response and closes the connection with 1011.
      upstream.loseNext = (cc) => cc === TPM_CC.GetRandom;
      expect((await rejection(a.getRandom({ bytesRequested: 8 }))).code).toBe("BAD_CONNECTION");
      const dropped = /^client (\d+):/.exec(await logLine(lines, /^client \d+: closed 1011 /, mark))![1];
      await logLine(lines, new RegExp(`^client ${dropped}: cleanup: grace of 0\\.5 s starts`), mark);
      // The same transport reconnects with its client id; the session's HMAC verifies, the key is there.
      const sealed = await a.create(
        {
          parentHandle: key,
          inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: enc.encode("kept") } },
          inPublic: { publicArea: sealedData() as never },
          outsideInfo: new Uint8Array(0),
          creationPCR: [],
        },
        { sessions: [{ handle: session, attributes: TPMA_SESSION.continueSession }] },
      );
      expect(sealed.outPrivate.length).toBeGreaterThan(0);
      expect(t.connectionCount).toBe(2);
      await logLine(lines, new RegExp(`cleanup: grace cancelled: client ${dropped}'s client id reconnected`), mark);
      // Past the grace: nothing was flushed for it (other tests' clients may be flushed meanwhile).
      await new Promise((r) => setTimeout(r, GRACE_MS + 300));
      expect(lines.slice(mark).filter((l) => l.startsWith(`client ${dropped}: cleanup: grace of 0.5 s over`))).toEqual(
        [],
      );
      const now = await allHandles(observer);
      expect(now).toContain(key);
      expect(now).toContain(session);
    } finally {
      upstream.loseNext = undefined;
      if (session !== 0) await a.flushContext({ flushHandle: session }).catch(() => undefined);
      if (key !== 0) await a.flushContext({ flushHandle: key }).catch(() => undefined);
      await a.close();
      await observer.close();
    }
  });

  it("close() flushes at once what a client in its grace holds", async () => {
    const graceLines: string[] = [];
    const long = await createWebSocketProxy({
      transport: upstream,
      cleanupGraceMs: 60_000,
      log: (l) => graceLines.push(l),
    });
    const leaver = createTss({
      transport: new WebSocketTransport({ url: long.url, token: long.token, WebSocket: WS }),
      crypto: createWebCrypto(),
    });
    const observer = createTss({ transport: client(), crypto: createWebCrypto() });
    try {
      const key = await storagePrimary(leaver);
      await leaver.close();
      await logLine(graceLines, /cleanup: grace of 60 s starts/);
      expect(await handlesOf(observer, 0x80000000)).toContain(key);
      await long.close();
      expect(graceLines.some((l) => /cleanup: the proxy stops: flushing without the grace/.test(l))).toBe(true);
      expect(graceLines.some((l) => l.endsWith(`cleanup: flushed 1 handles: ${hex(key)}`))).toBe(true);
      expect(await handlesOf(observer, 0x80000000)).not.toContain(key);
    } finally {
      await leaver.close();
      await observer.close();
      await long.close();
    }
  });

  it("with cleanup off, a client's handles outlive its connection", async () => {
    const offLines: string[] = [];
    const off = await createWebSocketProxy({ transport: upstream, cleanup: false, log: (l) => offLines.push(l) });
    const leaver = createTss({
      transport: new WebSocketTransport({ url: off.url, token: off.token, WebSocket: WS }),
      crypto: createWebCrypto(),
    });
    const observer = createTss({ transport: client(), crypto: createWebCrypto() });
    try {
      const key = await storagePrimary(leaver);
      const session = await startAuthSession(leaver);
      await leaver.close();
      await logLine(offLines, /closed 1000/);
      await new Promise((r) => setTimeout(r, 200));
      const now = await allHandles(observer);
      expect(now).toContain(key);
      expect(now).toContain(session);
      expect(offLines.join("\n")).not.toMatch(/cleanup/);
      expect(off.flushedCount).toBe(0);
      await observer.flushContext({ flushHandle: key });
      await observer.flushContext({ flushHandle: session });
    } finally {
      await leaver.close();
      await observer.close();
      await off.close();
    }
  });
});

it("the main entry bundles for the browser from dist: no ws, no node: module, no require", async () => {
  const dist = join(dirname(fileURLToPath(import.meta.url)), "../../../packages/transport-websocket/dist/index.js");
  expect(existsSync(dist), "run `pnpm build` first").toBe(true);
  const result = await build({
    entryPoints: [dist],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((f) => f.includes("transport-websocket/dist/websocket-transport.js"))).toBe(true);
  expect(
    inputs.filter((f) => f.includes("/server/") || f.includes("node_modules/ws/") || f.startsWith("node:")),
  ).toEqual([]);
  const code = result.outputFiles[0]!.text;
  expect(code).not.toMatch(/["'`]node:/);
  expect(code).not.toMatch(/\brequire\(/);
});
