// EK templates and policies: PolicyA and PolicyB(SHA-256) recomputed from their
// definitions with node:crypto; template fields against the profile's values
// (tpm2-tools/go-tpm-tools); marshalling round trips; the TPM-side proof (the
// templates reproduce swtpm_setup's EKs) is in tools/reg/test/ekcert.test.ts.
import { createHash } from "node:crypto";
import {
  applyEkNonce,
  EK_ALGORITHMS,
  EK_POLICY_A_SHA256,
  EK_POLICY_B_SHA256,
  EK_POLICY_B_SHA384,
  EK_POLICY_B_SHA512,
  EK_POLICY_C_SHA256,
  EkCertError,
  ekProfile,
  ekTemplate,
  parseEkTemplate,
} from "@tss/ekcert";
import { ByteWriter, TPM_ALG_ID, TPMT_PUBLIC } from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sha256 = (...parts: Uint8Array[]) => createHash("sha256").update(Buffer.concat(parts)).digest();

function marshal(t: unknown): Uint8Array {
  const w = new ByteWriter(2048);
  TPMT_PUBLIC.write(w, t as never, "TPMT_PUBLIC");
  return w.finish();
}

describe("EK policies", () => {
  it("PolicyA is PolicySecret(TPM_RH_ENDORSEMENT) with an empty policyRef", () => {
    // TPM2_PolicySecret: d = H(d || TPM_CC_PolicySecret || authName); d = H(d || policyRef).
    const d = sha256(sha256(Buffer.alloc(32), u32(0x151), u32(0x4000000b)));
    expect(hex(EK_POLICY_A_SHA256)).toBe(d.toString("hex"));
  });
  it("PolicyB(SHA-256) is PolicyOR(PolicyA, PolicyC)", () => {
    const d = sha256(Buffer.alloc(32), u32(0x171), EK_POLICY_A_SHA256, EK_POLICY_C_SHA256);
    expect(hex(EK_POLICY_B_SHA256)).toBe(d.toString("hex"));
  });
  it("PolicyB digests have their hash's size", () => {
    expect(EK_POLICY_B_SHA384.length).toBe(48);
    expect(EK_POLICY_B_SHA512.length).toBe(64);
  });
});

describe("EK templates", () => {
  it("L-1: RSA 2048, 0x000300B2, PolicyA, AES-128-CFB, 256 zero octets of unique", () => {
    const t = ekTemplate("rsa2048") as any;
    expect(t.type).toBe(TPM_ALG_ID.RSA);
    expect(t.nameAlg).toBe(TPM_ALG_ID.SHA256);
    expect(t.objectAttributes).toBe(0x000300b2);
    expect(hex(t.authPolicy)).toBe(hex(EK_POLICY_A_SHA256));
    expect(t.parameters.rsaDetail).toMatchObject({
      keyBits: 2048,
      exponent: 0,
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 } },
    });
    expect(t.unique.rsa).toEqual(new Uint8Array(256));
  });
  it("L-2: ECC P-256, x and y of 32 zero octets", () => {
    const t = ekTemplate("ecc-p256") as any;
    expect(t.objectAttributes).toBe(0x000300b2);
    expect(t.parameters.eccDetail.curveID).toBe(3);
    expect(t.unique.ecc.x).toEqual(new Uint8Array(32));
    expect(t.unique.ecc.y).toEqual(new Uint8Array(32));
  });
  it("high range: userWithAuth added, PolicyB of the nameAlg, empty unique, AES-256 for H-3/H-4/H-6/H-7", () => {
    const expectations: Record<string, [number, number, number]> = {
      "rsa2048-high": [TPM_ALG_ID.SHA256, 128, 32],
      "ecc-p256-high": [TPM_ALG_ID.SHA256, 128, 32],
      "ecc-p384": [TPM_ALG_ID.SHA384, 256, 48],
      "ecc-p521": [TPM_ALG_ID.SHA512, 256, 64],
      "ecc-sm2-p256": [TPM_ALG_ID.SM3_256, 128, 32],
      rsa3072: [TPM_ALG_ID.SHA384, 256, 48],
      rsa4096: [TPM_ALG_ID.SHA384, 256, 48],
    };
    for (const [alg, [nameAlg, symBits, policySize]] of Object.entries(expectations)) {
      const t = ekTemplate(alg as never) as any;
      expect(t.objectAttributes, alg).toBe(0x000300f2);
      expect(t.nameAlg, alg).toBe(nameAlg);
      expect(t.authPolicy.length, alg).toBe(policySize);
      const detail = t.parameters.rsaDetail ?? t.parameters.eccDetail;
      expect(Object.values(detail.symmetric.keyBits)[0], alg).toBe(symBits);
      const u = t.unique.rsa ?? t.unique.ecc.x;
      expect(u.length, alg).toBe(0);
    }
  });
  it("every template marshals and unmarshals to itself (parseEkTemplate)", () => {
    for (const alg of EK_ALGORITHMS) {
      const bytes = marshal(ekTemplate(alg));
      expect(marshal(parseEkTemplate(bytes))).toEqual(bytes);
    }
  });
  it("profiles: certificate, nonce and template indexes", () => {
    expect(ekProfile("rsa2048")).toMatchObject({
      id: "L-1",
      certIndex: 0x01c00002,
      nonceIndex: 0x01c00003,
      templateIndex: 0x01c00004,
    });
    expect(ekProfile("ecc-p256")).toMatchObject({
      id: "L-2",
      certIndex: 0x01c0000a,
      nonceIndex: 0x01c0000b,
      templateIndex: 0x01c0000c,
    });
    expect(EK_ALGORITHMS.slice(2).map((a) => ekProfile(a).certIndex)).toEqual([
      0x01c00012, 0x01c00014, 0x01c00016, 0x01c00018, 0x01c0001a, 0x01c0001c, 0x01c0001e,
    ]);
    expect(ekProfile("ecc-p384").nonceIndex).toBeUndefined();
    expect(() => ekProfile("dsa" as never)).toThrow(EkCertError);
    expect(() => ekProfile("toString" as never)).toThrow(EkCertError);
  });
  it("templates are fresh copies", () => {
    const a = ekTemplate("rsa2048") as any;
    a.unique.rsa[0] = 1;
    a.authPolicy[0] = 0;
    expect((ekTemplate("rsa2048") as any).unique.rsa[0]).toBe(0);
    expect(EK_POLICY_A_SHA256[0]).toBe(0x83);
  });
  it("a nonce goes to the start of unique, the rest zero", () => {
    const r = applyEkNonce(ekTemplate("rsa2048"), new Uint8Array([1, 2, 3])) as any;
    expect(r.unique.rsa.length).toBe(256);
    expect([...r.unique.rsa.subarray(0, 4)]).toEqual([1, 2, 3, 0]);
    const e = applyEkNonce(ekTemplate("ecc-p256"), new Uint8Array([9])) as any;
    expect(e.unique.ecc.x[0]).toBe(9);
    expect(e.unique.ecc.y).toEqual(new Uint8Array(32));
    expect(() => applyEkNonce(ekTemplate("ecc-p256"), new Uint8Array(33))).toThrow(EkCertError);
  });
  it("a template index that does not unmarshal is a typed error", () => {
    expect(() => parseEkTemplate(new Uint8Array([0, 1, 2]))).toThrow(EkCertError);
    const bytes = marshal(ekTemplate("rsa2048"));
    expect(() => parseEkTemplate(Uint8Array.from([...bytes, 0]))).toThrow(/after the EK template/);
  });
});
