/**
 * @tss/transport-mssim against scripted fake servers: the MS platform dialect's
 * codes and acknowledgements, and responses that are split, malformed or cut.
 * (The real-simulator tests run on swtpm in tools/reg.)
 */
import { createServer, type Server, type Socket } from "node:net";
import { type PlatformControl, TssError } from "@tss/marshal";
import { encodeMssimResponse, MSSIM, MssimPlatform, MssimTransport } from "@tss/transport-mssim";
import { afterEach, describe, expect, it } from "vitest";

const GET_RANDOM_4 = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 4]);
const RESPONSE = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  servers = [];
});

/** A server that hands each received chunk to `onData` with the socket. */
async function fakeServer(onData: (socket: Socket, bytes: Uint8Array) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", (d) => onData(socket, new Uint8Array(d)));
    socket.on("error", () => undefined);
  });
  const origClose = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return origClose(cb);
  }) as typeof server.close;
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return (server.address() as { port: number }).port;
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

describe("MS simulator platform dialect", () => {
  it("sends each signal as one u32 code and checks its u32 0 acknowledgement", async () => {
    const codes: number[] = [];
    const port = await fakeServer((socket, bytes) => {
      for (let i = 0; i + 4 <= bytes.length; i += 4) {
        const code = new DataView(bytes.buffer, bytes.byteOffset).getUint32(i);
        codes.push(code);
        if (code === MSSIM.TPM_SESSION_END) socket.end();
        else socket.write(Uint8Array.of(0, 0, 0, code === 99 ? 1 : 0));
      }
    });
    const p = new MssimPlatform({ host: "127.0.0.1", port, connectTimeoutMs: 1000, responseTimeoutMs: 1000 });
    await p.powerOn();
    await p.nvOn();
    await p.cancel();
    await p.cancelOff();
    await p.powerOff();
    await p.reset();
    await p.physicalPresence(true);
    const e = await rejection(p.signal(99));
    expect(e.code).toBe("DEVICE");
    await p.close();
    expect(codes).toEqual([1, 11, 9, 10, 2, 2, 1, 3, 99, 20]);
  });

  it("cancelOff is part of the PlatformControl contract: TPM_SIGNAL_CANCEL_OFF (10) after CANCEL_ON (9)", async () => {
    const codes: number[] = [];
    const port = await fakeServer((socket, bytes) => {
      for (let i = 0; i + 4 <= bytes.length; i += 4) {
        const code = new DataView(bytes.buffer, bytes.byteOffset).getUint32(i);
        codes.push(code);
        if (code === MSSIM.TPM_SESSION_END) socket.end();
        else socket.write(Uint8Array.of(0, 0, 0, 0));
      }
    });
    const t = new MssimTransport({
      host: "127.0.0.1",
      port,
      platformPort: port,
      connectTimeoutMs: 1000,
      responseTimeoutMs: 1000,
    });
    const platform: PlatformControl | undefined = t.platform;
    await platform?.cancel?.();
    await platform?.cancelOff?.();
    await (platform as MssimPlatform).close();
    expect(codes).toEqual([MSSIM.TPM_SIGNAL_CANCEL_ON, MSSIM.TPM_SIGNAL_CANCEL_OFF, MSSIM.TPM_SESSION_END]);
    expect([MSSIM.TPM_SIGNAL_CANCEL_ON, MSSIM.TPM_SIGNAL_CANCEL_OFF]).toEqual([9, 10]);
  });

  it("the transport's platform defaults to the MS dialect when a platform port is given", () => {
    const t = new MssimTransport({ port: 2321, platformPort: 2322 });
    expect(t.platform).toBeInstanceOf(MssimPlatform);
    expect(new MssimTransport({ port: 2321 }).platform).toBeUndefined();
  });

  it("a platform port that never answers is a TIMEOUT", async () => {
    const port = await fakeServer(() => undefined);
    const p = new MssimPlatform({ host: "127.0.0.1", port, connectTimeoutMs: 1000, responseTimeoutMs: 200 });
    expect((await rejection(p.powerOn())).code).toBe("TIMEOUT");
  });
});

