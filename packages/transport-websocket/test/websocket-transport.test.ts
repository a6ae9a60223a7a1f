// WebSocketTransport against a scripted fake WebSocket: the frame it sends, the
// checks before sending, the responses it refuses, close codes as typed
// errors, connect failures, timeouts, aborts and reconnecting.
import { TssError } from "@tss/marshal";
import { beforeEach, describe, expect, it } from "vitest";
import { createTransportFromProperties, WebSocketTransport } from "../src/index.js";
import { FakeWebSocket, setScript, sockets } from "./fake-websocket.js";

const TOKEN = "0123456789abcdef".repeat(4);
const URL_ = "ws://127.0.0.1:9/";

/** TPM2_GetRandom(n). */
function getRandom(n: number): Uint8Array {
  return Uint8Array.of(0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, n);
}
/** A success response carrying `n` octets. */
function randomResponse(n: number): Uint8Array {
  const r = new Uint8Array(12 + n);
  const v = new DataView(r.buffer);
  v.setUint16(0, 0x8001);
  v.setUint32(2, r.length);
  v.setUint16(10, n);
  return r;
}

const transport = (options: Partial<ConstructorParameters<typeof WebSocketTransport>[0]> = {}) =>
  new WebSocketTransport({ url: URL_, token: TOKEN, WebSocket: FakeWebSocket, reconnect: false, ...options });

async function rejection(p: Promise<unknown>): Promise<TssError> {
  try {
    await p;
  } catch (e) {
    return e as TssError;
  }
  throw new Error("expected a rejection");
}

beforeEach(() => {
  sockets.length = 0;
  setScript({ onFrame: (s, f) => s.reply(randomResponse(f[f.length - 1]!)) });
});

