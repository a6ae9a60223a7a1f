// Real logs that ship with the IBM TSS (utils/*.log) and the expectations its own
// regression test (utils/regtests/testevent.sh) holds them to:
// - UEFI logs of real machines: every event digest checks where the event type allows
//   (IBM's -checkhash) and the replay is reproducible;
// - the IMA lists sha1.log and sha256.log (the same boot, template hashes in SHA-1 and
//   SHA-256): replayed into the SHA-1, SHA-256, SHA-384 and SHA-512 banks they give
//   the PCR 10 values the Linux kernel reported (imakvtpcr10.txt).
import { readFileSync } from "node:fs";
import { webCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import {
  checkFirmwareEventDigests,
  checkImaTemplateHash,
  parseFirmwareEventLog,
  parseImaLog,
  replayFirmwareEventLog,
  replayImaLog,
} from "../src/index.js";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`fixtures/ibmtss-${name.replace(/\.log$/, ".bin")}`, import.meta.url)));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const BANKS = [TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384, TPM_ALG_ID.SHA512];

describe("IBM TSS UEFI logs", () => {
  for (const name of ["dell1.log", "hp1.log", "deb1.log", "ubuntu1.log"]) {
    it(`${name}: crypto-agile, no event digest contradicts its data, replay covers PCR 0-7`, async () => {
      const log = parseFirmwareEventLog(fixture(name));
      expect(log.format).toBe("crypto-agile");
      expect(log.events.length).toBeGreaterThan(20);
      const results = await Promise.all(log.events.slice(1).map((e) => checkFirmwareEventDigests(webCrypto, e)));
      expect(results.map((r, i) => `${i + 1} ${r}`).filter((r) => r.endsWith("mismatch"))).toEqual([]);
      expect(results.filter((r) => r === "match").length).toBeGreaterThan(5);
      const pcrs = await replayFirmwareEventLog(log, webCrypto);
      const sha256 = pcrs.get(TPM_ALG_ID.SHA256)!;
      for (let pcr = 0; pcr < 8; pcr++) expect(hex(sha256[pcr]!)).not.toBe("00".repeat(32));
    });
  }
});

describe("IBM TSS IMA lists against the kernel's PCR 10 (imakvtpcr10.txt)", () => {
  const kernel = new TextDecoder()
    .decode(fixture("imakvtpcr10.txt"))
    .trim()
    .split("\n")
    .map((l) => l.replace("PCR 10:", "").replace(/\s+/g, ""));

  for (const [name, alg, size] of [
    ["sha1.log", TPM_ALG_ID.SHA1, 20],
    ["sha256.log", TPM_ALG_ID.SHA256, 32],
  ] as const) {
    it(`${name}: template hashes verify; the four banks replay to the kernel's PCR 10`, async () => {
      const events = parseImaLog(fixture(name), { littleEndian: true, templateHashSize: size });
      expect(events.length).toBeGreaterThan(100);
      for (const e of events) expect(await checkImaTemplateHash(webCrypto, e, alg), `entry ${e.number}`).toBe(true);
      const pcrs = await replayImaLog(events, webCrypto, { banks: BANKS, templateHashAlg: alg });
      expect(BANKS.map((b) => hex(pcrs.get(b)![10]!))).toEqual(kernel);
    });
  }

  it("imatest.log (IBM's composite SHA-1 list) parses and its template hashes verify", async () => {
    const events = parseImaLog(fixture("imatest.log"), { littleEndian: true });
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) expect(await checkImaTemplateHash(webCrypto, e), `entry ${e.number}`).toBe(true);
  });
});
