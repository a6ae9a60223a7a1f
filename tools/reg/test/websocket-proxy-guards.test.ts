// The guards of the WebSocket proxy (@tss/transport-websocket/server), in front
// of swtpm: each refusal with its close code and readable reason, as a raw
// WebSocket client sees it and as WebSocketTransport reports it (TssError
// REFUSED): a page from another origin, a missing and a wrong token, an
// oversized frame, denied commands (denyDangerous, allow and deny lists),
// malformed frames, a busy TPM without the queue; the options that would make
// it unsafe; the static folder; the log. Then `tss proxy --websocket` (the
// built CLI) starts, prints its url and token, serves a client and another
// utility (TPM_INTERFACE_TYPE=websocket), refuses Clear.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SendOptions, type Transport, TssError } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { testCommands } from "@tss/transport-testkit";
import { CLOSE_CODE, type WebSocketConstructor, WebSocketTransport } from "@tss/transport-websocket";
import { createWebSocketProxy, type WebSocketProxyOptions } from "@tss/transport-websocket/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type CliEnv, ensureCliBuilt, handleOf, runTss, startCliEnv, TSS_BIN, tssOk } from "./support/cli-runner.js";

const WS = WebSocket as unknown as WebSocketConstructor;

/** The proxy's upstream: swtpm, with the code of every command that reached it. */
class Upstream implements Transport {
  readonly codes: number[] = [];
  constructor(readonly inner: Transport) {}
  send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    this.codes.push(new DataView(command.buffer, command.byteOffset).getUint32(6));
    return this.inner.send(command, options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A header-only command frame (enough for the proxy's checks: they never reach a TPM when refused). */
function bareCommand(code: number, size = 10): Uint8Array {
  const c = new Uint8Array(size);
  const v = new DataView(c.buffer);
  v.setUint16(0, 0x8001);
  v.setUint32(2, size);
  v.setUint32(6, code);
  return c;
}

interface RawOutcome {
  readonly opened: boolean;
  readonly code: number;
  readonly reason: string;
  readonly messages: Uint8Array[];
}

/** A raw ws client: offers `protocols` (with `origin`), sends `frames` once open, resolves when it closes. */
function rawClient(
  url: string,
  protocols: string[],
  frames: (Uint8Array | string)[] = [],
  origin?: string,
): Promise<RawOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, origin === undefined ? {} : { origin });
    const messages: Uint8Array[] = [];
    let opened = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("the proxy neither closed nor answered within 5 s"));
    }, 5000);
    ws.on("open", () => {
      opened = true;
      for (const f of frames) ws.send(f);
      if (frames.length === 0) setTimeout(() => ws.close(1000), 300);
    });
    ws.on("message", (data: Buffer) => {
      messages.push(new Uint8Array(data));
      if (messages.length === frames.length) ws.close(1000);
    });
    ws.on("error", () => {});
    ws.on("close", (code, reason) => {
      clearTimeout(timer);
      resolve({ opened, code, reason: reason.toString(), messages });
    });
  });
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  try {
    await p;
  } catch (e) {
    return e as TssError;
  }
  throw new Error("expected a rejection");
}

const ccOf = (r: Uint8Array) => new DataView(r.buffer, r.byteOffset).getUint32(6);

let cli: CliEnv;
let upstream: Upstream;
const lines: string[] = [];

beforeAll(async () => {
  [cli] = await Promise.all([startCliEnv(), ensureCliBuilt()]);
  upstream = new Upstream(new MssimTransport({ host: cli.tpm.host, port: cli.tpm.port, responseTimeoutMs: 10_000 }));
}, 180_000);

afterAll(async () => {
  await upstream?.close();
  await cli?.stop();
});

