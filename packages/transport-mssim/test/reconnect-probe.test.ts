/**
 * @tss/transport-mssim's connection policy against scripted servers: connecting
 * is retried within the reconnect window (refused connections only), the probe
 * names a simulator that accepts but never answers, rawsingle probes on a
 * connection of its own, and bad send options never reach a socket.
 * (The same against a restarted and a busy swtpm: tools/reg/test/transport-faults.test.ts.)
 */
import { createServer, type Server, type Socket } from "node:net";
import { TssError } from "@tss/marshal";
import { encodeMssimResponse, MssimTransport, SwtpmPlatform } from "@tss/transport-mssim";
import { afterEach, describe, expect, it } from "vitest";

const GET_RANDOM_4 = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 4]);
const RESPONSE = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
/** TPM_RC_INITIALIZE: an answer without Startup, enough for the probe. */
const INITIALIZE = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0x01, 0x00]);
/** The command code of TPM2_GetCapability, at offset 6 of a raw command. */
const CC_GET_CAPABILITY = 0x17a;

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  servers = [];
});

/** A raw-framing server answering every whole command (the probe with TPM_RC_INITIALIZE); it records command codes. */
async function rawServer(port = 0): Promise<{ port: number; codes: number[]; connections: () => number }> {
  const codes: number[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    let buffered = new Uint8Array(0);
    socket.on("data", (d: Uint8Array) => {
      const all = new Uint8Array(buffered.length + d.length);
      all.set(buffered);
      all.set(d, buffered.length);
      buffered = all;
      while (buffered.length >= 10) {
        const v = new DataView(buffered.buffer, buffered.byteOffset);
        const size = v.getUint32(2);
        if (buffered.length < size) break;
        const cc = v.getUint32(6);
        codes.push(cc);
        socket.write(cc === CC_GET_CAPABILITY ? INITIALIZE : RESPONSE);
        buffered = buffered.slice(size);
      }
    });
    socket.on("error", () => undefined);
  });
  const close = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  }) as typeof server.close;
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { port: (server.address() as { port: number }).port, codes, connections: () => connections };
}

/** A port nothing listens on (connections are refused). */
async function refusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

describe("reconnection window", () => {
  it("by default, a send waits for a simulator that starts listening within the window", async () => {
    // Another process may bind the released port before the server does: then the
    // attempt is abandoned and repeated on a new port.
    for (let attempt = 1; ; attempt++) {
      const port = await refusedPort();
      const t = new MssimTransport({ host: "127.0.0.1", port, serverType: "raw" });
      const pending = t.send(GET_RANDOM_4);
      await new Promise((r) => setTimeout(r, 700));
      const server = await rawServer(port).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "EADDRINUSE" || attempt >= 3) throw e;
        return undefined;
      });
      if (!server) {
        pending.catch(() => undefined);
        await t.close();
        continue;
      }
      expect(await pending).toEqual(RESPONSE);
      expect(server.codes).toEqual([CC_GET_CAPABILITY, 0x17b]);
      await t.close();
      break;
    }
  });

  it("gives up after the window with BAD_CONNECTION counting the attempts", async () => {
    const port = await refusedPort();
    const t = new MssimTransport({ host: "127.0.0.1", port, reconnectWindowMs: 600 });
    const e = await rejection(t.send(GET_RANDOM_4));
    expect(e.code).toBe("BAD_CONNECTION");
    const m = /cannot connect to 127\.0\.0\.1:\d+: .* \((\d+) attempts in \d+ ms\)/.exec(e.message);
    expect(m, e.message).not.toBeNull();
    // It retried (more than one attempt), then gave up.
    expect(Number(m![1])).toBeGreaterThan(1);
  });

  it("reconnectWindowMs 0 and connectAttempts 1 try once", async () => {
    const port = await refusedPort();
    for (const options of [{ reconnectWindowMs: 0 }, { connectAttempts: 1 }]) {
      const t = new MssimTransport({ host: "127.0.0.1", port, ...options });
      const e = await rejection(t.send(GET_RANDOM_4));
      expect(e.code).toBe("BAD_CONNECTION");
      expect(e.message).not.toMatch(/attempts/);
    }
  });

  it("connectAttempts alone bounds the attempts (no window)", async () => {
    const port = await refusedPort();
    const t = new MssimTransport({ host: "127.0.0.1", port, connectAttempts: 3, connectRetryDelayMs: 10 });
    const e = await rejection(t.send(GET_RANDOM_4));
    expect(e.message).toMatch(/\(3 attempts in \d+ ms\)/);
  });

  it("an abort ends the retrying at once", async () => {
    const port = await refusedPort();
    const t = new MssimTransport({ host: "127.0.0.1", port, reconnectWindowMs: 20_000 });
    const c = new AbortController();
    const pending = rejection(t.send(GET_RANDOM_4, { signal: c.signal }));
    setTimeout(() => c.abort(), 200);
    // Without the abort it would end after the 20 s window with BAD_CONNECTION.
    expect((await pending).code).toBe("ABORTED");
  });
});

