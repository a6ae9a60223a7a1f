// The hot-path pieces of @tss/crypto-forge (noble hashes with keyed HMAC states,
// AES-CFB on forge's block function, ECDH peer-point tables) against node:crypto.
import { createCipheriv, createECDH, createHash, createHmac, randomBytes } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { createForgeCrypto } from "@tss/crypto-forge";
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { aesCfb } from "../src/aes-cfb.js";
import { HMAC_KEY_CACHE_SIZE, HmacKeyCache } from "../src/digest.js";
import { PEER_POINT_CACHE_SIZE, PeerPointCache } from "../src/peer-points.js";

const ALGS = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
] as const;

const u8 = (b: Buffer) => new Uint8Array(b);

describe("crypto-forge hot path", () => {
  it("hash and HMAC equal node:crypto; keys reused past the cache size still give the right MAC", async () => {
    const c = createForgeCrypto();
    const keys = Array.from({ length: HMAC_KEY_CACHE_SIZE + 5 }, (_, i) => u8(randomBytes(i % 3 === 0 ? 200 : 32)));
    for (let round = 0; round < 3; round++) {
      for (const [alg, name] of ALGS) {
        for (const key of keys) {
          const data = u8(randomBytes(round * 37));
          expect(await c.hmac(alg, key, data)).toEqual(u8(createHmac(name, key).update(data).digest()));
          expect(await c.hash(alg, data)).toEqual(u8(createHash(name).update(data).digest()));
        }
      }
    }
    // An empty key, and a key differing from a cached one in its last octet.
    const k = keys[0]!.slice();
    k[k.length - 1]! ^= 1;
    expect(await c.hmac(TPM_ALG_ID.SHA256, k, new Uint8Array(3))).toEqual(
      u8(createHmac("sha256", k).update(new Uint8Array(3)).digest()),
    );
    expect(await c.hmac(TPM_ALG_ID.SHA256, new Uint8Array(0), new Uint8Array(3))).toEqual(
      u8(createHmac("sha256", new Uint8Array(0)).update(new Uint8Array(3)).digest()),
    );
  });

  it("the keyed-HMAC cache stays bounded and the same key under another hash is another entry", () => {
    const cache = new HmacKeyCache(4);
    const key = new Uint8Array(32).fill(7);
    cache.mac(TPM_ALG_ID.SHA256, key, new Uint8Array(1));
    cache.mac(TPM_ALG_ID.SHA384, key, new Uint8Array(1));
    expect(cache.size).toBe(2);
    for (let i = 0; i < 50; i++) cache.mac(TPM_ALG_ID.SHA256, new Uint8Array([i]), new Uint8Array(1));
    expect(cache.size).toBe(4);
  });

  it("AES-CFB equals node:crypto for every key size and lengths 0..70, both ways", () => {
    for (const bits of [128, 192, 256]) {
      for (let n = 0; n <= 70; n++) {
        const key = u8(randomBytes(bits / 8));
        const iv = u8(randomBytes(16));
        const plain = u8(randomBytes(n));
        const cipher = createCipheriv(`aes-${bits}-cfb`, key, iv);
        const expected = u8(Buffer.concat([cipher.update(plain), cipher.final()]));
        expect(aesCfb(true, key, iv, plain)).toEqual(expected);
        expect(aesCfb(false, key, iv, expected)).toEqual(plain);
      }
    }
    expect(() => aesCfb(true, new Uint8Array(15), new Uint8Array(16), new Uint8Array(1))).toThrow(/AES key/);
    expect(() => aesCfb(true, new Uint8Array(16), new Uint8Array(8), new Uint8Array(1))).toThrow(/IV/);
  });

  it("ECDH with one peer many times (tables built from the second use) gives node:crypto's Z every time", async () => {
    const c = createForgeCrypto();
    const peer = createECDH("prime256v1");
    peer.generateKeys();
    const pub = u8(peer.getPublicKey());
    const point = { x: pub.slice(1, 33), y: pub.slice(33) };
    for (let i = 0; i < 5; i++) {
      const { z, ephemeral } = await c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, point);
      const eph = new Uint8Array([4, ...ephemeral.x, ...ephemeral.y]);
      expect(z).toEqual(u8(peer.computeSecret(eph)));
    }
    // A point off the curve is refused, also once a good one is cached.
    const bad = { x: point.x, y: point.y.map((b, i) => (i === 31 ? b ^ 1 : b)) };
    await expect(c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, bad)).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });

  it("the peer-point cache stays bounded", () => {
    const cache = new PeerPointCache();
    for (let i = 0; i < PEER_POINT_CACHE_SIZE + 4; i++) {
      cache.point(p256, 32, p256.getPublicKey(p256.utils.randomSecretKey(), false));
    }
    expect(cache.size).toBe(PEER_POINT_CACHE_SIZE);
  });
});
