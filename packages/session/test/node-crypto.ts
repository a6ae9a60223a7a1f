/**
 * A Crypto on node:crypto, for the session engine's own tests only (the engine
 * never depends on a concrete plugin).
 */
import * as nc from "node:crypto";
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";

const NAMES: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};
const CURVES: Record<number, [string, number]> = {
  [TPM_ECC_CURVE.NIST_P256]: ["prime256v1", 32],
  [TPM_ECC_CURVE.NIST_P384]: ["secp384r1", 48],
};
const u8 = (b: Uint8Array) => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

/** The node:crypto Crypto used by the session tests. */
export const nodeCrypto: Crypto = {
  randomBytes: (n) => u8(nc.randomBytes(n)),
  hash: async (alg, data) => u8(nc.createHash(NAMES[alg]!).update(data).digest()),
  hmac: async (alg, key, data) => u8(nc.createHmac(NAMES[alg]!, key).update(data).digest()),
  aesCfb: async (encrypt, key, iv, data) => {
    const name = `aes-${key.length * 8}-cfb`;
    const c = encrypt ? nc.createCipheriv(name, key, iv) : nc.createDecipheriv(name, key, iv);
    return u8(Buffer.concat([c.update(data), c.final()]));
  },
  rsaOaepEncrypt: async (pub, hashAlg, label, data) => {
    const key = nc.createPublicKey({
      key: { kty: "RSA", n: b64u(pub.n), e: b64u(new Uint8Array([1, 0, 1])) },
      format: "jwk",
    });
    if (pub.e !== 65537) throw new Error("test crypto supports e = 65537 only");
    return u8(
      nc.publicEncrypt(
        { key, oaepHash: NAMES[hashAlg]!, oaepLabel: label, padding: nc.constants.RSA_PKCS1_OAEP_PADDING },
        data,
      ),
    );
  },
  ecdhEphemeral: async (curve, peer) => {
    const [name, size] = CURVES[curve]!;
    const ecdh = nc.createECDH(name);
    ecdh.generateKeys();
    const z = u8(ecdh.computeSecret(Buffer.concat([Buffer.from([4]), peer.x, peer.y])));
    const pub = u8(ecdh.getPublicKey());
    return { z, ephemeral: { x: pub.slice(1, 1 + size), y: pub.slice(1 + size) } };
  },
};
