/**
 * Transport faults (issue 9, faults 2 and 11) against a real swtpm, over the
 * MS-simulator, raw and rawsingle framings:
 * - send options that are not valid (a signal that is not an AbortSignal, a
 *   locality out of range or not a number) are BAD_PARAMETER, the process lives,
 *   nothing reaches the simulator (counted by a relay in front of it), and the
 *   next command works;
 * - a simulator restart of 1 s or 2 s while 1,000 commands are queued on one
 *   transport (sent directly, or through @tss/tss) fails at most the command in
 *   flight when it stopped;
 * - a second client of a simulator that serves another one is told why
 *   (BAD_CONNECTION) within the connect timeout, and its command is never sent; once the first client
 *   leaves, the second is served;
 * - a serial line (a pseudo-terminal bridged to swtpm by socat) whose bridge goes
 *   away for a second is reopened: the commands queued meanwhile succeed (but the
 *   first, which may have been written to the dead line);
 * - the fixture's restart / kill / freeze / thaw.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TssError } from "@tss/marshal";
import { SerialTransport } from "@tss/transport-device";
import { MssimTransport, type ServerType } from "@tss/transport-mssim";
import { testCommands } from "@tss/transport-testkit";
import { createTss } from "@tss/tss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SwtpmProcess, startSwtpm } from "../src/swtpm.js";

const { getRandom, responseCode } = testCommands;
const SERVER_TYPES: readonly ServerType[] = ["mssim", "raw", "rawsingle"];

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (v) => {
      throw new Error(`resolved with ${String(v)}, expected a rejection`);
    },
    (e: unknown) => e,
  );
}

/** True when `needle` occurs in `haystack`. */
function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** A TCP relay in front of the simulator that counts client connections and records the bytes clients send. */
interface CountingRelay {
  readonly port: number;
  readonly connections: number;
  /** Every byte the clients sent, in order. */
  readonly sent: Uint8Array;
  close(): Promise<void>;
}

