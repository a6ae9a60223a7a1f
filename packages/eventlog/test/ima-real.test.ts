// A real binary IMA list (binary_runtime_measurements of a Linux machine, x86 byte
// order, SHA-1 template hashes, ima-ng entries) from the embrave project: every
// entry parses, every template hash is the kernel's hash of the template data, and
// the replay is reproducible entry by entry.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { webCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { checkImaTemplateHash, parseImaLog, replayImaLog } from "../src/index.js";

const list = new Uint8Array(readFileSync(new URL("fixtures/embrave-binary_runtime_measurements", import.meta.url)));

describe("embrave's binary_runtime_measurements", () => {
  const events = parseImaLog(list);

  it("parses to the end: ima-ng entries in PCR 10, boot_aggregate first", () => {
    expect(events.length).toBeGreaterThan(100);
    expect(events[0]!.fields?.fileName).toBe("boot_aggregate");
    expect(new Set(events.map((e) => e.pcrIndex))).toEqual(new Set([10]));
    expect(events.every((e) => e.fields && e.fields.fileDigest.length > 0)).toBe(true);
  });

  it("every template hash is SHA-1 of the template data (zero hashes are violations)", async () => {
    for (const e of events) expect(await checkImaTemplateHash(webCrypto, e), `entry ${e.number}`).toBe(true);
  });

  it("the SHA-1 bank replay equals a chain of the template hashes computed here", async () => {
    const pcrs = await replayImaLog(events, webCrypto, { banks: [TPM_ALG_ID.SHA1] });
    let v = Buffer.alloc(20);
    for (const e of events) {
      const zero = e.templateHash.every((b) => b === 0);
      v = createHash("sha1")
        .update(v)
        .update(zero ? Buffer.alloc(20, 0xff) : e.templateHash)
        .digest();
    }
    expect(Buffer.from(pcrs.get(TPM_ALG_ID.SHA1)![10]!).toString("hex")).toBe(v.toString("hex"));
  });
});
