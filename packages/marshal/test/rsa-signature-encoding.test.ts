// plugin-support's RSA signature encodings against node:crypto (OpenSSL):
// node:crypto signs, its raw public-key operation (s^e mod n) gives the encoded
// message, and plugin-support must recognise it; and must refuse it altered.
import { constants, createHash, generateKeyPairSync, type KeyObject, publicDecrypt, sign } from "node:crypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { emsaPkcs1v15, emsaPssVerify, mgf1, pkcs1DigestInfo } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

/** Each hash by node:crypto's name and its TPM_ALG_ID. */
const HASHES = (["sha1", "sha256", "sha384", "sha512"] as const).map(
  (name) => [TPM_ALG_ID[name.toUpperCase() as Uppercase<typeof name>], name] as const,
);
const hashOf = (name: string) => (data: Uint8Array) => new Uint8Array(createHash(name).update(data).digest());
const raise = (key: KeyObject, signature: Uint8Array) =>
  new Uint8Array(publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature));
const message = new TextEncoder().encode("RSA signature encodings");

/** The bit length of a key's modulus (OpenSSL may make another size than the one asked for). */
function modulusBits(key: KeyObject): number {
  const n = Buffer.from(key.export({ format: "jwk" }).n ?? "", "base64url");
  return n.length * 8 - (Math.clz32(n[0]!) - 24);
}
// 2047, 2048 and 2041 bits: EM as long as the modulus, and one octet shorter (emBits = modBits - 1 a multiple of 8).
const keys = [2047, 2048, 2041].map((asked) => {
  const pair = generateKeyPairSync("rsa", { modulusLength: asked });
  return { bits: modulusBits(pair.publicKey), ...pair };
});

describe("plugin-support emsaPssVerify", () => {
  it("recognises node:crypto's PSS signatures at salt lengths 0, 20, the digest's size and the largest", () => {
    expect(keys.map((k) => k.bits % 8).sort()).toEqual([0, 1, 7]);
    for (const { bits, publicKey, privateKey } of keys) {
      for (const [alg, name] of HASHES) {
        const hLen = createHash(name).digest().length;
        const largest = Math.ceil((bits - 1) / 8) - hLen - 2;
        for (const saltLength of [0, 20, hLen, largest]) {
          const signature = sign(name, message, {
            key: privateKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength,
          });
          const raised = raise(publicKey, signature);
          const mHash = hashOf(name)(message);
          const what = `${bits} bits, hash 0x${alg.toString(16)}, salt ${saltLength}`;
          expect(emsaPssVerify(raised, bits, mHash, hashOf(name)), what).toBe(true);
          const otherHash = mHash.slice();
          otherHash[0]! ^= 1;
          expect(emsaPssVerify(raised, bits, otherHash, hashOf(name)), what).toBe(false);
          const altered = raised.slice();
          altered[altered.length - 2]! ^= 0x10;
          expect(emsaPssVerify(altered, bits, mHash, hashOf(name)), what).toBe(false);
          expect(emsaPssVerify(raised.subarray(1), bits, mHash, hashOf(name)), what).toBe(false);
        }
      }
    }
  });
});

describe("plugin-support emsaPkcs1v15 and pkcs1DigestInfo", () => {
  it("give the encoded message of node:crypto's PKCS #1 v1.5 signatures", () => {
    for (const { bits, publicKey, privateKey } of keys) {
      const k = Math.ceil(bits / 8);
      for (const [alg, name] of HASHES) {
        const raised = raise(publicKey, sign(name, message, privateKey));
        const digest = hashOf(name)(message);
        expect(emsaPkcs1v15(alg, digest, k), name).toEqual(raised);
        const t = new Uint8Array(publicDecrypt(publicKey, sign(name, message, privateKey)));
        expect(pkcs1DigestInfo(alg, digest), name).toEqual(t);
      }
    }
  });

  it("have no encoding for a hash without a DigestInfo, or a modulus too short for it", () => {
    expect(pkcs1DigestInfo(TPM_ALG_ID.SM3_256, new Uint8Array(32))).toBeUndefined();
    expect(emsaPkcs1v15(TPM_ALG_ID.SHA512, new Uint8Array(64), 64 + 19 + 10)).toBeUndefined();
    expect(emsaPkcs1v15(TPM_ALG_ID.SHA512, new Uint8Array(64), 64 + 19 + 11)).toHaveLength(94);
  });
});

describe("plugin-support mgf1", () => {
  it("is hash(seed || counter) blocks, cut to the length asked", () => {
    const seed = Uint8Array.of(1, 2, 3);
    const sha256 = hashOf("sha256");
    const block = (c: number) => sha256(Uint8Array.of(1, 2, 3, 0, 0, 0, c));
    const expected = new Uint8Array([...block(0), ...block(1), ...block(2)]).subarray(0, 70);
    expect(mgf1(sha256, seed, 70)).toEqual(expected);
    expect(mgf1(sha256, seed, 0)).toEqual(new Uint8Array(0));
  });
});
