// rsassaSign and policySignedAHash against node:crypto: RSASSA-PKCS1-v1_5 is
// deterministic, so the signatures must be byte-equal to OpenSSL's for every
// hash and key size; aHash is the digest of its four terms (expiration a
// big-endian INT32, negative in two's complement). Bad keys and digests are
// typed errors.
import * as nc from "node:crypto";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { pkcs1SignaturePad, policySignedAHash, privateKeyFromDer, rsassaSign } from "../src/index.js";
import { nodeCrypto } from "./node-crypto.js";

const HASHES: [number, string][] = [
  [TPM_ALG_ID.SHA1, "sha1"],
  [TPM_ALG_ID.SHA256, "sha256"],
  [TPM_ALG_ID.SHA384, "sha384"],
  [TPM_ALG_ID.SHA512, "sha512"],
];
const pkcs8 = (k: nc.KeyObject) => new Uint8Array(k.export({ type: "pkcs8", format: "der" }));

describe("rsassaSign", () => {
  for (const bits of [1024, 2048, 3072]) {
    it(`equals node:crypto's RSASSA-PKCS1-v1_5 signature, ${bits}-bit key, every hash`, () => {
      const { privateKey, publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: bits });
      const key = privateKeyFromDer(pkcs8(privateKey));
      for (const [alg, name] of HASHES) {
        const message = nc.randomBytes(40);
        const digest = new Uint8Array(nc.createHash(name).update(message).digest());
        const sig = rsassaSign(key, alg, digest);
        expect(sig.length).toBe(bits / 8);
        expect(Buffer.from(sig).equals(nc.sign(name, message, privateKey)), name).toBe(true);
        expect(nc.verify(name, message, publicKey, sig)).toBe(true);
      }
    });
  }

  it("refuses an ECC key, a digest of the wrong length and an unknown hash", () => {
    const ec = nc.generateKeyPairSync("ec", { namedCurve: "P-256" });
    const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 1024 });
    const digest = new Uint8Array(32);
    expect(() => rsassaSign(privateKeyFromDer(pkcs8(ec.privateKey)), TPM_ALG_ID.SHA256, digest)).toThrow(TssError);
    const key = privateKeyFromDer(pkcs8(rsa.privateKey));
    expect(() => rsassaSign(key, TPM_ALG_ID.SHA256, new Uint8Array(31))).toThrow(/not equal data length/);
    expect(() => rsassaSign(key, 0x0012, digest)).toThrow(/no DigestInfo/);
    // A private key whose primes do not match its modulus is caught by the public-exponent check.
    const other = nc.generateKeyPairSync("rsa", { modulusLength: 1024 });
    const o = privateKeyFromDer(pkcs8(other.privateKey));
    if (!("rsa" in key) || !("rsa" in o)) throw new Error("RSA keys expected");
    const mixed = { rsa: { ...key.rsa, p: o.rsa.p, q: o.rsa.q } };
    expect(() => rsassaSign(mixed, TPM_ALG_ID.SHA256, digest)).toThrow(/inconsistent/);
  });

  it("pkcs1SignaturePad: 00 01 FF.. 00 DigestInfo digest", () => {
    const em = pkcs1SignaturePad(TPM_ALG_ID.SHA256, new Uint8Array(32).fill(0xab), 128);
    expect(em.length).toBe(128);
    expect([em[0], em[1], em[2]]).toEqual([0, 1, 0xff]);
    const tail = Buffer.from(em.subarray(128 - 52)).toString("hex");
    expect(tail).toBe(`003031300d060960864801650304020105000420${"ab".repeat(32)}`);
  });
});

describe("policySignedAHash", () => {
  it("is H(nonceTPM || expiration || cpHashA || policyRef) with the INT32 big-endian", async () => {
    const nonceTPM = nc.randomBytes(32);
    const cpHashA = nc.randomBytes(32);
    const policyRef = Buffer.from("ref");
    for (const [alg, name] of HASHES) {
      for (const expiration of [0, 100, -300, -0x80000000, 0x7fffffff]) {
        const exp = Buffer.alloc(4);
        exp.writeInt32BE(expiration);
        const expected = nc
          .createHash(name)
          .update(Buffer.concat([nonceTPM, exp, cpHashA, policyRef]))
          .digest();
        const got = await policySignedAHash(nodeCrypto, alg, {
          nonceTPM: new Uint8Array(nonceTPM),
          expiration,
          cpHashA: new Uint8Array(cpHashA),
          policyRef: new Uint8Array(policyRef),
        });
        expect(Buffer.from(got).equals(expected), `${name} ${expiration}`).toBe(true);
      }
    }
  });
});