describe("connection probe", () => {
  it("a server that accepts but never answers is named within connectTimeoutMs, and the command is never written", async () => {
    const received: Uint8Array[] = [];
    const server = createServer((socket) => {
      socket.on("data", (d: Uint8Array) => received.push(new Uint8Array(d)));
      socket.on("error", () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    for (const serverType of ["mssim", "raw", "rawsingle"] as const) {
      received.length = 0;
      const t = new MssimTransport({ host: "127.0.0.1", port, serverType, connectTimeoutMs: 300 });
      const e = await rejection(t.send(GET_RANDOM_4));
      expect(e.code).toBe("BAD_CONNECTION");
      expect(e.message).toMatch(/accepted the connection but did not answer a probe within 300 ms/);
      expect(e.message).toMatch(/serves another client/);
      // Only the probe (a GetCapability) was written, never the GetRandom.
      const bytes = Buffer.concat(received);
      expect(bytes.includes(Buffer.from(GET_RANDOM_4))).toBe(false);
      expect(bytes.length).toBe(serverType === "mssim" ? 9 + 22 : 22);
      expect(t.connectionCount).toBe(1);
      await t.close();
    }
  });

  it("mssim probes each new connection once; the probe's answer is never handed to the caller", async () => {
    const seen: number[] = [];
    const server = createServer((socket) => {
      socket.on("data", (d: Uint8Array) => {
        const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
        seen.push(v.getUint32(9 + 6));
        const inner = v.getUint32(9 + 6) === CC_GET_CAPABILITY ? INITIALIZE : RESPONSE;
        socket.write(encodeMssimResponse(inner));
      });
      socket.on("error", () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const t = new MssimTransport({ host: "127.0.0.1", port });
    for (let i = 0; i < 3; i++) expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
    expect(seen).toEqual([CC_GET_CAPABILITY, 0x17b, 0x17b, 0x17b]);
    expect(t.connectionCount).toBe(1);
    await t.close();
  });

  it("an MS simulator that is powered off (empty answers) passes the probe; the command gets its own answer", async () => {
    let commands = 0;
    const server = createServer((socket) => {
      socket.on("data", () => {
        commands++;
        socket.write(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0)); // size 0, trailer 0
      });
      socket.on("error", () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const t = new MssimTransport({ host: "127.0.0.1", port, connectTimeoutMs: 1000 });
    const e = await rejection(t.send(GET_RANDOM_4));
    expect(e.code).toBe("MALFORMED_RESPONSE");
    expect(commands).toBe(2);
    await t.close();
  });

  it("rawsingle probes on a connection of its own before the first command, and again after a failure", async () => {
    const server = await rawServer();
    const t = new MssimTransport({ host: "127.0.0.1", port: server.port, serverType: "rawsingle" });
    for (let i = 0; i < 3; i++) expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
    expect(server.codes).toEqual([CC_GET_CAPABILITY, 0x17b, 0x17b, 0x17b]);
    expect(server.connections()).toBe(4);
    expect(t.connectionCount).toBe(4);
    await t.close();
    // After close (or any failure) the next command is probed again.
    expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
    expect(server.codes.slice(4)).toEqual([CC_GET_CAPABILITY, 0x17b]);
  });

  it("probe: false sends only the commands", async () => {
    const server = await rawServer();
    const t = new MssimTransport({ host: "127.0.0.1", port: server.port, serverType: "raw", probe: false });
    expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
    expect(server.codes).toEqual([0x17b]);
    await t.close();
  });
});

describe("send options", () => {
  it("a signal that is not an AbortSignal, a bad locality or options that are not an object are BAD_PARAMETER; nothing connects", async () => {
    const server = await rawServer();
    const t = new MssimTransport({ host: "127.0.0.1", port: server.port });
    for (const options of [
      { signal: { aborted: false } },
      { signal: "x" },
      { signal: null },
      { locality: 7 },
      { locality: "0" },
      null,
    ]) {
      expect((await rejection(t.send(GET_RANDOM_4, options as never))).code, JSON.stringify(options)).toBe(
        "BAD_PARAMETER",
      );
    }
    expect(server.connections()).toBe(0);
    expect(t.connectionCount).toBe(0);
    await t.close();
  });

  it("swtpm's CMD_SET_LOCALITY refuses a locality that is not one, before connecting", async () => {
    const server = await rawServer();
    const p = new SwtpmPlatform({
      host: "127.0.0.1",
      port: server.port,
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    for (const locality of [7, -1, 256, 1.5, "0"]) {
      expect((await rejection(p.setLocality(locality as number))).code).toBe("BAD_PARAMETER");
    }
    expect(server.connections()).toBe(0);
    await p.close();
  });
});