/** Runs `body` with a proxy in front of swtpm, closed afterwards. */
async function withProxy(
  options: Omit<WebSocketProxyOptions, "transport">,
  body: (proxy: Awaited<ReturnType<typeof createWebSocketProxy>>) => Promise<void>,
) {
  const proxy = await createWebSocketProxy({ transport: upstream, log: (l) => lines.push(l), ...options });
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

describe("the WebSocket proxy refuses, with a code and a reason", () => {
  it("a page from an origin not allowed: 4403; an allowed origin is served", async () => {
    await withProxy({ origins: ["http://localhost:5173"] }, async (proxy) => {
      const good = [`tss.tpm.v1`, `tss.bearer.${proxy.token}`];
      const evil = await rawClient(proxy.url, good, [], "http://evil.example");
      expect(evil).toMatchObject({
        opened: true,
        code: CLOSE_CODE.ORIGIN,
        reason: "origin http://evil.example not allowed",
      });
      // The same through WebSocketTransport: TssError REFUSED carrying the reason; nothing reached the TPM.
      const before = upstream.codes.length;
      class EvilOrigin extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { origin: "http://evil.example" });
        }
      }
      const t = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: EvilOrigin as never });
      const e = await rejection(t.send(testCommands.getRandom(8)));
      expect(e).toBeInstanceOf(TssError);
      expect(e.code).toBe("REFUSED");
      expect(e.message).toContain("4403: origin http://evil.example not allowed");
      await t.close();
      expect(upstream.codes.length).toBe(before);
      const ok = await rawClient(
        proxy.url,
        good,
        [Uint8Array.of(0, ...testCommands.getRandom(8))],
        "http://localhost:5173",
      );
      expect(ok.code).toBe(1000);
      expect(ok.messages.length).toBe(1);
      expect(new DataView(ok.messages[0]!.buffer).getUint16(10)).toBe(8);
    });
  });

  it("a missing token and a wrong token: 4401", async () => {
    await withProxy({}, async (proxy) => {
      const missing = await rawClient(proxy.url, ["tss.tpm.v1"], [Uint8Array.of(0, ...testCommands.getRandom(8))]);
      expect(missing).toMatchObject({ code: CLOSE_CODE.UNAUTHORIZED, reason: "missing or wrong token", messages: [] });
      const wrong = await rawClient(proxy.url, ["tss.tpm.v1", `tss.bearer.${"ab".repeat(32)}`], []);
      expect(wrong).toMatchObject({ code: 4401, reason: "missing or wrong token" });
      const t = new WebSocketTransport({ url: proxy.url, token: "cd".repeat(32), WebSocket: WS });
      const e = await rejection(t.send(testCommands.getRandom(8)));
      expect(e.code).toBe("REFUSED");
      expect(e.message).toContain("4401: missing or wrong token");
      await t.close();
      // No subprotocol offered at all: 4400. (A client that offers others but not tss.tpm.v1 gets no
      // subprotocol in the answer and fails the handshake itself, as a browser does: 1006.)
      const noProtocol = await rawClient(proxy.url, []);
      expect(noProtocol.code).toBe(CLOSE_CODE.MALFORMED);
    });
  });

  it("an oversized frame: 1009 with its size and the limit", async () => {
    await withProxy({}, async (proxy) => {
      const good = ["tss.tpm.v1", `tss.bearer.${proxy.token}`];
      const big = await rawClient(proxy.url, good, [new Uint8Array(5000)]);
      expect(big).toMatchObject({ code: 1009, reason: "frame of 5000 octets exceeds the limit 4097" });
      const t = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      const e = await rejection(t.send(bareCommand(0x17b, 4200)));
      expect(e.code).toBe("REFUSED");
      expect(e.message).toContain("1009: frame of 4201 octets exceeds the limit 4097");
      // The next send opens a new connection and works.
      expect(ccOf(await t.send(testCommands.getRandom(4)))).toBe(0);
      await t.close();
    });
    await withProxy({ maxFrame: 64 }, async (proxy) => {
      const t = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      expect((await rejection(t.send(bareCommand(0x17b, 100)))).message).toContain(
        "frame of 101 octets exceeds the limit 64",
      );
      await t.close();
    });
  });

  it("denied commands: 4405 naming the command; the TPM never sees it", async () => {
    await withProxy({ denyDangerous: true }, async (proxy) => {
      const t = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      const e = await rejection(t.send(bareCommand(0x126)));
      expect(e.code).toBe("REFUSED");
      expect(e.message).toContain("4405: command TPM_CC_Clear (0x126) denied");
      const raw = await rawClient(
        proxy.url,
        ["tss.tpm.v1", `tss.bearer.${proxy.token}`],
        [Uint8Array.of(0, ...bareCommand(0x121))],
      );
      expect(raw).toMatchObject({ code: 4405, reason: "command TPM_CC_HierarchyControl (0x121) denied" });
      expect(ccOf(await t.send(testCommands.getRandom(4)))).toBe(0);
      await t.close();
    });
    await withProxy(
      { allowCommands: ["GetRandom", "TPM_CC_GetCapability"], denyCommands: ["0x17a"] },
      async (proxy) => {
        const t = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
        expect(ccOf(await t.send(testCommands.getRandom(4)))).toBe(0);
        // GetCapability (0x17a) is on both lists: deny wins. PCR_Read (0x17e) is not on the allowlist.
        expect((await rejection(t.send(testCommands.getFamilyIndicator()))).message).toContain(
          "command TPM_CC_GetCapability (0x17a) denied",
        );
        expect((await rejection(t.send(bareCommand(0x17e)))).message).toContain(
          "command TPM_CC_PCR_Read (0x17e) denied",
        );
        await t.close();
      },
    );
    expect(upstream.codes).not.toContain(0x126);
    expect(upstream.codes).not.toContain(0x121);
    expect(upstream.codes).not.toContain(0x17e);
  });

  it("malformed frames: 4400 saying what is wrong", async () => {
    await withProxy({}, async (proxy) => {
      const good = ["tss.tpm.v1", `tss.bearer.${proxy.token}`];
      const cases: [Uint8Array | string, RegExp][] = [
        ["a text message", /^malformed frame: not a binary message$/],
        [Uint8Array.of(0, 1, 2), /^malformed frame: 3 octets is shorter/],
        [Uint8Array.of(7, ...testCommands.getRandom(4)), /^malformed frame: locality 7 is not 0\.\.4$/],
        [
          Uint8Array.of(0, ...testCommands.getRandom(4), 0),
          /^malformed frame: the command header says 12 octets, the frame carries 13$/,
        ],
      ];
      for (const [frame, reason] of cases) {
        const out = await rawClient(proxy.url, good, [frame]);
        expect(out.code).toBe(CLOSE_CODE.MALFORMED);
        expect(out.reason).toMatch(reason);
      }
    });
    // A client that floods commands without waiting for responses (the TPM slowed down to make them pile up).
    const slow: Transport = {
      send: async (c, o) => {
        await new Promise((r) => setTimeout(r, 20));
        return upstream.send(c, o);
      },
      close: async () => {},
    };
    const proxy = await createWebSocketProxy({ transport: slow });
    try {
      const frame = Uint8Array.of(0, ...testCommands.getRandom(4));
      const out = await rawClient(proxy.url, ["tss.tpm.v1", `tss.bearer.${proxy.token}`], Array(20).fill(frame));
      expect(out.code).toBe(CLOSE_CODE.MALFORMED);
      expect(out.reason).toBe("malformed frame: more than 8 commands in flight");
      expect(out.messages.length).toBeLessThanOrEqual(8);
    } finally {
      await proxy.close();
    }
  });

  it("without the queue a second client is busy: 4429; once the first leaves, the next is served", async () => {
    await withProxy({ queue: false }, async (proxy) => {
      const first = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      expect(ccOf(await first.send(testCommands.getRandom(4)))).toBe(0);
      const second = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      const e = await rejection(second.send(testCommands.getRandom(4)));
      expect(e.code).toBe("REFUSED");
      expect(e.message).toContain("4429: busy: another client holds the TPM");
      await first.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(ccOf(await second.send(testCommands.getRandom(4)))).toBe(0);
      await second.close();
    });
  });

  it("without the queue an idle holder is closed after the idle timeout (4408), and the next client is served", async () => {
    await withProxy({ queue: false, idleTimeoutMs: 600 }, async (proxy) => {
      // A raw client that connects and never sends: closed with 4408, not held open.
      const silent = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
        const ws = new WebSocket(proxy.url, ["tss.tpm.v1", `tss.bearer.${proxy.token}`]);
        const timer = setTimeout(() => {
          ws.terminate();
          reject(new Error("the idle client was not closed within 5 s"));
        }, 5000);
        ws.on("error", () => {});
        ws.on("close", (code, reason) => {
          clearTimeout(timer);
          resolve({ code, reason: reason.toString() });
        });
      });
      expect(silent).toEqual({ code: CLOSE_CODE.IDLE, reason: "idle: no command for 0.6 s" });
      // A client that sends, then goes quiet: served while active, then closed; its next
      // command opens a new connection and is served; meanwhile another client got the TPM
      // (without the queue a second client is refused with 4429 while the first holds it).
      const first = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      expect(ccOf(await first.send(testCommands.getRandom(4)))).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
      expect(ccOf(await first.send(testCommands.getRandom(4)))).toBe(0); // activity restarts the timer
      await new Promise((r) => setTimeout(r, 300));
      expect(proxy.clientCount).toBe(1); // connected 600 ms, but idle 300 ms at most
      await new Promise((r) => setTimeout(r, 700));
      const second = new WebSocketTransport({ url: proxy.url, token: proxy.token, WebSocket: WS });
      expect(ccOf(await second.send(testCommands.getRandom(4)))).toBe(0);
      await second.close();
      await new Promise((r) => setTimeout(r, 100));
      expect(ccOf(await first.send(testCommands.getRandom(4)))).toBe(0);
      await first.close();
    });
    expect(lines.join("\n")).toMatch(/client \d+: idle: no command for 0\.6 s: disconnected with 4408/);
    await expect(createWebSocketProxy({ transport: upstream, idleTimeoutMs: -1 })).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});

