/**
 * A Crypto on node:crypto, for the session engine's own tests only (the engine
 * never depends on a concrete plugin).
 */
import * as nc from "node:crypto";
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_ECC_CURVE, TssError } from "@tss/marshal";
import { checkBytes } from "@tss/marshal/plugin-support";

const NAMES: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};
function hashOf(alg: number): string {
  const n = NAMES[alg];
  if (n === undefined) throw new Error(`no hash 0x${alg.toString(16)}`);
  return n;
}
const CURVES: Record<number, [string, number]> = {
  [TPM_ECC_CURVE.NIST_P256]: ["prime256v1", 32],
  [TPM_ECC_CURVE.NIST_P384]: ["secp384r1", 48],
};
const u8 = (b: Uint8Array) => new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

const raw: Crypto = {
  randomBytes: (n) => u8(nc.randomBytes(n)),
  // node:crypto takes strings too (as UTF-8): the contract takes octets only.
  hash: async (alg, data) => {
    checkBytes(data, "data");
    return u8(nc.createHash(hashOf(alg)).update(data).digest());
  },
  hmac: async (alg, key, data) => {
    checkBytes(key, "HMAC key");
    checkBytes(data, "data");
    return u8(nc.createHmac(hashOf(alg), key).update(data).digest());
  },
  aesCfb: async (encrypt, key, iv, data) => {
    for (const [v, what] of [
      [key, "AES key"],
      [iv, "AES-CFB IV"],
      [data, "data"],
    ] as const)
      checkBytes(v, what);
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
        { key, oaepHash: hashOf(hashAlg), oaepLabel: label, padding: nc.constants.RSA_PKCS1_OAEP_PADDING },
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

/** Rejects with TssError("BAD_PARAMETER") whatever node:crypto throws (the kit asks for typed errors). */
function typed<A extends unknown[], R>(f: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      return await f(...a);
    } catch (e) {
      throw new TssError("BAD_PARAMETER", String(e), { cause: e });
    }
  };
}

/** The node:crypto Crypto used by the session tests. */
export const nodeCrypto: Crypto = {
  randomBytes: raw.randomBytes,
  hash: typed(raw.hash),
  hmac: typed(raw.hmac),
  aesCfb: typed(raw.aesCfb),
  rsaOaepEncrypt: typed(raw.rsaOaepEncrypt),
  ecdhEphemeral: typed(raw.ecdhEphemeral),
};
