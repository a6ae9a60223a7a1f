// The IMA list parser and replay: real ASCII lists from keylime (template hashes as the
// kernel computed them), and binary lists written by buildImaLog in both byte orders
// (replay equals extends computed here by hand with node:crypto).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { webCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import {
  buildImaLog,
  checkImaTemplateHash,
  EventLogError,
  type ImaEntryInput,
  parseImaAsciiLog,
  parseImaLog,
  replayImaLog,
} from "../src/index.js";

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha = (alg: string, ...parts: Uint8Array[]) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

describe("keylime's ASCII IMA lists", () => {
  for (const name of ["keylime-ima-log-sha1", "keylime-ima-log-sha256", "keylime-ima-log-sha512"]) {
    it(`${name}: template hashes equal the hash of the rebuilt ima-ng data`, async () => {
      const events = parseImaAsciiLog(fixture(name));
      expect(events).toHaveLength(2);
      expect(events[0]!.fields?.fileName).toBe("boot_aggregate");
      expect(events[1]!.fields?.fileName).toBe("/data");
      expect(events[1]!.fields?.fileHashAlgorithm).toBe(name.split("-").at(-1));
      for (const e of events) expect(await checkImaTemplateHash(webCrypto, e)).toBe(true);
      // A changed file digest no longer matches its template hash.
      const bad = parseImaAsciiLog(fixture(name).replace("/data", "/date"));
      expect(await checkImaTemplateHash(webCrypto, bad[1]!)).toBe(false);
    });
  }
});

describe("binary IMA lists", () => {
  const entries: ImaEntryInput[] = [
    {
      template: "ima-ng",
      fileHashAlgorithm: "sha256",
      fileDigest: sha("sha256", Uint8Array.of(1)),
      fileName: "boot_aggregate",
    },
    {
      template: "ima-sig",
      fileHashAlgorithm: "sha256",
      fileDigest: sha("sha256", Uint8Array.of(2)),
      fileName: "/usr/bin/bash",
      signature: Uint8Array.of(3, 2, 1, 0, 9),
    },
    { template: "ima", fileHashAlgorithm: "sha1", fileDigest: sha("sha1", Uint8Array.of(3)), fileName: "/etc/passwd" },
    {
      template: "ima-ng",
      fileHashAlgorithm: "sha1",
      fileDigest: new Uint8Array(20),
      fileName: "/tmp/violated",
      violation: true,
    },
  ];

  for (const littleEndian of [true, false]) {
    it(`parses and replays (${littleEndian ? "little" : "big"} endian)`, async () => {
      const bytes = await buildImaLog(webCrypto, entries, { littleEndian });
      const events = parseImaLog(bytes, { littleEndian });
      expect(events.map((e) => e.templateName)).toEqual(["ima-ng", "ima-sig", "ima", "ima-ng"]);
      expect(events.map((e) => e.fields?.fileName)).toEqual([
        "boot_aggregate",
        "/usr/bin/bash",
        "/etc/passwd",
        "/tmp/violated",
      ]);
      expect(hex(events[1]!.fields!.signature!)).toBe("0302010009");
      for (const e of events) expect(await checkImaTemplateHash(webCrypto, e)).toBe(true);

      const pcrs = await replayImaLog(events, webCrypto);
      let v1 = new Uint8Array(20);
      let v256 = new Uint8Array(32);
      for (const e of events) {
        const zero = e.templateHash.every((b) => b === 0);
        v1 = sha("sha1", v1, zero ? new Uint8Array(20).fill(0xff) : e.templateHash);
        v256 = sha("sha256", v256, zero ? new Uint8Array(32).fill(0xff) : sha("sha256", e.templateData));
      }
      expect(hex(pcrs.get(TPM_ALG_ID.SHA1)![10]!)).toBe(hex(v1));
      expect(hex(pcrs.get(TPM_ALG_ID.SHA256)![10]!)).toBe(hex(v256));
      // the ima template's hash is SHA-1 of the digest and the name padded to 256 octets
      const padded = new Uint8Array(256);
      padded.set(new TextEncoder().encode("/etc/passwd"));
      expect(hex(events[2]!.templateHash)).toBe(hex(sha("sha1", entries[2]!.fileDigest, padded)));
    });
  }

  it("a SHA-256 template hash list (binary_runtime_measurements_sha256) extends its hash into the SHA-256 bank", async () => {
    const bytes = await buildImaLog(webCrypto, entries.slice(0, 2), { templateHashAlg: TPM_ALG_ID.SHA256 });
    const events = parseImaLog(bytes, { templateHashSize: 32 });
    for (const e of events) expect(await checkImaTemplateHash(webCrypto, e, TPM_ALG_ID.SHA256)).toBe(true);
    const pcrs = await replayImaLog(events, webCrypto, {
      banks: [TPM_ALG_ID.SHA256],
      templateHashAlg: TPM_ALG_ID.SHA256,
    });
    const v = sha("sha256", sha("sha256", new Uint8Array(32), events[0]!.templateHash), events[1]!.templateHash);
    expect(hex(pcrs.get(TPM_ALG_ID.SHA256)![10]!)).toBe(hex(v));
  });

  it("the wrong byte order or a cut list is an EventLogError", async () => {
    const bytes = await buildImaLog(webCrypto, entries, { littleEndian: true });
    expect(() => parseImaLog(bytes, { littleEndian: false })).toThrow(EventLogError);
    for (const n of [3, 30, 60, bytes.length - 1])
      expect(() => parseImaLog(bytes.subarray(0, n))).toThrow(EventLogError);
    expect(() => parseImaAsciiLog("10 zz ima-ng sha1:00 x\n")).toThrow(EventLogError);
    expect(() => parseImaAsciiLog("10 00 ima-foo sha1:00 x\n")).toThrow(/not ima/);
  });
});
