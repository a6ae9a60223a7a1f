/**
 * @tss/transport-mssim against swtpm: the swtpm control channel as platform,
 * localities in both framings, failures (frozen, killed, restarted simulator),
 * abort, host names and IPv6, rawsingle, the properties factory.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { TPM_HEADER_SIZE, TssError } from "@tss/marshal";
import {
  createTransportFromProperties,
  MssimTransport,
  PTM_CAP,
  type ServerType,
  SwtpmPlatform,
} from "@tss/transport-mssim";
import { testCommands } from "@tss/transport-testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Swtpm, type SwtpmProcess, startSwtpm } from "../src/swtpm.js";
import { pcrExtend, pcrReset, TPM_RC_FAILURE, TPM_RC_LOCALITY } from "./support/transport-commands.js";

const { getRandom, startupClear, responseCode, TPM_RC_INITIALIZE } = testCommands;

async function rc(t: MssimTransport, command: Uint8Array, locality?: number): Promise<number> {
  return responseCode(await t.send(command, locality === undefined ? {} : { locality }));
}

async function rejection(p: Promise<unknown>): Promise<TssError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TssError);
  return e as TssError;
}

describe("swtpm control channel as the platform", () => {
  let tpm: Swtpm;
  let t: MssimTransport;
  beforeAll(async () => {
    tpm = await startSwtpm();
    t = new MssimTransport({ host: tpm.host, port: tpm.port, platform: "swtpm", platformPort: tpm.ctrlPort });
  });
  afterAll(async () => {
    await t.close();
    await tpm.stop();
  });

  it("CMD_GET_CAPABILITY lists INIT, STOP, SET_LOCALITY and CANCEL_TPM_CMD", async () => {
    const platform = t.platform as SwtpmPlatform;
    expect(platform).toBeInstanceOf(SwtpmPlatform);
    const caps = await platform.getCapability();
    for (const bit of [PTM_CAP.INIT, PTM_CAP.STOP, PTM_CAP.SET_LOCALITY, PTM_CAP.CANCEL_TPM_CMD])
      expect(caps & bit).toBe(bit);
  });

  it("power cycle (CMD_INIT): Startup is then required, then commands work", async () => {
    expect(await rc(t, getRandom(8))).toBe(0);
    await t.platform!.reset!();
    expect(await rc(t, getRandom(8))).toBe(TPM_RC_INITIALIZE);
    expect(await rc(t, startupClear())).toBe(0);
    expect(await rc(t, getRandom(8))).toBe(0);
  });

  it("power off (CMD_STOP) makes the TPM fail commands; power on and Startup bring it back", async () => {
    await t.platform!.powerOff();
    expect(await rc(t, getRandom(8))).toBe(TPM_RC_FAILURE);
    await t.platform!.powerOn();
    await t.platform!.nvOn();
    expect(await rc(t, getRandom(8))).toBe(TPM_RC_INITIALIZE);
    expect(await rc(t, startupClear())).toBe(0);
    expect(await rc(t, getRandom(8))).toBe(0);
  });

  it("CMD_CANCEL_TPM_CMD is accepted while the TPM runs", async () => {
    await t.platform!.cancel!();
    expect(await rc(t, getRandom(8))).toBe(0);
  });

  it("a control command the TPM refuses is a DEVICE error", async () => {
    const platform = t.platform as SwtpmPlatform;
    const e = await rejection(platform.command(0x09, Uint8Array.of(1, 2, 3)));
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/TPM_BAD_PARAMETER/);
  });
});

describe("localities (PCR 20: extend at localities 1-3 only, reset at locality 2 only)", () => {
  let tpm: Swtpm;
  beforeAll(async () => {
    tpm = await startSwtpm();
  });
  afterAll(async () => tpm.stop());

  it("mssim framing carries the locality in each frame", async () => {
    const t = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "mssim" });
    expect(await rc(t, pcrExtend(20), 0)).toBe(TPM_RC_LOCALITY);
    expect(await rc(t, pcrExtend(20), 3)).toBe(0);
    expect(await rc(t, pcrReset(20), 0)).toBe(TPM_RC_LOCALITY);
    expect(await rc(t, pcrReset(20), 2)).toBe(0);
    expect(await rc(t, pcrExtend(20))).toBe(TPM_RC_LOCALITY);
    await t.close();
  });

  it("raw framing sets the locality with swtpm's CMD_SET_LOCALITY, only when it changes", async () => {
    const t = new MssimTransport({
      host: tpm.host,
      port: tpm.port,
      serverType: "raw",
      platform: "swtpm",
      platformPort: tpm.ctrlPort,
    });
    expect(await rc(t, pcrExtend(20), 0)).toBe(TPM_RC_LOCALITY);
    expect(await rc(t, pcrExtend(20), 3)).toBe(0);
    expect(await rc(t, pcrExtend(20), 3)).toBe(0);
    expect(await rc(t, pcrReset(20), 2)).toBe(0);
    expect(await rc(t, pcrExtend(20), 0)).toBe(TPM_RC_LOCALITY);
    await t.close();
  });

  it("raw framing without the control channel refuses a non-zero locality; bad localities are BAD_PARAMETER", async () => {
    const t = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "raw" });
    expect((await rejection(t.send(getRandom(4), { locality: 2 }))).code).toBe("UNSUPPORTED");
    expect((await rejection(t.send(getRandom(4), { locality: 7 }))).code).toBe("BAD_PARAMETER");
    expect((await rejection(t.send(getRandom(4), { locality: 256 }))).code).toBe("BAD_PARAMETER");
    expect(await rc(t, getRandom(4), 0)).toBe(0);
    await t.close();
  });
});

describe("failures: a frozen, killed and restarted simulator", () => {
  for (const serverType of ["mssim", "raw", "rawsingle"] as ServerType[]) {
    describe(serverType, () => {
      let tpm: SwtpmProcess;
      // swtpm serves one connection at a time: each test closes its transport.
      const open = (responseTimeoutMs: number) =>
        new MssimTransport({ host: tpm.host, port: tpm.port, serverType, responseTimeoutMs, connectTimeoutMs: 2000 });
      beforeAll(async () => {
        tpm = await startSwtpm();
      });
      afterAll(async () => tpm.stop());

      it("no answer: TIMEOUT within the response timeout; restarted, the next command works", async () => {
        const t = open(400);
        expect(await rc(t, getRandom(8))).toBe(0);
        tpm.freeze();
        // TIMEOUT (not BAD_CONNECTION, not a hang until the test's own timeout).
        const e = await rejection(t.send(getRandom(8)));
        expect(e.code).toBe("TIMEOUT");
        await tpm.kill();
        await tpm.restart();
        expect(await rc(t, getRandom(8))).toBe(0);
        await t.close();
      });

      it("killed mid-command: BAD_CONNECTION at once (not the timeout); restarted, the next command works", async () => {
        const t = open(20_000);
        expect(await rc(t, getRandom(8))).toBe(0);
        tpm.freeze();
        const pending = rejection(t.send(getRandom(8)));
        await new Promise((r) => setTimeout(r, 100));
        await tpm.kill();
        // BAD_CONNECTION, not the TIMEOUT the 20 s response timeout would give.
        const e = await pending;
        expect(e.code).toBe("BAD_CONNECTION");
        // Down: the next command cannot connect.
        expect((await rejection(t.send(getRandom(8)))).code).toBe("BAD_CONNECTION");
        await tpm.restart();
        expect(await rc(t, getRandom(8))).toBe(0);
        await t.close();
      });

      it("a connection dropped while idle is reopened by the next command", async () => {
        const t = open(5000);
        expect(await rc(t, getRandom(8))).toBe(0);
        await tpm.kill();
        await tpm.restart();
        expect(await rc(t, getRandom(8))).toBe(0);
        await t.close();
      });

      it("an AbortSignal ends the wait for a frozen simulator at once", async () => {
        const t = open(20_000);
        expect(await rc(t, getRandom(8))).toBe(0);
        tpm.freeze();
        const c = new AbortController();
        const pending = rejection(t.send(getRandom(8), { signal: c.signal }));
        setTimeout(() => c.abort(), 100);
        // ABORTED, not the TIMEOUT the 20 s response timeout would give.
        const e = await pending;
        expect(e.code).toBe("ABORTED");
        await tpm.kill();
        await tpm.restart();
        expect(await rc(t, getRandom(8))).toBe(0);
        await t.close();
      });
    });
  }

  it("connectAttempts rides out a simulator that is still starting (connecting is retried, commands never)", async () => {
    const tpm = await startSwtpm();
    try {
      await tpm.kill();
      const t = new MssimTransport({ host: tpm.host, port: tpm.port, connectAttempts: 30, connectRetryDelayMs: 20 });
      const pending = t.send(getRandom(8));
      await new Promise((r) => setTimeout(r, 150));
      await tpm.restart();
      expect(responseCode(await pending)).toBe(0);
      expect(t.connectionCount).toBe(1);
      await t.close();
      const once = new MssimTransport({ host: tpm.host, port: tpm.port, connectAttempts: 1 });
      await tpm.kill();
      expect((await rejection(once.send(getRandom(8)))).code).toBe("BAD_CONNECTION");
    } finally {
      await tpm.stop();
    }
  });

  it("a connection the simulator never accepts is a connect TIMEOUT", async () => {
    const tpm = await startSwtpm();
    const fillers: Socket[] = [];
    try {
      tpm.freeze();
      // Fill the frozen swtpm's accept backlog until a connect stays unanswered.
      for (let i = 0; i < 64; i++) {
        const s = connect({ host: tpm.host, port: tpm.port });
        s.on("error", () => undefined);
        fillers.push(s);
        const connected = await new Promise<boolean>((r) => {
          s.once("connect", () => r(true));
          setTimeout(() => r(false), 200);
        });
        if (!connected) break;
      }
      const t = new MssimTransport({ host: tpm.host, port: tpm.port, connectTimeoutMs: 300 });
      const e = await rejection(t.send(getRandom(8)));
      expect(e.code).toBe("TIMEOUT");
      expect(e.message).toMatch(/no connection/);
    } finally {
      for (const s of fillers) s.destroy();
      await tpm.stop();
    }
  });
});

describe("connections, host names and IPv6", () => {
  it("raw keeps one connection; rawsingle connects per command", async () => {
    const tpm = await startSwtpm();
    try {
      const raw = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "raw" });
      for (let i = 0; i < 5; i++) expect(await rc(raw, getRandom(4))).toBe(0);
      expect(raw.connectionCount).toBe(1);
      await raw.close();
      const single = new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "rawsingle" });
      for (let i = 0; i < 5; i++) expect(await rc(single, getRandom(4))).toBe(0);
      // One per command, plus the probe's own connection before the first.
      expect(single.connectionCount).toBe(6);
      await single.close();
    } finally {
      await tpm.stop();
    }
  });

  it("connects by host name (localhost) and to IPv6 ::1, written bare or in brackets", async () => {
    const v4 = await startSwtpm();
    const v6 = await startSwtpm({ bind: "::1" });
    try {
      for (const [host, port] of [
        ["localhost", v4.port],
        ["::1", v6.port],
        ["[::1]", v6.port],
      ] as const) {
        const t = new MssimTransport({ host, port });
        expect(await rc(t, getRandom(4))).toBe(0);
        await t.close();
      }
    } finally {
      await v4.stop();
      await v6.stop();
    }
  });

  it("connection refused is BAD_CONNECTION naming host and port", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s: Server = createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const t = new MssimTransport({ host: "127.0.0.1", port: closedPort });
    const e = await rejection(t.send(getRandom(4)));
    expect(e.code).toBe("BAD_CONNECTION");
    expect(e.message).toContain(`127.0.0.1:${closedPort}`);
  });
});

describe("createTransportFromProperties", () => {
  it("builds a raw transport with swtpm platform from the seed's property names", async () => {
    const tpm = await startSwtpm();
    try {
      const t = (await createTransportFromProperties({
        TPM_SERVER_NAME: tpm.host,
        TPM_SERVER_TYPE: "raw",
        TPM_COMMAND_PORT: String(tpm.port),
        TPM_PLATFORM_PORT: String(tpm.ctrlPort),
        TPM_PLATFORM_TYPE: "swtpm",
      })) as MssimTransport;
      expect(t.serverType).toBe("raw");
      const r = await t.send(getRandom(16));
      expect(r.length).toBe(TPM_HEADER_SIZE + 2 + 16);
      await t.platform!.reset!();
      expect(await rc(t, getRandom(8))).toBe(TPM_RC_INITIALIZE);
      await t.close();
    } finally {
      await tpm.stop();
    }
  });

  it("defaults to the seed's defaults and rejects bad values with BAD_PROPERTY", async () => {
    const t = (await createTransportFromProperties({})) as MssimTransport;
    expect([t.host, t.port, t.serverType]).toEqual(["localhost", 2321, "mssim"]);
    for (const bad of [
      { TPM_COMMAND_PORT: "0" },
      { TPM_COMMAND_PORT: "70000" },
      { TPM_PLATFORM_PORT: "x" },
      { TPM_SERVER_TYPE: "tcp" },
      { TPM_SERVER_NAME: "" },
      { TPM_PLATFORM_TYPE: "qemu" },
    ]) {
      expect((await rejection(createTransportFromProperties(bad))).code).toBe("BAD_PROPERTY");
    }
  });
});
