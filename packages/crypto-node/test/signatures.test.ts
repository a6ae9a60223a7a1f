// Signatures made by OpenSSL (node:crypto's sign and privateEncrypt) over random
// messages: every plugin must accept them with the message's digest and refuse
// them with one bit flipped; P-521 ECDSA through @tss/marshal/plugin-support.
// Then: every result of @tss/crypto-node is a plain Uint8Array of its own.
import * as nc from "node:crypto";
import { forgeCrypto } from "@tss/crypto-forge";
import { nodeCrypto } from "@tss/crypto-node";
import { webCrypto } from "@tss/crypto-webcrypto";
import { type Crypto, TPM_ALG_ID, TPM_ECC_CURVE } from "@tss/marshal";
import { describe, expect, it } from "vitest";

const PLUGINS: [string, Crypto][] = [
  ["node", nodeCrypto],
  ["forge", forgeCrypto],
  ["webcrypto", webCrypto],
];
const HASHES: [number, string][] = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
];
const u8 = (b: Uint8Array) => new Uint8Array(b);
const flip = (b: Uint8Array, i: number) => {
  const c = u8(b);
  c[i % c.length]! ^= 1 << (i % 8);
  return c;
};
const b64u = (s: string | undefined) => u8(Buffer.from(s ?? "", "base64url"));
const DIGEST_INFO: Record<string, string> = {
  sha1: "3021300906052b0e03021a05000414",
  sha256: "3031300d060960864801650304020105000420",
  sha384: "3041300d060960864801650304020205000430",
  sha512: "3051300d060960864801650304020305000440",
};

describe("signatures made by OpenSSL verify alike on node, forge and WebCrypto", () => {
  it("RSASSA and RSAPSS (2048 and 3072 bits, every hash, PSS salts 0, hLen, max), altered ones refused", async () => {
    for (const bits of [2048, 3072]) {
      const { publicKey, privateKey } = nc.generateKeyPairSync("rsa", { modulusLength: bits });
      const jwk = publicKey.export({ format: "jwk" });
      const pub = { n: b64u(jwk.n), e: 0 };
      for (const [alg, name] of HASHES) {
        for (let i = 0; i < 4; i++) {
          const msg = nc.randomBytes(1 + i * 37);
          const digest = u8(nc.createHash(name).update(msg).digest());
          const ssa = u8(
            nc.privateEncrypt(
              { key: privateKey, padding: nc.constants.RSA_PKCS1_PADDING },
              Buffer.concat([Buffer.from(DIGEST_INFO[name]!, "hex"), digest]),
            ),
          );
          const saltLength = [0, digest.length, nc.constants.RSA_PSS_SALTLEN_MAX_SIGN, 20][i]!;
          const pss = u8(
            nc.sign(name, msg, { key: privateKey, padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength }),
          );
          for (const [pname, c] of PLUGINS) {
            const what = `${pname} ${bits} ${name} #${i}`;
            expect(await c.verifyRsa!(pub, { scheme: "RSASSA", hashAlg: alg }, digest, ssa), what).toBe(true);
            // Every plugin recovers the salt length (0, 20, hLen, the maximum) from the encoding.
            expect(await c.verifyRsa!(pub, { scheme: "RSAPSS", hashAlg: alg }, digest, pss), what).toBe(true);
            expect(await c.verifyRsa!(pub, { scheme: "RSASSA", hashAlg: alg }, flip(digest, i), ssa), what).toBe(false);
            expect(await c.verifyRsa!(pub, { scheme: "RSAPSS", hashAlg: alg }, digest, flip(pss, 7 * i)), what).toBe(
              false,
            );
            expect(await c.verifyRsa!(pub, { scheme: "RSAPSS", hashAlg: alg }, digest, ssa), what).toBe(false);
          }
        }
      }
    }
  });

  for (const [curveID, crv, hashes] of [
    [TPM_ECC_CURVE.NIST_P256, "P-256", HASHES.slice(0, 2)],
    [TPM_ECC_CURVE.NIST_P384, "P-384", HASHES.slice(1, 3)],
    [TPM_ECC_CURVE.NIST_P521, "P-521", HASHES],
  ] as const) {
    it(`ECDSA on ${crv}: 12 OpenSSL signatures verify on every plugin that has the curve, altered ones do not`, async () => {
      const { publicKey, privateKey } = nc.generateKeyPairSync("ec", { namedCurve: crv });
      const jwk = publicKey.export({ format: "jwk" });
      const pub = { x: b64u(jwk.x), y: b64u(jwk.y) };
      const size = pub.x.length;
      for (let i = 0; i < 12; i++) {
        const [, name] = hashes[i % hashes.length]!;
        const msg = nc.randomBytes(i * 11);
        const digest = u8(nc.createHash(name).update(msg).digest());
        const sig = u8(nc.sign(name, msg, { key: privateKey, dsaEncoding: "ieee-p1363" }));
        const signature = { r: sig.subarray(0, size), s: sig.subarray(size) };
        for (const [pname, c] of PLUGINS) {
          if (pname === "forge" && curveID === TPM_ECC_CURVE.NIST_P521) continue; // forge has no P-521 verify
          expect(await c.verifyEcdsa!(curveID, pub, digest, signature), `${pname} #${i}`).toBe(true);
          expect(await c.verifyEcdsa!(curveID, pub, flip(digest, i), signature), `${pname} #${i}`).toBe(false);
          expect(await c.verifyEcdsa!(curveID, pub, digest, { r: signature.r, s: flip(signature.s, i) })).toBe(false);
        }
      }
    });
  }

  it("ECDSA on a curve other than the NIST ones is TssError UNSUPPORTED", async () => {
    const p = { x: new Uint8Array(32), y: new Uint8Array(32) };
    const sig = { r: new Uint8Array(32), s: new Uint8Array(32) };
    await expect(nodeCrypto.verifyEcdsa!(TPM_ECC_CURVE.BN_P256, p, new Uint8Array(32), sig)).rejects.toMatchObject({
      name: "TssError",
      code: "UNSUPPORTED",
    });
    await expect(nodeCrypto.ecdhEphemeral(TPM_ECC_CURVE.BN_P256, p)).rejects.toMatchObject({ code: "UNSUPPORTED" });
  });
});