async function startCountingRelay(target: { host: string; port: number }): Promise<CountingRelay> {
  let connections = 0;
  const chunks: Uint8Array[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((client) => {
    connections++;
    sockets.add(client);
    const upstream = tcpConnect({ host: target.host, port: target.port });
    sockets.add(upstream);
    client.on("data", (d: Uint8Array) => {
      chunks.push(new Uint8Array(d));
      upstream.write(d);
    });
    upstream.on("data", (d: Uint8Array) => client.write(d));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    get sent() {
      const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      return all;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

for (const serverType of SERVER_TYPES) {
  describe(`transport faults [${serverType}]`, () => {
    let tpm: SwtpmProcess;
    beforeAll(async () => {
      tpm = await startSwtpm();
    });
    afterAll(async () => {
      await tpm?.stop();
    });

    it("send options that are not valid are BAD_PARAMETER: the process lives, nothing is sent, the next command works", async () => {
      const relay = await startCountingRelay(tpm);
      const uncaught: unknown[] = [];
      const onUncaught = (e: unknown) => uncaught.push(e);
      process.on("uncaughtException", onUncaught);
      const t = new MssimTransport({ host: "127.0.0.1", port: relay.port, serverType, responseTimeoutMs: 10_000 });
      try {
        const bad: readonly unknown[] = [
          { signal: { aborted: false } },
          { signal: { aborted: false, addEventListener: "no" } },
          { signal: "x" },
          { signal: null },
          { signal: 0 },
          { locality: 7 },
          { locality: "0" },
          { locality: -1 },
          { locality: 1.5 },
          { locality: 256 },
          { locality: null },
          null,
          "options",
        ];
        for (const options of bad) {
          const e = await rejection(t.send(getRandom(8), options as never));
          expect(e, JSON.stringify(options)).toBeInstanceOf(TssError);
          expect((e as TssError).code, JSON.stringify(options)).toBe("BAD_PARAMETER");
        }
        // Whatever a socket handler might have thrown would surface by now.
        await new Promise((r) => setTimeout(r, 100));
        expect(uncaught).toEqual([]);
        expect(relay.connections).toBe(0);
        expect(relay.sent.length).toBe(0);
        expect(t.connectionCount).toBe(0);
        const r = await t.send(getRandom(8));
        expect(responseCode(r)).toBe(0);
        expect(r.length).toBe(20);
        // A real AbortSignal and a valid locality still pass.
        expect(responseCode(await t.send(getRandom(8), { signal: new AbortController().signal, locality: 0 }))).toBe(0);
      } finally {
        process.off("uncaughtException", onUncaught);
        await t.close();
        await relay.close();
      }
    });

    for (const downMs of [1000, 2000]) {
      for (const via of ["transport", "tss"] as const) {
        it(`a simulator restart of ${downMs} ms with 1,000 commands queued (through the ${via}): only the one in flight may fail`, async () => {
          const t = new MssimTransport({ host: tpm.host, port: tpm.port, serverType, responseTimeoutMs: 10_000 });
          // Through @tss/tss too: its own queue must not fail queued calls either.
          const tss = via === "tss" ? createTss({ transport: t }) : undefined;
          const getRandom8 = tss
            ? async () => (await tss.getRandom({ bytesRequested: 8 })).randomBytes
            : () => t.send(getRandom(8));
          try {
            if (tss) await getRandom8();
            else expect(responseCode(await t.send(getRandom(8)))).toBe(0);
            let done = 0;
            const fulfilledAt: number[] = [];
            const calls = Array.from({ length: 1000 }, () =>
              getRandom8().then(
                (r) => {
                  done++;
                  fulfilledAt.push(Date.now());
                  return r;
                },
                (e: unknown) => {
                  done++;
                  throw e;
                },
              ),
            );
            const settled = Promise.allSettled(calls);
            // Stop the simulator mid-queue: once some commands are done, most still waiting.
            while (done < 20) await new Promise((r) => setImmediate(r));
            const doneAtStop = done;
            const pidBefore = tpm.pid;
            const stoppedAt = Date.now();
            await tpm.restart({ downMs });
            expect(tpm.pid).not.toBe(pidBefore);
            const results = await settled;
            const failedAt = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
            expect(
              failedAt.length,
              `${failedAt.length} failed, first: ${failedAt.slice(0, 5).join(", ")}`,
            ).toBeLessThanOrEqual(1);
            for (const i of failedAt) {
              const reason = (results[i] as PromiseRejectedResult).reason;
              expect(reason).toBeInstanceOf(TssError);
              expect((reason as TssError).code).toBe("BAD_CONNECTION");
            }
            // (@tss/tss rejects a response that is not TPM_RC_SUCCESS: only the transport's need a look.)
            if (!tss) for (const r of results) if (r.status === "fulfilled") expect(responseCode(r.value)).toBe(0);
            // Not vacuous: commands were still queued at the stop, and the restarted simulator answered them.
            expect(doneAtStop).toBeLessThan(1000);
            expect(fulfilledAt.filter((at) => at >= stoppedAt + downMs).length).toBeGreaterThan(0);
          } finally {
            await (tss ?? t).close();
          }
        }, 60_000);
      }
    }

    it("a second client of a simulator that serves another is told why within the connect timeout; its command is never sent", async () => {
      // The first client holds swtpm's one connection (rawsingle holds none: a raw client does it).
      const first = new MssimTransport({
        host: tpm.host,
        port: tpm.port,
        serverType: serverType === "rawsingle" ? "raw" : serverType,
      });
      const relay = await startCountingRelay(tpm);
      const second = new MssimTransport({
        host: "127.0.0.1",
        port: relay.port,
        serverType,
        connectTimeoutMs: 1000,
        responseTimeoutMs: 10_000,
      });
      try {
        expect(responseCode(await first.send(getRandom(8)))).toBe(0);
        const command = getRandom(16);
        const e = await rejection(second.send(command));
        expect(e).toBeInstanceOf(TssError);
        expect((e as TssError).code).toBe("BAD_CONNECTION");
        expect((e as TssError).message).toMatch(/accepted the connection but did not answer/);
        expect((e as TssError).message).toMatch(/serves another client/);
        expect(contains(relay.sent, command)).toBe(false);
        // The first client still works; once it leaves, the second is served.
        expect(responseCode(await first.send(getRandom(8)))).toBe(0);
        await first.close();
        const r = await second.send(command);
        expect(responseCode(r)).toBe(0);
        expect(r.length).toBe(28);
      } finally {
        await first.close();
        await second.close();
        await relay.close();
      }
    }, 60_000);
  });
}

/** `socat PTY,link=<path>,raw,echo=0 TCP:host:port`, resolved once the link exists; stop() waits for socat's exit. */
async function ptyBridge(path: string, host: string, port: number): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn("socat", [`PTY,link=${path},raw,echo=0`, `TCP:${host}:${port}`], {
    stdio: "ignore",
  });
  const deadline = Date.now() + 5000;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error("socat made no pseudo-terminal");
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

describe("a serial TPM whose line goes away for a second", () => {
  let tpm: SwtpmProcess;
  let dir: string;
  beforeAll(async () => {
    tpm = await startSwtpm();
    dir = mkdtempSync(join(tmpdir(), "tss-serial-faults-"));
  });
  afterAll(async () => {
    await tpm?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is reopened: the commands queued while it was gone succeed (the first may fail)", async () => {
    const path = join(dir, "ttyTPM");
    let bridge = await ptyBridge(path, tpm.host, tpm.port);
    const t = new SerialTransport({ path, responseTimeoutMs: 10_000 });
    try {
      expect(responseCode(await t.send(getRandom(8)))).toBe(0);
      await bridge.stop();
      expect(existsSync(path)).toBe(false);
      const calls = Array.from({ length: 20 }, () => t.send(getRandom(8)));
      const settled = Promise.allSettled(calls);
      await new Promise((r) => setTimeout(r, 1000));
      bridge = await ptyBridge(path, tpm.host, tpm.port);
      const results = await settled;
      // The first command may still have been written to the dead line before the
      // transport saw it close (a write error, never resent); every later one succeeds.
      const failedAt = results.flatMap((r, i) => (r.status === "rejected" ? [i] : []));
      expect(failedAt.filter((i) => i > 0)).toEqual([]);
      for (const i of failedAt) {
        const reason = (results[i] as PromiseRejectedResult).reason;
        expect(reason).toBeInstanceOf(TssError);
        expect(["BAD_CONNECTION", "DEVICE"]).toContain((reason as TssError).code);
      }
      for (const r of results) if (r.status === "fulfilled") expect(responseCode(r.value)).toBe(0);
    } finally {
      await t.close();
      await bridge.stop();
    }
  }, 30_000);
});

describe("the swtpm fixture: restart, kill, freeze, thaw", () => {
  let tpm: SwtpmProcess;
  beforeAll(async () => {
    tpm = await startSwtpm();
  });
  afterAll(async () => {
    await tpm?.stop();
  });

  it("restart keeps the ports and the state folder; kill drops connections; restart after kill works", async () => {
    const { port, ctrlPort, stateDir } = tpm;
    const t = new MssimTransport({ host: tpm.host, port, serverType: "raw", connectAttempts: 1 });
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    const pid = tpm.pid;
    await tpm.restart();
    expect([tpm.port, tpm.ctrlPort, tpm.stateDir]).toEqual([port, ctrlPort, stateDir]);
    expect(tpm.pid).not.toBe(pid);
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    await tpm.kill();
    const e = await rejection(t.send(getRandom(8)));
    expect((e as TssError).code).toBe("BAD_CONNECTION");
    await tpm.restart({ downMs: 100 });
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    await t.close();
  });

  it("freeze stops answers (a command times out), thaw resumes them", async () => {
    const t = new MssimTransport({ host: tpm.host, port: tpm.port, responseTimeoutMs: 500 });
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    tpm.freeze();
    try {
      const e = await rejection(t.send(getRandom(8)));
      expect((e as TssError).code).toBe("TIMEOUT");
    } finally {
      tpm.thaw();
    }
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    await t.close();
  });
});
