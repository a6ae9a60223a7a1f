// HMAC with imported keys kept per key (bounded) equals node:crypto's HMAC.
import { createHmac, randomBytes } from "node:crypto";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { HMAC_KEY_CACHE_SIZE, HmacKeyCache } from "../src/hmac-keys.js";

const ALGS = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
] as const;
const u8 = (b: Buffer) => new Uint8Array(b);

describe("crypto-webcrypto HMAC key cache", () => {
  it("equals node:crypto for empty, short, block-size and long keys, reused past the cache size", async () => {
    const c = createWebCrypto();
    const keys = [
      new Uint8Array(0),
      ...Array.from({ length: HMAC_KEY_CACHE_SIZE + 3 }, (_, i) => u8(randomBytes([1, 32, 64, 129, 200][i % 5]!))),
    ];
    for (let round = 0; round < 2; round++) {
      for (const [alg, name] of ALGS) {
        for (const key of keys) {
          const data = u8(randomBytes(round * 41));
          expect(await c.hmac(alg, key, data)).toEqual(u8(createHmac(name, key).update(data).digest()));
        }
      }
    }
    // Concurrent calls with one new key share one import and all give the right MAC.
    const key = u8(randomBytes(32));
    const datas = Array.from({ length: 8 }, (_, i) => new Uint8Array([i]));
    const macs = await Promise.all(datas.map((d) => c.hmac(TPM_ALG_ID.SHA256, key, d)));
    for (const [i, m] of macs.entries()) expect(m).toEqual(u8(createHmac("sha256", key).update(datas[i]!).digest()));
  });

  it("stays bounded; an unsupported hash is refused and not kept", async () => {
    const cache = new HmacKeyCache(3);
    for (let i = 1; i <= 10; i++) await cache.mac(TPM_ALG_ID.SHA256, new Uint8Array([i]), new Uint8Array(1));
    expect(cache.size).toBe(3);
    await expect(cache.mac(0x0012, new Uint8Array([1]), new Uint8Array(1))).rejects.toMatchObject({
      code: "UNSUPPORTED",
    });
    expect(cache.size).toBe(3);
  });
});
