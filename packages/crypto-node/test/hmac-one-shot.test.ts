// The HMAC of @tss/crypto-node is built from two one-shot digests over a reused
// scratch buffer: it must equal node:crypto's createHmac for every hash, key
// length (empty, shorter than, equal to and longer than the block) and data
// length, and calls with different keys in turn must not see each other's pads.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { createNodeCrypto } from "../src/index.js";

const ALGS = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
] as const;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("crypto-node hmac equals createHmac", () => {
  it("on 4,000 random keys and messages across every hash, block edges included", async () => {
    const c = createNodeCrypto();
    const lengths = [0, 1, 20, 32, 63, 64, 65, 127, 128, 129, 200];
    for (let i = 0; i < 4000; i++) {
      const [alg, name] = ALGS[i % ALGS.length]!;
      const keyLength = i < 200 ? lengths[i % lengths.length]! : (i * 7919) % 300;
      const dataLength = i < 200 ? lengths[(i >> 2) % lengths.length]! : (i * 104729) % 2500;
      const key = new Uint8Array(randomBytes(keyLength));
      const data = new Uint8Array(randomBytes(dataLength));
      const mac = await c.hmac(alg, key, data);
      expect(mac).toBeInstanceOf(Uint8Array);
      expect(Buffer.isBuffer(mac)).toBe(false);
      expect(hex(mac), `${name} key ${keyLength} data ${dataLength}`).toBe(
        createHmac(name, key).update(data).digest("hex"),
      );
    }
  });

  it("hash equals createHash for every hash and input length, as plain Uint8Arrays of exactly the digest", async () => {
    const c = createNodeCrypto();
    for (const [alg, name] of ALGS) {
      for (const n of [0, 1, 55, 56, 63, 64, 65, 97, 128, 1000, 70000]) {
        const data = new Uint8Array(randomBytes(n));
        const d = await c.hash(alg, data);
        expect(Buffer.isBuffer(d)).toBe(false);
        expect(d.buffer.byteLength).toBe(d.length);
        expect(hex(d), `${name} of ${n} octets`).toBe(createHash(name).update(data).digest("hex"));
      }
    }
  });

  it("keeps pads only for the very same key: a key array changed in place, or another hash, gets new ones", async () => {
    const c = createNodeCrypto();
    const key = new Uint8Array(32).fill(3);
    const data = new Uint8Array(40).fill(9);
    for (let round = 0; round < 3; round++) {
      expect(hex(await c.hmac(TPM_ALG_ID.SHA256, key, data))).toBe(
        createHmac("sha256", key).update(data).digest("hex"),
      );
      expect(hex(await c.hmac(TPM_ALG_ID.SHA384, key, data))).toBe(
        createHmac("sha384", key).update(data).digest("hex"),
      );
      key[round] = key[round]! ^ 0x55; // same array, new content
      expect(hex(await c.hmac(TPM_ALG_ID.SHA384, key, data))).toBe(
        createHmac("sha384", key).update(data).digest("hex"),
      );
      const shorter = key.subarray(0, 31); // a prefix of the last key
      expect(hex(await c.hmac(TPM_ALG_ID.SHA384, shorter, data))).toBe(
        createHmac("sha384", shorter).update(data).digest("hex"),
      );
    }
  });

  it("leaves no key material in results handed out earlier, and results are independent copies", async () => {
    const c = createNodeCrypto();
    const a = await c.hmac(TPM_ALG_ID.SHA256, new Uint8Array(32).fill(1), new Uint8Array(10));
    const keep = hex(a);
    await c.hmac(TPM_ALG_ID.SHA256, new Uint8Array(32).fill(2), new Uint8Array(3000));
    expect(hex(a)).toBe(keep);
    expect(a.buffer.byteLength).toBe(32);
  });
});
