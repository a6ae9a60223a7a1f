/**
 * @tss/transport-device against swtpm: the serial path over a pseudo-terminal
 * bridged by socat, and the character-device path over a FIFO pair bridged by
 * socat (real node:fs reads and writes; a real /dev/tpmrm0 or /dev/tpm0 is
 * used too when this machine has one we may open).
 */
import { accessSync, constants, existsSync } from "node:fs";
import { TssError } from "@tss/marshal";
import { createTransportFromProperties, DeviceTransport, fifoPairOpener, SerialTransport } from "@tss/transport-device";
import { testCommands } from "@tss/transport-testkit";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Swtpm, startSwtpm } from "../src/swtpm.js";
import { type SocatBridge, startFifoBridge, startPtyBridge } from "../src/transport-bridges.js";

const { getRandom, responseCode } = testCommands;

describe("serial TPM over a pseudo-terminal bridged to swtpm", () => {
  let tpm: Swtpm;
  let bridge: SocatBridge;
  beforeAll(async () => {
    tpm = await startSwtpm();
    bridge = await startPtyBridge(tpm.host, tpm.port);
  });
  afterAll(async () => {
    await bridge.stop();
    await tpm.stop();
  });

  it("GetRandom over the line at 115200 baud", async () => {
    const t = new SerialTransport({ path: bridge.path, baudRate: 115200 });
    const r = await t.send(getRandom(32));
    expect(responseCode(r)).toBe(0);
    expect(r.length).toBe(44);
    await t.close();
  });

  it("createTransportFromProperties: TPM_DEVICE serial:<path> and TPM_SERIAL_BAUD_RATE", async () => {
    const t = await createTransportFromProperties({
      TPM_DEVICE: `serial:${bridge.path}`,
      TPM_SERIAL_BAUD_RATE: "9600",
    });
    expect(t).toBeInstanceOf(SerialTransport);
    expect((t as SerialTransport).baudRate).toBe(9600);
    expect(responseCode(await t.send(getRandom(8)))).toBe(0);
    await t.close();
  });

  it("a locality other than 0 is UNSUPPORTED on a serial line", async () => {
    const t = new SerialTransport({ path: bridge.path });
    const e = await t.send(getRandom(8), { locality: 3 }).catch((x: unknown) => x);
    expect((e as TssError).code).toBe("UNSUPPORTED");
    await t.close();
  });

  describeTransportConformance("transport conformance: serial", () => ({
    open: () => new SerialTransport({ path: bridge.path, responseTimeoutMs: 10_000 }),
  }));
});

describe("character-device path over a FIFO pair bridged to swtpm", () => {
  let tpm: Swtpm;
  let bridge: SocatBridge;
  beforeAll(async () => {
    tpm = await startSwtpm();
    bridge = await startFifoBridge(tpm.host, tpm.port);
  });
  afterAll(async () => {
    await bridge.stop();
    await tpm.stop();
  });

  it("one write, one read: GetRandom through node:fs", async () => {
    const t = new DeviceTransport({ path: "/dev/tpm-fifo", open: fifoPairOpener(bridge.path, bridge.responsePath) });
    const r = await t.send(getRandom(16));
    expect(responseCode(r)).toBe(0);
    expect(r.length).toBe(28);
    await t.close();
  });

  describeTransportConformance("transport conformance: character device (FIFO pair)", () => ({
    open: () =>
      new DeviceTransport({
        path: "/dev/tpm-fifo",
        open: fifoPairOpener(bridge.path, bridge.responsePath),
        responseTimeoutMs: 10_000,
      }),
  }));
});

describe("device errors explained", () => {
  it("a missing device is a DEVICE error pointing at the driver", async () => {
    const t = new DeviceTransport({ path: "/dev/tpm-does-not-exist" });
    const e = (await t.send(getRandom(8)).catch((x: unknown) => x)) as TssError;
    expect(e).toBeInstanceOf(TssError);
    expect(e.code).toBe("DEVICE");
    expect(e.message).toMatch(/does not exist.*\/sys\/class\/tpm/);
  });

  it("createTransportFromProperties: TPM_DEVICE picks the device; bad values are BAD_PROPERTY", async () => {
    const t = (await createTransportFromProperties({ TPM_DEVICE: "/dev/tpmrm0" })) as DeviceTransport;
    expect(t).toBeInstanceOf(DeviceTransport);
    expect(t.path).toBe("/dev/tpmrm0");
    expect(((await createTransportFromProperties({})) as DeviceTransport).path).toBe("/dev/tpm0");
    for (const bad of [
      { TPM_DEVICE: "" },
      { TPM_DEVICE: "serial:" },
      { TPM_DEVICE: "serial:/dev/ttyS0", TPM_SERIAL_BAUD_RATE: "fast" },
    ]) {
      const e = await createTransportFromProperties(bad).catch((x: unknown) => x);
      expect((e as TssError).code).toBe("BAD_PROPERTY");
    }
  });
});

const realDevice = ["/dev/tpmrm0", "/dev/tpm0"].find((p) => {
  if (!existsSync(p)) return false;
  try {
    accessSync(p, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
});
describe.skipIf(!realDevice)(`a real TPM device (${realDevice ?? "none on this machine"})`, () => {
  describeTransportConformance("transport conformance: real device", () => ({
    open: () => new DeviceTransport({ path: realDevice! }),
  }));
});