describe("WebSocketTransport", () => {
  it("offers tss.tpm.v1 and the bearer token, sends the locality octet and the command, returns the response", async () => {
    const t = transport();
    const r = await t.send(getRandom(5), { locality: 3 });
    expect(r).toEqual(randomResponse(5));
    expect(sockets[0]!.protocols).toEqual(["tss.tpm.v1", `tss.bearer.${TOKEN}`]);
    expect(sockets[0]!.binaryType).toBe("arraybuffer");
    expect(sockets[0]!.frames[0]).toEqual(Uint8Array.of(3, ...getRandom(5)));
    await t.close();
    expect(sockets[0]!.closedWith?.code).toBe(1000);
    await t.close(); // twice is harmless
  });

  it("checks the command and the options before anything is sent", async () => {
    const t = transport();
    expect((await rejection(t.send(getRandom(5).subarray(0, 8)))).code).toBe("BAD_PARAMETER");
    expect((await rejection(t.send(Uint8Array.of(...getRandom(5), 0)))).code).toBe("BAD_PARAMETER");
    expect((await rejection(t.send(getRandom(5), { locality: 9 }))).code).toBe("BAD_PARAMETER");
    expect((await rejection(t.send(getRandom(5), { locality: 32 }))).code).toBe("UNSUPPORTED");
    expect((await rejection(t.send(getRandom(5), { signal: {} as never }))).code).toBe("BAD_PARAMETER");
    expect((await rejection(t.send(getRandom(5), { signal: AbortSignal.abort() }))).code).toBe("ABORTED");
    expect(sockets.length).toBe(0);
  });

  it("rejects bad construction: URL scheme, token, no WebSocket in the runtime", () => {
    expect(() => transport({ url: "http://x/" })).toThrow(/ws: or wss:/);
    expect(() => transport({ url: "not a url" })).toThrow(/not a URL/);
    expect(() => transport({ token: "ABCDEF".repeat(8) })).toThrow(/lower-case hex/);
    expect(() => transport({ token: "ab" })).toThrow(TssError);
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    g.WebSocket = undefined;
    try {
      expect(() => new WebSocketTransport({ url: URL_, token: TOKEN })).toThrow(/no WebSocket/);
    } finally {
      g.WebSocket = saved;
    }
  });

  it("a response whose size is not its header's, or a text message, is MALFORMED_RESPONSE and drops the connection", async () => {
    setScript({ onFrame: (s) => s.reply(randomResponse(4).subarray(0, 14)) });
    const t = transport();
    expect((await rejection(t.send(getRandom(4)))).code).toBe("MALFORMED_RESPONSE");
    setScript({ onFrame: (s) => s.reply("text") });
    const e = await rejection(t.send(getRandom(4)));
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(e.message).toMatch(/not a binary message/);
    expect(sockets.length).toBe(2);
    expect(sockets[0]!.readyState).toBe(3);
  });

  it("a close with a refusal code is REFUSED with the reason; a lost connection is BAD_CONNECTION; the next send reconnects", async () => {
    setScript({ onFrame: (s) => s.serverClose(4405, "command TPM_CC_Clear (0x126) denied") });
    const t = transport();
    const refused = await rejection(t.send(getRandom(4)));
    expect(refused.code).toBe("REFUSED");
    expect(refused.message).toContain("4405: command TPM_CC_Clear (0x126) denied");
    setScript({ onFrame: (s) => s.serverClose(1006, "") });
    expect((await rejection(t.send(getRandom(4)))).code).toBe("BAD_CONNECTION");
    setScript({ onFrame: (s, f) => s.reply(randomResponse(f[f.length - 1]!)) });
    expect(await t.send(getRandom(4))).toEqual(randomResponse(4));
    expect(t.connectionCount).toBe(3);
  });

  it("every connection of one instance presents the same client id (?client=, the user's query kept); two instances differ", async () => {
    const t = transport({ url: "ws://127.0.0.1:9/tpm?room=a&client=forged" });
    expect(t.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(t.url).toBe("ws://127.0.0.1:9/tpm?room=a&client=forged"); // as given
    setScript({ onFrame: (s) => s.serverClose(1011, "the TPM did not answer") });
    expect((await rejection(t.send(getRandom(4)))).code).toBe("BAD_CONNECTION");
    setScript({ onFrame: (s, f) => s.reply(randomResponse(f[f.length - 1]!)) });
    expect(await t.send(getRandom(4))).toEqual(randomResponse(4));
    await t.close();
    expect(await t.send(getRandom(4))).toEqual(randomResponse(4));
    await t.close();
    expect(sockets.length).toBe(3);
    for (const s of sockets) {
      const u = new URL(s.url);
      expect(u.pathname).toBe("/tpm");
      expect(u.searchParams.get("room")).toBe("a");
      expect(u.searchParams.getAll("client")).toEqual([t.clientId]);
    }
    const other = transport();
    await other.send(getRandom(4));
    await other.close();
    expect(other.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(other.clientId).not.toBe(t.clientId);
    expect(sockets[3]!.url).toBe(`${URL_}?client=${other.clientId}`);
  });

  it("a proxy that does not answer with tss.tpm.v1, refuses the connection, or never opens", async () => {
    setScript({ open: "" });
    expect((await rejection(transport().send(getRandom(4)))).message).toMatch(/does not speak tss\.tpm\.v1/);
    setScript({ open: "refuse" });
    expect((await rejection(transport().send(getRandom(4)))).code).toBe("BAD_CONNECTION");
    setScript({ open: "never" });
    expect((await rejection(transport({ connectTimeoutMs: 50 }).send(getRandom(4)))).code).toBe("TIMEOUT");
  });

  it("keeps trying to connect within the reconnect window", async () => {
    let refusals = 2;
    setScript({ open: "refuse" });
    const t = transport({ reconnect: { windowMs: 2000, firstDelayMs: 10 } });
    const pending = t.send(getRandom(4));
    const timer = setInterval(() => {
      if (sockets.length >= refusals) {
        setScript({ onFrame: (s, f) => s.reply(randomResponse(f[f.length - 1]!)) });
        refusals = Infinity;
      }
    }, 2);
    try {
      expect(await pending).toEqual(randomResponse(4));
      expect(sockets.length).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(timer);
    }
  });

  it("timeout and abort settle at once, drop the connection, and the next send uses a new one", async () => {
    setScript({});
    const t = transport({ timeoutMs: 50 });
    expect((await rejection(t.send(getRandom(4)))).code).toBe("TIMEOUT");
    const controller = new AbortController();
    const pending = t.send(getRandom(4), { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await rejection(pending)).code).toBe("ABORTED");
    expect(sockets[0]!.readyState).toBe(3);
    expect(sockets[1]!.readyState).toBe(3);
    setScript({ onFrame: (s, f) => s.reply(randomResponse(f[f.length - 1]!)) });
    expect(await t.send(getRandom(2))).toEqual(randomResponse(2));
  });

  it("queues overlapping sends: one frame in flight at a time, each its own response", async () => {
    let inFlight = 0;
    let most = 0;
    setScript({
      onFrame: (s, f) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          s.reply(randomResponse(f[f.length - 1]!));
        }, 3);
      },
    });
    const t = transport();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => t.send(getRandom(n))));
    expect(results).toEqual([1, 2, 3, 4, 5].map(randomResponse));
    expect(most).toBe(1);
    expect(sockets.length).toBe(1);
  });
});

describe("createTransportFromProperties", () => {
  it("needs TPM_WEBSOCKET_TOKEN, takes TPM_WEBSOCKET_URL or builds it from TPM_SERVER_NAME and TPM_COMMAND_PORT", async () => {
    await expect(createTransportFromProperties({})).rejects.toMatchObject({ code: "BAD_PROPERTY" });
    await expect(
      createTransportFromProperties({ TPM_WEBSOCKET_TOKEN: TOKEN, TPM_WEBSOCKET_URL: "http://x/" }),
    ).rejects.toMatchObject({ code: "BAD_PROPERTY" });
    const t = (await createTransportFromProperties({
      TPM_WEBSOCKET_TOKEN: TOKEN,
      TPM_SERVER_NAME: "::1",
      TPM_COMMAND_PORT: "8080",
    })) as WebSocketTransport;
    expect(t.url).toBe("ws://[::1]:8080/");
    const u = (await createTransportFromProperties({
      TPM_WEBSOCKET_TOKEN: TOKEN,
      TPM_WEBSOCKET_URL: "wss://tpm.example/ws",
    })) as WebSocketTransport;
    expect(u.url).toBe("wss://tpm.example/ws");
  });
});
