/**
 * The response watchdog of @tss/transport-mssim: one timer for the transport,
 * armed when no timer is pending and re-armed for the rest of the exchange in
 * progress. Exchanges that outlast the first deadline in total never time out;
 * one response that does not come fails with TIMEOUT after responseTimeoutMs,
 * not earlier, and the next send reconnects. Responses are plain Uint8Arrays.
 */
import { createServer, type Server, type Socket } from "node:net";
import { TssError } from "@tss/marshal";
import { encodeMssimResponse, MssimTransport } from "@tss/transport-mssim";
import { afterEach, describe, expect, it } from "vitest";

const GET_RANDOM_4 = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 4]);
const RESPONSE = Uint8Array.from([0x80, 0x01, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
const TIMEOUT_MS = 300;

let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A fake MS simulator answering every whole TPM_SEND_COMMAND frame with RESPONSE while `answering()`. */
async function fakeSimulator(answering: () => boolean): Promise<number> {
  server = createServer((socket) => {
    sockets.add(socket);
    let pending = new Uint8Array(0);
    socket.on("data", (d) => {
      const joined = new Uint8Array(pending.length + d.length);
      joined.set(pending);
      joined.set(d, pending.length);
      pending = joined;
      // u32 TPM_SEND_COMMAND, u8 locality, u32 size, command
      while (pending.length >= 9) {
        const size = new DataView(pending.buffer, pending.byteOffset).getUint32(5);
        if (pending.length < 9 + size) break;
        pending = pending.slice(9 + size);
        if (answering()) socket.write(encodeMssimResponse(RESPONSE));
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return (server!.address() as { port: number }).port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("MS-sim transport response watchdog", () => {
  it("many exchanges past the first deadline succeed; a missing response is TIMEOUT after responseTimeoutMs; the next send reconnects", async () => {
    let answer = true;
    const port = await fakeSimulator(() => answer);
    const t = new MssimTransport({ host: "127.0.0.1", port, responseTimeoutMs: TIMEOUT_MS, connectTimeoutMs: 2000 });
    try {
      const started = Date.now();
      let n = 0;
      while (Date.now() - started < 2.5 * TIMEOUT_MS) {
        const r = await t.send(GET_RANDOM_4);
        expect(r).toEqual(RESPONSE);
        expect(Object.getPrototypeOf(r)).toBe(Uint8Array.prototype);
        n++;
        await sleep(10);
      }
      expect(n).toBeGreaterThan(10);
      expect(t.connectionCount).toBe(1);

      // An exchange that starts late in the pending timer's period still gets its whole time.
      await sleep(TIMEOUT_MS / 2);
      answer = false;
      const t0 = Date.now();
      const e = await t.send(GET_RANDOM_4).then(
        () => undefined,
        (x: unknown) => x,
      );
      const waited = Date.now() - t0;
      expect(e).toBeInstanceOf(TssError);
      expect((e as TssError).code).toBe("TIMEOUT");
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(waited).toBeLessThan(TIMEOUT_MS + 1000);

      answer = true;
      expect(await t.send(GET_RANDOM_4)).toEqual(RESPONSE);
      expect(t.connectionCount).toBe(2);
    } finally {
      await t.close();
    }
  });

  it("overlapping sends are answered in order, each with its own response", async () => {
    const port = await fakeSimulator(() => true);
    const t = new MssimTransport({ host: "127.0.0.1", port, responseTimeoutMs: TIMEOUT_MS });
    try {
      const all = await Promise.all(Array.from({ length: 20 }, () => t.send(GET_RANDOM_4)));
      for (const r of all) expect(r).toEqual(RESPONSE);
      expect(new Set(all).size).toBe(20);
    } finally {
      await t.close();
    }
  });
});
