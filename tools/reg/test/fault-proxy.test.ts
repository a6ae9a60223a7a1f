// The fault proxy itself (tools/reg/src/fault-proxy.ts), in front of a real swtpm
// with the TSS's own transports (mssim, raw, rawsingle): each fault on a response
// reaches the caller as the TssError it stands for, and the next command works.
import { createHash } from "node:crypto";
import { connect } from "node:net";
import { TPM_ALG_ID, TPM_CC, TPM_RH, TssError } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/fault-proxy.js";
import { TRANSPORTS } from "../src/matrix.js";
import { freePort, type SwtpmProcess, startSwtpm } from "../src/swtpm.js";

let tpm: SwtpmProcess;
beforeAll(async () => {
  tpm = await startSwtpm();
});
afterAll(async () => {
  await tpm?.stop();
});

type Framing = "mssim" | "raw" | "rawsingle";
const FRAMINGS: readonly Framing[] = ["mssim", "raw", "rawsingle"];
/** Short enough for a dropped response to time out fast, long enough for a 100 ms delay on a busy machine. */
const RESPONSE_TIMEOUT_MS = 1000;

/** A transport to the proxy, built as tools/reg/src/matrix.ts builds it, with a short response timeout. */
function transportTo(proxy: FaultProxy, framing: Framing): MssimTransport {
  const common = { host: proxy.host, port: proxy.port, responseTimeoutMs: RESPONSE_TIMEOUT_MS };
  switch (framing) {
    case "mssim":
      return new MssimTransport(common);
    case "raw":
      return new MssimTransport({ ...common, serverType: "raw", platform: "swtpm", platformPort: proxy.ctrlPort });
    case "rawsingle":
      return new MssimTransport({ ...common, serverType: "rawsingle" });
  }
}

/** The TssError code a promise rejects with (fails the test when it resolves or throws something else). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TssError);
  return (e as TssError).code;
}

for (const framing of FRAMINGS) {
  describe(`fault proxy [${framing}]`, () => {
    let proxy: FaultProxy;
    let tss: Tss;
    beforeAll(async () => {
      proxy = await startFaultProxy({
        target: { host: tpm.host, port: tpm.port },
        framing: framing === "mssim" ? "mssim" : "raw",
        ctrlPort: tpm.ctrlPort,
        stateDir: tpm.stateDir,
        seed: 7,
      });
      tss = createTss({ transport: transportTo(proxy, framing) });
      // The first command connects (and probes): faults below fall on later ones.
      await tss.getRandom({ bytesRequested: 1 });
    });
    afterEach(() => {
      proxy.release();
      proxy.setRandomFaults(undefined);
    });
    afterAll(async () => {
      await tss?.close();
      await proxy?.close();
    });

    const isGetRandom = (cc: number) => cc === TPM_CC.GetRandom;
    /** The next command through the proxy works. */
    const recovers = async () => expect((await tss.getRandom({ bytesRequested: 8 })).randomBytes).toHaveLength(8);

    it("stands in for a Swtpm: the matrix builds its transport against the proxy", async () => {
      await tss.close();
      const plugin = TRANSPORTS.find((t) => t.name === framing)!;
      const other = createTss({ transport: await plugin.make(proxy) });
      try {
        expect((await other.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
      } finally {
        await other.close();
      }
      tss = createTss({ transport: transportTo(proxy, framing) });
      await recovers();
    });

    it("drop: the response never comes (TIMEOUT), the next command works", async () => {
      const before = proxy.stats();
      proxy.faultNext({ kind: "drop" }, isGetRandom);
      expect(await codeOf(tss.getRandom({ bytesRequested: 8 }))).toBe("TIMEOUT");
      await recovers();
      expect(proxy.stats().faults.drop).toBe(before.faults.drop + 1);
    });

    it("drop-close: the connection closes instead of answering (BAD_CONNECTION), the next command works", async () => {
      proxy.faultNext({ kind: "drop-close" }, isGetRandom);
      expect(await codeOf(tss.getRandom({ bytesRequested: 8 }))).toBe("BAD_CONNECTION");
      await recovers();
    });

    it("truncate: part of the response, then the connection closes; the next command works", async () => {
      for (let i = 0; i < 3; i++) {
        proxy.faultNext({ kind: "truncate" }, isGetRandom);
        expect(["BAD_CONNECTION", "MALFORMED_RESPONSE"]).toContain(await codeOf(tss.getRandom({ bytesRequested: 8 })));
        await recovers();
      }
    });

    it("corrupt: a flipped size is MALFORMED_RESPONSE; a flipped byte of a deterministic response changes it", async () => {
      // GetRandom's response: header, then TPM2B_DIGEST randomBytes; offset 10 is its size's high byte.
      proxy.faultNext({ kind: "corrupt", offset: 10 }, isGetRandom);
      expect(await codeOf(tss.getRandom({ bytesRequested: 8 }))).toBe("MALFORMED_RESPONSE");
      await recovers();

      // TPM2_Hash is deterministic (digest and ticket): a byte flipped anywhere after the header shows.
      const data = new TextEncoder().encode("fault proxy");
      const hash = () => tss.hash({ data, hashAlg: TPM_ALG_ID.SHA256, hierarchy: TPM_RH.OWNER });
      const good = await hash();
      expect(good.outHash).toEqual(new Uint8Array(createHash("sha256").update(data).digest()));
      for (let i = 0; i < 3; i++) {
        proxy.faultNext({ kind: "corrupt" }, (cc) => cc === TPM_CC.Hash);
        const bad = await hash().catch((e: unknown) => e);
        if (bad instanceof Error) {
          expect(bad).toBeInstanceOf(TssError);
          expect((bad as TssError).code).toBe("MALFORMED_RESPONSE");
        } else {
          expect(bad).not.toEqual(good);
        }
      }
      expect(await hash()).toEqual(good);
    });

    it("delay: the response arrives, later, and in order", async () => {
      proxy.faultNext({ kind: "delay", ms: 150 }, isGetRandom);
      const started = performance.now();
      const order: string[] = [];
      const first = tss.getRandom({ bytesRequested: 8 }).then((r) => {
        order.push("GetRandom");
        return r;
      });
      const second = tss.readClock({}).then(() => order.push("ReadClock"));
      expect((await first).randomBytes).toHaveLength(8);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      await second;
      expect(order).toEqual(["GetRandom", "ReadClock"]);
    });

    it("hold and release: nothing is answered while held, everything after release", async () => {
      proxy.hold();
      let done = false;
      const pending = tss.getRandom({ bytesRequested: 8 }).then((r) => {
        done = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 150));
      expect(done).toBe(false);
      proxy.release();
      expect((await pending).randomBytes).toHaveLength(8);
    });

    it("random faults: a rate of 1 faults every matching response and no other", async () => {
      const before = proxy.stats();
      proxy.setRandomFaults({ rate: 1, kinds: ["drop-close"], match: isGetRandom });
      expect(await codeOf(tss.getRandom({ bytesRequested: 8 }))).toBe("BAD_CONNECTION");
      expect(await tss.readClock({})).toBeDefined();
      proxy.setRandomFaults(undefined);
      await recovers();
      const after = proxy.stats();
      expect(after.faults["drop-close"]).toBe(before.faults["drop-close"] + 1);
      expect(after.commands).toBeGreaterThanOrEqual(before.commands + 3);
      expect(after.responses).toBeGreaterThanOrEqual(before.responses + 2);
      expect(after.connections).toBeGreaterThan(before.connections);
    });
  });
}

