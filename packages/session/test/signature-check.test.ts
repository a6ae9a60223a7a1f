// verifyTpmSignature: each signature algorithm reaches the right Crypto
// primitive with the signature's own hash and parts, HMACs are recomputed,
// and a key of the wrong kind or an unverified scheme is a typed error.
import * as nc from "node:crypto";
import type { Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_ECC_CURVE, TssError } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { verifyTpmSignature } from "../src/index.js";
import { nodeCrypto } from "./node-crypto.js";

const digest = new Uint8Array(32).fill(7);
const rsaKey = { rsa: { n: new Uint8Array(256).fill(0xc3), e: 65537 } };
const eccKey = {
  ecc: { curveID: TPM_ECC_CURVE.NIST_P256, x: new Uint8Array(32).fill(1), y: new Uint8Array(32).fill(2) },
};

/** nodeCrypto plus recording verifyRsa / verifyEcdsa that answer `answer`. */
function recording(answer: boolean) {
  const calls: unknown[][] = [];
  const crypto: Crypto = {
    ...nodeCrypto,
    verifyRsa: async (...a) => {
      calls.push(["rsa", ...a]);
      return answer;
    },
    verifyEcdsa: async (...a) => {
      calls.push(["ecdsa", ...a]);
      return answer;
    },
  };
  return { crypto, calls };
}

describe("verifyTpmSignature", () => {
  it("RSASSA and RSAPSS go to verifyRsa with the signature's scheme and hash", async () => {
    const { crypto, calls } = recording(true);
    const sig = new Uint8Array(256).fill(9);
    const ssa = { sigAlg: TPM_ALG_ID.RSASSA, signature: { rsassa: { hash: TPM_ALG_ID.SHA384, sig } } };
    expect(await verifyTpmSignature(crypto, rsaKey, digest, ssa as never)).toBe(true);
    const pss = { sigAlg: TPM_ALG_ID.RSAPSS, signature: { rsapss: { hash: TPM_ALG_ID.SHA256, sig } } };
    expect(await verifyTpmSignature(recording(false).crypto, rsaKey, digest, pss as never)).toBe(false);
    await verifyTpmSignature(crypto, rsaKey, digest, pss as never);
    expect(calls).toEqual([
      ["rsa", rsaKey.rsa, { scheme: "RSASSA", hashAlg: TPM_ALG_ID.SHA384 }, digest, sig],
      ["rsa", rsaKey.rsa, { scheme: "RSAPSS", hashAlg: TPM_ALG_ID.SHA256 }, digest, sig],
    ]);
  });

  it("ECDSA goes to verifyEcdsa with the key's curve and point and (R, S)", async () => {
    const { crypto, calls } = recording(true);
    const r = new Uint8Array(32).fill(3);
    const s = new Uint8Array(31).fill(4);
    const sig = {
      sigAlg: TPM_ALG_ID.ECDSA,
      signature: { ecdsa: { hash: TPM_ALG_ID.SHA256, signatureR: r, signatureS: s } },
    };
    expect(await verifyTpmSignature(crypto, eccKey, digest, sig as never)).toBe(true);
    expect(calls).toEqual([["ecdsa", TPM_ECC_CURVE.NIST_P256, { x: eccKey.ecc.x, y: eccKey.ecc.y }, digest, { r, s }]]);
  });

  it("HMAC is recomputed over the digest with the key", async () => {
    const hmacKey = new Uint8Array([1, 2, 3, 4]);
    const mac = new Uint8Array(nc.createHmac("sha256", hmacKey).update(digest).digest());
    const sig = (m: Uint8Array) => ({
      sigAlg: TPM_ALG_ID.HMAC,
      signature: { hmac: { hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: m } } },
    });
    expect(await verifyTpmSignature(nodeCrypto, { hmacKey }, digest, sig(mac) as never)).toBe(true);
    const bad = mac.slice();
    bad[5]! ^= 1;
    expect(await verifyTpmSignature(nodeCrypto, { hmacKey }, digest, sig(bad) as never)).toBe(false);
    expect(await verifyTpmSignature(nodeCrypto, { hmacKey: Uint8Array.of(9) }, digest, sig(mac) as never)).toBe(false);
  });

  it("a key of the wrong kind, a missing primitive or another scheme is a typed error", async () => {
    const { crypto } = recording(true);
    const ssa = { sigAlg: TPM_ALG_ID.RSASSA, signature: { rsassa: { hash: TPM_ALG_ID.SHA256, sig: digest } } };
    const code = async (p: Promise<unknown>) => ((await p.catch((e) => e)) as TssError).code;
    expect(await code(verifyTpmSignature(crypto, eccKey, digest, ssa as never))).toBe("BAD_PARAMETER");
    expect(await code(verifyTpmSignature(nodeCrypto, rsaKey, digest, ssa as never))).toBe("UNSUPPORTED");
    const daa = { sigAlg: TPM_ALG_ID.ECDAA, signature: { ecdaa: { hash: TPM_ALG_ID.SHA256 } } };
    const e = await verifyTpmSignature(crypto, eccKey, digest, daa as never).catch((x) => x);
    expect(e).toBeInstanceOf(TssError);
    expect(e.code).toBe("UNSUPPORTED");
    const empty = { sigAlg: TPM_ALG_ID.ECDSA, signature: {} };
    expect(await code(verifyTpmSignature(crypto, eccKey, digest, empty as never))).toBe("BAD_PARAMETER");
  });
});