describe("@tss/crypto-node returns plain Uint8Arrays with their own buffers", () => {
  const plain = (v: Uint8Array) => {
    expect(Object.getPrototypeOf(v)).toBe(Uint8Array.prototype);
    expect(v.byteOffset).toBe(0);
    expect(v.buffer.byteLength).toBe(v.length);
  };
  it("hash, hmac, aesCfb, rsaOaepEncrypt, ecdhEphemeral, aesGcm, randomBytes, exportSpki, importSpki", async () => {
    const c = nodeCrypto;
    const small = new Uint8Array([1, 2, 3]);
    plain(c.randomBytes(7));
    plain(await c.hash(TPM_ALG_ID.SHA256, small));
    plain(await c.hmac(TPM_ALG_ID.SHA384, small, small));
    plain(await c.aesCfb(true, new Uint8Array(16), new Uint8Array(16), small));
    plain(await c.aesCfb(false, new Uint8Array(32), new Uint8Array(16), small));
    const { publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const n = b64u(publicKey.export({ format: "jwk" }).n);
    plain(await c.rsaOaepEncrypt({ n, e: 65537 }, TPM_ALG_ID.SHA256, small, small));
    const ec = nc.createECDH("prime256v1");
    const pt = ec.generateKeys();
    const r = await c.ecdhEphemeral(TPM_ECC_CURVE.NIST_P256, { x: u8(pt.subarray(1, 33)), y: u8(pt.subarray(33)) });
    for (const v of [r.z, r.ephemeral.x, r.ephemeral.y]) plain(v);
    const sealed = await c.aesGcmEncrypt!(new Uint8Array(32), new Uint8Array(12), small, small);
    plain(sealed);
    plain(await c.aesGcmDecrypt!(new Uint8Array(32), new Uint8Array(12), sealed, small));
    const der = await c.exportSpki!({ rsa: { n, e: 65537 } });
    plain(der);
    const back = (await c.importSpki!(der)) as { rsa: { n: Uint8Array } };
    expect(back.rsa.n).toEqual(n);
  });
});
