// The firmware event log parser and replay: on real logs that ship with tpm2-tools
// (checked against tpm2_eventlog's own YAML output and replayed PCRs), and on logs
// written by buildFirmwareEventLog (replay equals extends computed here by hand).

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { webCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import {
  buildFirmwareEventLog,
  checkFirmwareEventDigests,
  comparePcrBanks,
  EV,
  EventLogError,
  eventTypeName,
  parseFirmwareEventLog,
  replayFirmwareEventLog,
  startupLocality,
  startupLocalityData,
} from "../src/index.js";
import { readTpm2ToolsYaml } from "./tpm2-tools-yaml.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`fixtures/${name}`, import.meta.url)));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const ALG_NAMES: Record<number, string> = { 4: "sha1", 11: "sha256", 12: "sha384", 13: "sha512" };

describe("tpm2-tools fixtures (expected values from tpm2_eventlog's YAML)", () => {
  for (const name of [
    "event-arch-linux.bin",
    "event-sd-boot-fedora37.bin",
    "event-uefi-sha1-log.bin",
    "event-uefivar.bin",
  ]) {
    it(`${name}: events, digests and replayed PCRs equal tpm2-tools'`, async () => {
      const log = parseFirmwareEventLog(fixture(name));
      const want = readTpm2ToolsYaml(new TextDecoder().decode(fixture(`${name}.yaml`)));
      expect(log.events.map((e) => e.pcrIndex)).toEqual(want.pcrIndexes);
      expect(log.events.map((e) => eventTypeName(e.eventType))).toEqual(want.eventTypes);
      const digests = log.events
        .filter((e) => !(e.number === 0 && log.specId))
        .flatMap((e) => e.digests.map((d) => ({ alg: ALG_NAMES[d.hashAlg], hex: hex(d.digest) })));
      expect(digests).toEqual(want.digests);
      const replayed = await replayFirmwareEventLog(log, webCrypto);
      expect(want.pcrs.size).toBeGreaterThan(0);
      for (const [alg, pcrs] of want.pcrs) {
        const id = Number(Object.keys(ALG_NAMES).find((k) => ALG_NAMES[Number(k)] === alg));
        for (const [pcr, value] of pcrs)
          expect(`${alg} ${pcr} ${hex(replayed.get(id)![pcr]!)}`).toBe(`${alg} ${pcr} ${value}`);
      }
    });
  }

  it("the arch-linux log is crypto-agile with SHA-1 and SHA-256 and its digests check where the type allows", async () => {
    const log = parseFirmwareEventLog(fixture("event-arch-linux.bin"));
    expect(log.format).toBe("crypto-agile");
    expect(log.specId?.signature).toBe("Spec ID Event03");
    expect(log.specId?.algorithms).toEqual([
      { algorithmId: TPM_ALG_ID.SHA1, digestSize: 20 },
      { algorithmId: TPM_ALG_ID.SHA256, digestSize: 32 },
    ]);
    const results = await Promise.all(log.events.slice(1).map((e) => checkFirmwareEventDigests(webCrypto, e)));
    expect(results).not.toContain("mismatch");
    expect(results.filter((r) => r === "match").length).toBeGreaterThan(5);
    const sep = log.events.find((e) => e.eventType === EV.SEPARATOR)!;
    expect(await checkFirmwareEventDigests(webCrypto, sep)).toBe("match");
  });

  it("the SHA-1 log is read as TCG_PCR_EVENT entries", () => {
    const log = parseFirmwareEventLog(fixture("event-uefi-sha1-log.bin"));
    expect(log.format).toBe("sha1");
    expect(log.specId).toBeUndefined();
    expect(log.events.every((e) => e.digests.length === 1 && e.digests[0]!.hashAlg === TPM_ALG_ID.SHA1)).toBe(true);
  });
});

describe("generated logs", () => {
  const sha = (alg: string, ...parts: Uint8Array[]) => {
    const h = createHash(alg);
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  };

  it("replay equals extends computed by hand, StartupLocality sets PCR 0, D-RTM PCRs start at ones", async () => {
    const sep = new Uint8Array(4);
    const action = new TextEncoder().encode("Calling EFI Application from Boot Option");
    const code = sha("sha256", new TextEncoder().encode("some code"));
    const bytes = await buildFirmwareEventLog(
      webCrypto,
      [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256],
      [
        { pcrIndex: 0, eventType: EV.NO_ACTION, data: startupLocalityData(3) },
        { pcrIndex: 0, eventType: EV.S_CRTM_VERSION, data: new Uint8Array([1, 0]) },
        { pcrIndex: 4, eventType: EV.EFI_ACTION, data: action },
        {
          pcrIndex: 4,
          eventType: EV.EFI_BOOT_SERVICES_APPLICATION,
          data: new Uint8Array(8),
          digests: new Map([
            [TPM_ALG_ID.SHA1, sha("sha1", code)],
            [TPM_ALG_ID.SHA256, code],
          ]),
        },
        { pcrIndex: 0, eventType: EV.SEPARATOR, data: sep },
        { pcrIndex: 18, eventType: EV.EFI_ACTION, data: action },
      ],
    );
    const log = parseFirmwareEventLog(bytes);
    expect(log.events).toHaveLength(7);
    expect(startupLocality(log.events[1]!)).toBe(3);
    const pcrs = await replayFirmwareEventLog(log, webCrypto);

    const pcr0 = new Uint8Array(32);
    pcr0[31] = 3;
    let v0 = sha("sha256", pcr0, sha("sha256", new Uint8Array([1, 0])));
    v0 = sha("sha256", v0, sha("sha256", sep));
    expect(hex(pcrs.get(TPM_ALG_ID.SHA256)![0]!)).toBe(hex(v0));
    let v4 = sha("sha256", new Uint8Array(32), sha("sha256", action));
    v4 = sha("sha256", v4, code);
    expect(hex(pcrs.get(TPM_ALG_ID.SHA256)![4]!)).toBe(hex(v4));
    expect(hex(pcrs.get(TPM_ALG_ID.SHA1)![18]!)).toBe(
      hex(sha("sha1", new Uint8Array(20).fill(0xff), sha("sha1", action))),
    );
    expect(hex(pcrs.get(TPM_ALG_ID.SHA256)![7]!)).toBe("00".repeat(32));

    // A changed PCR is reported; the others compare equal.
    const actual = new Map([...pcrs].map(([alg, v]) => [alg, v.map((x) => x.slice())]));
    expect(comparePcrBanks(pcrs, actual)).toEqual([]);
    const changed = actual.get(TPM_ALG_ID.SHA1)![4]!;
    changed[0] = changed[0]! ^ 1;
    expect(comparePcrBanks(pcrs, actual).map((m) => [m.hashAlg, m.pcr])).toEqual([[TPM_ALG_ID.SHA1, 4]]);
  });

  it("checkhash finds a tampered event", async () => {
    const bytes = await buildFirmwareEventLog(
      webCrypto,
      [TPM_ALG_ID.SHA256],
      [{ pcrIndex: 5, eventType: EV.EFI_ACTION, data: new TextEncoder().encode("Exit Boot Services Invocation") }],
    );
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0x20;
    const log = parseFirmwareEventLog(bytes);
    expect(await checkFirmwareEventDigests(webCrypto, log.events[1]!)).toBe("mismatch");
  });

  it("a truncated or malformed log is an EventLogError, never a crash", async () => {
    const bytes = await buildFirmwareEventLog(
      webCrypto,
      [TPM_ALG_ID.SHA256],
      [{ pcrIndex: 1, eventType: EV.EFI_ACTION, data: new Uint8Array(10) }],
    );
    for (let n = 1; n < bytes.length; n += 7) {
      const cut = bytes.subarray(0, n);
      if (n >= bytes.length - 0) continue;
      expect(() => parseFirmwareEventLog(cut)).toThrow(EventLogError);
    }
    const big = bytes.slice();
    new DataView(big.buffer).setUint32(big.length - 14, 0xffffffff, true); // eventSize of the last event
    expect(() => parseFirmwareEventLog(big)).toThrow(/TRUNCATED|needs/);
    expect(() => parseFirmwareEventLog(new Uint8Array(0))).toThrow(EventLogError);
    // zero padding after the last event is ignored
    const padded = new Uint8Array(bytes.length + 64);
    padded.set(bytes);
    expect(parseFirmwareEventLog(padded).events).toHaveLength(2);
  });

  it("-nospec: a log without its header reads as TCG_PCR_EVENT2 entries with the known digest sizes", async () => {
    const bytes = await buildFirmwareEventLog(
      webCrypto,
      [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA384],
      [
        { pcrIndex: 2, eventType: EV.EFI_ACTION, data: new TextEncoder().encode("one") },
        { pcrIndex: 3, eventType: EV.SEPARATOR, data: new Uint8Array(4) },
      ],
    );
    const whole = parseFirmwareEventLog(bytes);
    const body = bytes.subarray(whole.events[1]!.offset);
    const part = parseFirmwareEventLog(body, { noSpec: true });
    expect(part.specId).toBeUndefined();
    expect(part.events.map((e) => [e.pcrIndex, e.eventType, e.digests.map((d) => hex(d.digest))])).toEqual(
      whole.events.slice(1).map((e) => [e.pcrIndex, e.eventType, e.digests.map((d) => hex(d.digest))]),
    );
    // Without -nospec the same bytes are not a log.
    expect(() => parseFirmwareEventLog(body)).toThrow(EventLogError);
  });

  it("names event types", () => {
    expect(eventTypeName(0x80000001)).toBe("EV_EFI_VARIABLE_DRIVER_CONFIG");
    expect(eventTypeName(3)).toBe("EV_NO_ACTION");
    expect(eventTypeName(0x1234)).toBe("EV_UNKNOWN_00001234");
  });
});
