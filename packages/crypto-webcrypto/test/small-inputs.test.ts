// Hashes, HMACs and AES-CFB on both sides of SMALL_INPUT (computed in JavaScript
// below it, by WebCrypto above it) equal node:crypto's, for every hash and AES
// key size; bad keys and IVs are refused on both paths as before. The sync facet
// (JavaScript at every size) gives the same octets.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { SMALL_HMAC_KEYS, SMALL_INPUT, SmallHmac } from "../src/small-inputs.js";

const HASHES = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
] as const;
const SIZES = [0, 1, 15, 16, 17, 64, SMALL_INPUT - 1, SMALL_INPUT, SMALL_INPUT + 1, 3 * SMALL_INPUT + 5];
const u8 = (b: Buffer) => new Uint8Array(b);

describe("crypto-webcrypto small inputs", () => {
  const c = createWebCrypto();

  it("hash and hmac equal node:crypto below, at and above the threshold, and so does the sync facet", async () => {
    for (const [alg, name] of HASHES) {
      for (const n of SIZES) {
        const data = u8(randomBytes(n));
        const digest = u8(createHash(name).update(data).digest());
        expect(await c.hash(alg, data)).toEqual(digest);
        expect(c.sync!.hash(alg, data)).toEqual(digest);
        for (const keySize of [1, 32, 129, SMALL_INPUT + 3]) {
          const key = u8(randomBytes(keySize));
          const mac = u8(createHmac(name, key).update(data).digest());
          expect(await c.hmac(alg, key, data)).toEqual(mac);
          expect(c.sync!.hmac(alg, key, data)).toEqual(mac);
        }
      }
    }
  });

  it("aesCfb equals node:crypto both ways for AES-128/192/256 below, at and above the threshold, and so does the sync facet", async () => {
    for (const bits of [128, 192, 256]) {
      for (const n of SIZES) {
        const key = u8(randomBytes(bits / 8));
        const iv = u8(randomBytes(16));
        const data = u8(randomBytes(n));
        const cipher = createCipheriv(`aes-${bits}-cfb`, key, iv);
        const expected = u8(Buffer.concat([cipher.update(data), cipher.final()]));
        expect(await c.aesCfb(true, key, iv, data)).toEqual(expected);
        expect(c.sync!.aesCfb(true, key, iv, data)).toEqual(expected);
        const decipher = createDecipheriv(`aes-${bits}-cfb`, key, iv);
        const plain = u8(Buffer.concat([decipher.update(expected), decipher.final()]));
        expect(await c.aesCfb(false, key, iv, expected)).toEqual(plain);
        expect(c.sync!.aesCfb(false, key, iv, expected)).toEqual(plain);
      }
    }
  });

  it("refuses bad AES keys and IVs and unknown hashes on the small path, as a rejection", async () => {
    const data = new Uint8Array(8);
    await expect(c.aesCfb(true, new Uint8Array(15), new Uint8Array(16), data)).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    await expect(c.aesCfb(true, new Uint8Array(16), new Uint8Array(8), data)).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
    await expect(c.hash(0x0012, data)).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(c.hmac(0x0012, new Uint8Array(4), data)).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });

  it("keeps at most SMALL_HMAC_KEYS keyed states, and reused states give fresh MACs", () => {
    const h = new SmallHmac();
    const key = new Uint8Array([7]);
    const a = h.mac(TPM_ALG_ID.SHA256, key, new Uint8Array([1]));
    const b = h.mac(TPM_ALG_ID.SHA256, key, new Uint8Array([1]));
    expect(b).toEqual(a);
    expect(h.mac(TPM_ALG_ID.SHA256, key, new Uint8Array([2]))).toEqual(
      u8(
        createHmac("sha256", key)
          .update(new Uint8Array([2]))
          .digest(),
      ),
    );
    for (let i = 0; i < 3 * SMALL_HMAC_KEYS; i++) h.mac(TPM_ALG_ID.SHA256, new Uint8Array([i, 1]), new Uint8Array(1));
    expect(h.size).toBe(SMALL_HMAC_KEYS);
  });
});