describe("the WebSocket proxy's options", () => {
  it("refuses unsafe or invalid settings before listening", async () => {
    await expect(createWebSocketProxy({ transport: upstream, host: "0.0.0.0" })).rejects.toThrow(/allowRemote/);
    await expect(createWebSocketProxy({ transport: upstream, token: "NOT-HEX" })).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    await expect(createWebSocketProxy({ transport: upstream, origins: ["not an origin"] })).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    await expect(createWebSocketProxy({ transport: upstream, denyCommands: ["NoSuchCommand"] })).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    expect(() => new WebSocketTransport({ url: "http://x/", token: "ab".repeat(32), WebSocket: WS })).toThrow(
      /ws: or wss:/,
    );
    expect(() => new WebSocketTransport({ url: "ws://x/", token: "short", WebSocket: WS })).toThrow(TssError);
  });

  it("serves a static folder on the same port and allows the page's own origin", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tss-ws-static-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>tpm</title>");
    writeFileSync(join(dir, ".secret"), "not for the web");
    try {
      await withProxy({ static: dir }, async (proxy) => {
        const page = `http://127.0.0.1:${proxy.port}`;
        const index = await fetch(`${page}/`);
        expect(index.status).toBe(200);
        expect(index.headers.get("content-type")).toContain("text/html");
        expect(await index.text()).toContain("<title>tpm</title>");
        expect((await fetch(`${page}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
        expect((await fetch(`${page}/missing.js`)).status).toBe(404);
        expect((await fetch(`${page}/.secret`)).status).toBe(404);
        expect(proxy.origins).toContain(page);
        const ok = await rawClient(
          proxy.url,
          ["tss.tpm.v1", `tss.bearer.${proxy.token}`],
          [Uint8Array.of(0, ...testCommands.getRandom(3))],
          page,
        );
        expect(ok.messages.length).toBe(1);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("logs connections and refusals, never command bytes", () => {
    const log = lines.join("\n");
    expect(log).toMatch(/client \d+ from 127\.0\.0\.1:\d+ origin http:\/\/evil\.example: connected/);
    expect(log).toMatch(/client \d+: refused 4403 origin http:\/\/evil\.example not allowed/);
    expect(log).toMatch(/client \d+: refused 4405 command TPM_CC_Clear \(0x126\) denied/);
    expect(log).toMatch(/client \d+: refused 1009 frame of 5000 octets/);
    expect(log).not.toMatch(/8001000000/i);
  });
});

describe("tss proxy --websocket", () => {
  it("prints url and token on its first line, serves a client, refuses Clear with --deny-dangerous, stops on SIGTERM", async () => {
    await upstream.close(); // swtpm serves one connection at a time: the CLI's proxy takes it
    const child: ChildProcess = spawn(
      process.execPath,
      [TSS_BIN, "proxy", "--websocket", "--deny-dangerous", "--cleanup-grace", "1"],
      {
        env: cli.env,
        cwd: cli.dir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr!.on("data", (d) => {
      err += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no first line within 15 s; stderr: ${err}`)), 15_000);
        child.stdout!.on("data", (d) => {
          out += String(d);
          const nl = out.indexOf("\n");
          if (nl >= 0) {
            clearTimeout(timer);
            resolve(out.slice(0, nl));
          }
        });
      });
      const m = /^url=(ws:\/\/127\.0\.0\.1:\d+\/) token=([0-9a-f]{64})$/.exec(first);
      expect(m, first).not.toBeNull();
      const t = new WebSocketTransport({ url: m![1]!, token: m![2]!, WebSocket: WS });
      const r = await t.send(testCommands.getRandom(12));
      expect(new DataView(r.buffer, r.byteOffset).getUint16(10)).toBe(12);
      expect((await rejection(t.send(bareCommand(0x126)))).message).toContain("command TPM_CC_Clear (0x126) denied");
      await t.close();
      // Another tss utility reaches the TPM through it: TPM_INTERFACE_TYPE=websocket.
      const viaProxy = await runTss(["getrandom", "-by", "8"], {
        ...cli.env,
        TPM_INTERFACE_TYPE: "websocket",
        TPM_WEBSOCKET_URL: m![1]!,
        TPM_WEBSOCKET_TOKEN: m![2]!,
      });
      expect(viaProxy.code, viaProxy.err).toBe(0);
      expect(viaProxy.out).toMatch(/randomBytes length 8/);
      // A utility that leaves a primary key loaded: the proxy flushes it once the utility's
      // connection is closed and its client id has not come back within --cleanup-grace.
      const created = await runTss(["createprimary", "-hi", "o", "-ecc", "nistp256"], {
        ...cli.env,
        TPM_INTERFACE_TYPE: "websocket",
        TPM_WEBSOCKET_URL: m![1]!,
        TPM_WEBSOCKET_TOKEN: m![2]!,
      });
      expect(created.code, created.err).toBe(0);
      const handle = handleOf(created.out);
      for (const until = Date.now() + 5000; !/cleanup: flushed/.test(err) && Date.now() < until; )
        await new Promise((r) => setTimeout(r, 20));
      expect(err).toMatch(new RegExp(`proxy: client \\d+: cleanup: flushed 1 handles: 0x${handle}\n`));
      expect(err).toMatch(/proxy: client \d+: cleanup: grace of 1 s starts/);
      expect(err).toMatch(/proxy: client \d+: cleanup: grace of 1 s over: flushing/);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(err).toMatch(/proxy: client \d+: refused 4405 command TPM_CC_Clear \(0x126\) denied/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("--json: JSON Lines on standard output (listening, log records, stopped); --no-queue --idle-timeout frees an idle holder", async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      [TSS_BIN, "proxy", "--websocket", "--json", "--no-queue", "--idle-timeout", "1"],
      { env: cli.env, cwd: cli.dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    let url = "";
    child.stderr!.on("data", (d) => {
      err += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const first = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no first line within 15 s; stderr: ${err}`)), 15_000);
        child.stdout!.on("data", (d) => {
          out += String(d);
          const nl = out.indexOf("\n");
          if (nl >= 0) {
            clearTimeout(timer);
            resolve(out.slice(0, nl));
          }
        });
      });
      const listening = JSON.parse(first) as { event: string; url: string; token: string; host: string; port: number };
      expect(listening.event).toBe("listening");
      expect(listening.url).toBe(`ws://127.0.0.1:${listening.port}/`);
      expect(listening.token).toMatch(/^[0-9a-f]{64}$/);
      expect(listening.host).toBe("127.0.0.1");
      url = listening.url;
      // A client that connects and never sends is closed after 1 s; then another is served.
      const silent = await new Promise<{ code: number; reason: string }>((resolve, reject) => {
        const ws = new WebSocket(listening.url, ["tss.tpm.v1", `tss.bearer.${listening.token}`]);
        const timer = setTimeout(() => {
          ws.terminate();
          reject(new Error("the idle client was not closed within 10 s"));
        }, 10_000);
        ws.on("error", () => {});
        ws.on("close", (code, reason) => {
          clearTimeout(timer);
          resolve({ code, reason: reason.toString() });
        });
      });
      expect(silent).toEqual({ code: 4408, reason: "idle: no command for 1 s" });
      const t = new WebSocketTransport({ url: listening.url, token: listening.token, WebSocket: WS });
      expect(ccOf(await t.send(testCommands.getRandom(8)))).toBe(0);
      await t.close();
      await new Promise((r) => setTimeout(r, 100));
      child.kill("SIGTERM");
      expect(await exited, err).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    // Every line is one JSON document: one "listening" first, "log" records, "stopped" last.
    const records = out
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { event: string; message?: string; client?: number; commandCount?: number });
    expect(records[0]!.event).toBe("listening");
    expect(records.filter((r) => r.event === "listening")).toHaveLength(1);
    expect(records.at(-1)).toEqual({ event: "stopped", commandCount: 1 });
    const logs = records.slice(1, -1);
    expect(logs.every((r) => r.event === "log" && typeof r.message === "string")).toBe(true);
    expect(logs.map((r) => r.message)).toContain(`listening on ${url}`);
    const idle = logs.find((r) => /idle: no command for 1 s: disconnected with 4408/.test(r.message!));
    expect(idle?.client, JSON.stringify(logs)).toBeTypeOf("number");
    expect(err).not.toMatch(/proxy: /); // under --json the log is on standard output only
  });

  it("--no-cleanup: a primary key created through the proxy stays loaded after its client left", async () => {
    const child: ChildProcess = spawn(process.execPath, [TSS_BIN, "proxy", "--websocket", "--no-cleanup"], {
      env: cli.env,
      cwd: cli.dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (d) => {
      err += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let handle = "";
    try {
      const first = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no first line within 15 s; stderr: ${err}`)), 15_000);
        child.stdout!.on("data", (d) => {
          out += String(d);
          const nl = out.indexOf("\n");
          if (nl >= 0) {
            clearTimeout(timer);
            resolve(out.slice(0, nl));
          }
        });
      });
      const m = /^url=(\S+) token=([0-9a-f]{64})$/.exec(first);
      expect(m, first).not.toBeNull();
      const created = await runTss(["createprimary", "-hi", "o", "-ecc", "nistp256"], {
        ...cli.env,
        TPM_INTERFACE_TYPE: "websocket",
        TPM_WEBSOCKET_URL: m![1]!,
        TPM_WEBSOCKET_TOKEN: m![2]!,
      });
      expect(created.code, created.err).toBe(0);
      handle = handleOf(created.out);
      for (const until = Date.now() + 5000; !/closed 1000/.test(err) && Date.now() < until; )
        await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGTERM");
      expect(await exited, err).toBe(0);
      expect(err).toMatch(/closed 1000/);
      expect(err).not.toMatch(/cleanup/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    // The proxy has let go of the TPM: the key is still there, then flushed here.
    const caps = await tssOk(cli, "getcapability", "-cap", "1", "-pr", "80000000");
    expect(caps.toLowerCase()).toContain(handle);
    await tssOk(cli, "flushcontext", "-ha", handle);
  });

  it("-h names --idle-timeout and the JSON Lines output; a too long --idle-timeout is refused", async () => {
    const help = await cli.tss("proxy", "-h");
    expect(help.code).toBe(1);
    expect(help.out).toContain("--idle-timeout <seconds>");
    expect(help.out).toContain("default 300 with --no-queue");
    expect(help.out).toContain('{"event":"listening"');
    expect(help.out).toContain("--no-cleanup leave a client's transient objects and sessions loaded");
    const bad = await cli.tss("proxy", "--websocket", "--idle-timeout", "9999999");
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toContain("--idle-timeout illegal value 9999999");
    expect(help.out).toContain("--cleanup-grace <seconds>");
    const badGrace = await cli.tss("proxy", "--websocket", "--cleanup-grace", "9999999");
    expect(badGrace.code).toBe(1);
    expect(badGrace.out + badGrace.err).toContain("--cleanup-grace illegal value 9999999");
  });

  it("needs --websocket, and --allow-remote for a non-loopback address", async () => {
    const noMode = await cli.tss("proxy");
    expect(noMode.code).not.toBe(0);
    expect(noMode.err + noMode.out).toMatch(/--websocket/);
    const remote = await cli.tss("proxy", "--websocket", "-host", "0.0.0.0");
    expect(remote.code).not.toBe(0);
    expect(remote.err + remote.out).toMatch(/not a loopback address/);
  });
});
