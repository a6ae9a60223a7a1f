// A Crypto built from node:crypto, for unit tests of the TSS's own logic (the
// real plugins are tested in their packages and in tools/reg).
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import type { Crypto } from "@tss/marshal";

const names: Record<number, string> = { 4: "sha1", 11: "sha256", 12: "sha384", 13: "sha512" };
const alg = (a: number) => {
  const n = names[a];
  if (!n) throw new Error(`hash ${a}`);
  return n;
};

/** node:crypto primitives behind the Crypto contract (ECDH and OAEP left out). */
export const nodeCrypto: Crypto = {
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
  hash: async (a, d) => new Uint8Array(createHash(alg(a)).update(d).digest()),
  hmac: async (a, k, d) => new Uint8Array(createHmac(alg(a), k).update(d).digest()),
  aesCfb: async (enc, key, iv, data) => {
    const name = `aes-${key.length * 8}-cfb`;
    const c = enc ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
    return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
  },
  rsaOaepEncrypt: async () => {
    throw new Error("not in this test crypto");
  },
  ecdhEphemeral: async () => {
    throw new Error("not in this test crypto");
  },
};
