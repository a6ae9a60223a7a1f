import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TssError } from "@tss/marshal";
import { MemoryStore, nameKey, nvPublicKey, openSessionState, sealSessionState, sessionEncryptionKey } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { afterAll, describe, expect, it } from "vitest";
import { nodeCrypto } from "./support/node-crypto.js";

const dir = mkdtempSync(join(tmpdir(), "tss-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("stores", () => {
  it("name the seed's files", () => {
    expect(nameKey(0x80000001)).toBe("h80000001");
    expect(nvPublicKey(0x01500000)).toBe("nvp01500000");
  });

  for (const [label, make] of [
    ["memory", () => new MemoryStore()],
    ["file", () => new FileStore(join(dir, "a"))],
  ] as const) {
    it(`${label}: put, get, replace, delete`, async () => {
      const s = make();
      expect(await s.get("h80000000")).toBeUndefined();
      await s.put("h80000000", Uint8Array.of(1, 2, 3));
      expect(await s.get("h80000000")).toEqual(Uint8Array.of(1, 2, 3));
      await s.put("h80000000", Uint8Array.of(4));
      expect(await s.get("h80000000")).toEqual(Uint8Array.of(4));
      await s.delete("h80000000");
      await s.delete("h80000000");
      expect(await s.get("h80000000")).toBeUndefined();
    });
  }

  it("file: honours pre-provisioned h<handle>.bin and nvp<handle>.bin and leaves no temporary files", async () => {
    const d = join(dir, "b");
    const s = new FileStore(d);
    await s.put("h01500001", Uint8Array.of(9));
    writeFileSync(join(d, "nvp01500001.bin"), Uint8Array.of(7, 7));
    expect(await s.get("nvp01500001")).toEqual(Uint8Array.of(7, 7));
    expect(readFileSync(join(d, "h01500001.bin"))).toEqual(Buffer.of(9));
    expect(readdirSync(d).sort()).toEqual(["h01500001.bin", "nvp01500001.bin"]);
  });

  it("file: rejects keys that would escape the folder", async () => {
    await expect(new FileStore(dir).get("../etc/passwd")).rejects.toThrow(TssError);
  });
});

describe("sealed session state", () => {
  const key = sessionEncryptionKey(nodeCrypto, "00112233445566778899aabbccddeeff");
  const state = Uint8Array.from({ length: 100 }, (_, i) => i);

  it("round-trips and hides the state", async () => {
    const sealed = await sealSessionState(nodeCrypto, key, "h02000000", state, true);
    expect(Buffer.from(sealed).includes(Buffer.from(state.subarray(0, 16)))).toBe(false);
    expect(await openSessionState(nodeCrypto, key, "h02000000", sealed, true)).toEqual(state);
  });

  it("rejects a tampered, truncated, moved or wrongly keyed state with STORE", async () => {
    const sealed = await sealSessionState(nodeCrypto, key, "h02000000", state, true);
    const flipped = sealed.slice();
    flipped[30]! ^= 1;
    const other = sessionEncryptionKey(nodeCrypto, "ffeeddccbbaa99887766554433221100");
    for (const [bytes, k, storeKey] of [
      [flipped, key, "h02000000"],
      [sealed.subarray(0, sealed.length - 1), key, "h02000000"],
      [sealed.subarray(0, 20), key, "h02000000"],
      [sealed, key, "h02000001"],
      [sealed, other, "h02000000"],
    ] as const) {
      const e = await openSessionState(nodeCrypto, k, storeKey, bytes, true).catch((x) => x);
      expect(e).toBeInstanceOf(TssError);
      expect((e as TssError).code).toBe("STORE");
    }
  });

  it("saves plaintext only when TPM_ENCRYPT_SESSIONS=0, and refuses it otherwise", async () => {
    const plain = await sealSessionState(nodeCrypto, key, "h03000000", state, false);
    expect(await openSessionState(nodeCrypto, key, "h03000000", plain, false)).toEqual(state);
    await expect(openSessionState(nodeCrypto, key, "h03000000", plain, true)).rejects.toThrow(/not encrypted/);
  });

  it("uses one random per-process key when TPM_SESSION_ENCKEY is empty", () => {
    const a = sessionEncryptionKey(nodeCrypto, "");
    expect(a).toHaveLength(32);
    expect(sessionEncryptionKey(nodeCrypto, "")).toBe(a);
  });
});