describe("fault proxy [MS-simulator signals, target, close]", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing: "mssim" });
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** GetRandom(8) in TPM_SEND_COMMAND framing. */
  const sendGetRandom = Uint8Array.of(0, 0, 0, 8, 0, 0, 0, 0, 12, 0x80, 0x01, 0, 0, 0, 12, 0, 0, 1, 0x7b, 0, 8);

  /** Opens a socket to the proxy and records what comes back and whether the far end closed. */
  function rawClient() {
    const socket = connect({ host: proxy.host, port: proxy.port });
    let received = new Uint8Array(0);
    const waiters: (() => void)[] = [];
    let closed = false;
    socket.on("data", (d: Uint8Array) => {
      const next = new Uint8Array(received.length + d.length);
      next.set(received);
      next.set(d, received.length);
      received = next;
      for (const w of waiters.splice(0)) w();
    });
    socket.on("error", () => undefined);
    const closedPromise = new Promise<void>((r) =>
      socket.once("close", () => {
        closed = true;
        r();
      }),
    );
    return {
      socket,
      closed: closedPromise,
      isClosed: () => closed,
      async bytes(n: number): Promise<Uint8Array> {
        while (received.length < n && !closed) await new Promise<void>((r) => waiters.push(r));
        return received;
      },
    };
  }

  it("TPM_SESSION_END passes through and the connection closes, as the MS simulator does; swtpm is free again", async () => {
    const a = rawClient();
    a.socket.write(sendGetRandom);
    const got = await a.bytes(4 + 20 + 4);
    expect(got).toHaveLength(28);
    expect(got.subarray(0, 4)).toEqual(Uint8Array.of(0, 0, 0, 20));
    a.socket.write(Uint8Array.of(0, 0, 0, 20));
    await a.closed;
    const b = rawClient();
    b.socket.write(sendGetRandom);
    expect(await b.bytes(28)).toHaveLength(28);
    b.socket.destroy();
    await b.closed;
  });

  it("setTarget: new connections go to the new target (nothing listening: closed at once)", async () => {
    proxy.setTarget({ host: "127.0.0.1", port: await freePort() });
    const a = rawClient();
    a.socket.write(sendGetRandom);
    await a.closed;
    proxy.setTarget({ host: tpm.host, port: tpm.port });
    const b = rawClient();
    b.socket.write(sendGetRandom);
    expect(await b.bytes(28)).toHaveLength(28);
    b.socket.destroy();
    await b.closed;
  });

  it("close: drops connections with responses held back, resolves, and is idempotent", async () => {
    const other = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing: "raw" });
    const tss = createTss({
      transport: new MssimTransport({ host: other.host, port: other.port, serverType: "raw", responseTimeoutMs: 5000 }),
    });
    try {
      await tss.getRandom({ bytesRequested: 1 });
      other.hold();
      const pending = tss.getRandom({ bytesRequested: 8 }).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 50));
      await Promise.all([other.close(), other.close()]);
      await other.close();
      const e = await pending;
      expect(e).toBeInstanceOf(TssError);
      expect((e as TssError).code).toBe("BAD_CONNECTION");
    } finally {
      await tss.close();
    }
  });
});