describe("MS-sim command framing against a scripted simulator", () => {
  it("writes each command in one frame (u32 8, locality, size, command) and sends TPM_SESSION_END on close", async () => {
    const chunks: Uint8Array[] = [];
    const port = await fakeServer((socket, bytes) => {
      chunks.push(bytes);
      if (bytes.length > 4) socket.write(encodeMssimResponse(RESPONSE));
    });
    const t = new MssimTransport({ host: "127.0.0.1", port, platform: "mssim", probe: false }); // the scripted simulator sees only these commands
    expect(await t.send(GET_RANDOM_4, { locality: 3 })).toEqual(RESPONSE);
    await t.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(chunks[0]).toEqual(Uint8Array.from([0, 0, 0, 8, 3, 0, 0, 0, 12, ...GET_RANDOM_4]));
    expect(chunks[1]).toEqual(Uint8Array.of(0, 0, 0, 20));
  });

  it("reassembles a response written one byte at a time", async () => {
    const port = await fakeServer((socket) => {
      const frame = encodeMssimResponse(RESPONSE);
      let i = 0;
      const tick = setInterval(() => {
        if (i >= frame.length || socket.destroyed) return clearInterval(tick);
        socket.write(frame.subarray(i, i + 1));
        i++;
      }, 1);
    });
    const t = new MssimTransport({ host: "127.0.0.1", port, probe: false });
    const r = await t.send(GET_RANDOM_4);
    expect(r).toEqual(RESPONSE);
    expect(r.constructor).toBe(Uint8Array);
    await t.close();
  });

  const malformed: [string, Uint8Array][] = [
    ["a frame size smaller than a header", Uint8Array.of(0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0)],
    ["a frame size beyond the limit", Uint8Array.of(0x7f, 0, 0, 0)],
    [
      "a non-zero trailer",
      (() => {
        const f = encodeMssimResponse(RESPONSE);
        f[f.length - 1] = 1;
        return f;
      })(),
    ],
    [
      "a header size different from the frame size",
      (() => {
        const r = RESPONSE.slice();
        r[5] = 0x20;
        return encodeMssimResponse(r);
      })(),
    ],
  ];
  for (const [what, bytes] of malformed) {
    it(`${what} is MALFORMED_RESPONSE, and the next command reconnects`, async () => {
      let n = 0;
      const port = await fakeServer((socket) => {
        socket.write(n++ === 0 ? bytes : encodeMssimResponse(RESPONSE));
      });
      const t = new MssimTransport({ host: "127.0.0.1", port, responseTimeoutMs: 1000, probe: false });
      expect((await rejection(t.send(GET_RANDOM_4))).code).toBe("MALFORMED_RESPONSE");
      expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
      expect(t.connectionCount).toBe(2);
      await t.close();
    });
  }

  it("a response cut short by the peer closing is BAD_CONNECTION", async () => {
    const port = await fakeServer((socket) => {
      socket.end(encodeMssimResponse(RESPONSE).subarray(0, 9));
    });
    const t = new MssimTransport({ host: "127.0.0.1", port, responseTimeoutMs: 5000, probe: false });
    const e = await rejection(t.send(GET_RANDOM_4));
    expect(e.code).toBe("BAD_CONNECTION");
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  it("raw framing: a header declaring fewer than 10 bytes is MALFORMED_RESPONSE", async () => {
    const port = await fakeServer((socket) => {
      socket.write(Uint8Array.of(0x80, 0x01, 0, 0, 0, 6, 0, 0, 0, 0));
    });
    const t = new MssimTransport({ host: "127.0.0.1", port, serverType: "raw", probe: false });
    expect((await rejection(t.send(GET_RANDOM_4))).code).toBe("MALFORMED_RESPONSE");
  });

  it("an unknown server type or platform dialect is BAD_PARAMETER", () => {
    expect(() => new MssimTransport({ serverType: "tcp" as never })).toThrow(TssError);
    expect(() => new MssimTransport({ platform: "qemu" as never })).toThrow(TssError);
  });
});
