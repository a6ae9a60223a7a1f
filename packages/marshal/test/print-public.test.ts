/** The public-area and attribute printers in the IBM TSS's tssprint layout. */
import {
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  tpmaNvLines,
  tpmaObjectLines,
  tpmaSessionLines,
  tpmtPublicLines,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

describe("attribute printers", () => {
  it("TPMA_OBJECT: the word, then each set bit in IBM's order and names", () => {
    expect(tpmaObjectLines("TPMA_OBJECT", 0x00030472, 0)).toEqual([
      "TPMA_OBJECT: 00030472",
      "TPMA_OBJECT: fixedTpm",
      "TPMA_OBJECT: fixedParent",
      "TPMA_OBJECT: sensitiveDataOrigin",
      "TPMA_OBJECT: userWithAuth",
      "TPMA_OBJECT: noDA",
      "TPMA_OBJECT: restricted",
      "TPMA_OBJECT: decrypt",
    ]);
    expect(tpmaObjectLines("objectAttributes", 0, 2)).toEqual(["  objectAttributes: 00000000"]);
  });

  it("TPMA_SESSION: the set bits", () => {
    expect(tpmaSessionLines(0xe1, 0)).toEqual([
      "TPMA_SESSION: continue",
      "TPMA_SESSION: decrypt",
      "TPMA_SESSION: encrypt",
      "TPMA_SESSION: audit",
    ]);
    expect(tpmaSessionLines(0, 0)).toEqual([]);
  });

  it("TPMA_NV: write bits, the index type, then the rest", () => {
    expect(tpmaNvLines(0x20060014, 0)).toEqual([
      "TPMA_NV_AUTHWRITE",
      "TPM_NT_COUNTER",
      "TPMA_NV_OWNERREAD",
      "TPMA_NV_AUTHREAD",
      "TPMA_NV_WRITTEN",
    ]);
    expect(tpmaNvLines(0x00000070, 2)).toEqual(["  TPMA_NV type 07 unknown"]);
  });
});

describe("TPMT_PUBLIC printer", () => {
  const empty = new Uint8Array(0);
  it("an ECC signing key: parameters and the point", () => {
    const lines = tpmtPublicLines(
      {
        type: TPM_ALG_ID.ECC,
        nameAlg: TPM_ALG_ID.SHA256,
        objectAttributes: 0x00040460,
        authPolicy: empty,
        parameters: {
          eccDetail: {
            symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
            scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
            curveID: TPM_ECC_CURVE.NIST_P256,
            kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
          },
        },
        unique: { ecc: { x: Uint8Array.of(1, 2), y: Uint8Array.of(3) } },
      },
      0,
    );
    expect(lines.slice(0, 2)).toEqual(["type TPM_ALG_ECC", "nameAlg TPM_ALG_SHA256"]);
    expect(lines).toContain("objectAttributes: sign");
    expect(lines).toContain("  scheme TPM_ALG_ECDSA");
    expect(lines).toContain("    details TPM_ALG_SHA256");
    expect(lines).toContain("curveID TPM_ECC_NIST_P256");
    expect(lines.slice(-4)).toEqual(["TPM_ALG_ECC x length 2", "01 02 ", "TPM_ALG_ECC y length 1", "03 "]);
  });

  it("an RSA storage key: AES-128-CFB, keyBits, exponent", () => {
    const lines = tpmtPublicLines(
      {
        type: TPM_ALG_ID.RSA,
        nameAlg: TPM_ALG_ID.SHA256,
        objectAttributes: 0x00030472,
        authPolicy: empty,
        parameters: {
          rsaDetail: {
            symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
            scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
            keyBits: 2048,
            exponent: 0,
          },
        },
        unique: { rsa: empty },
      },
      2,
    );
    expect(lines).toContain("    algorithm TPM_ALG_AES");
    expect(lines).toContain("    keyBits: 128");
    expect(lines).toContain("    mode TPM_ALG_CFB");
    expect(lines).toContain("  TPM_KEY_BITS keyBits: 2048");
    expect(lines).toContain("  TPMS_RSA_PARMS exponent 00000000");
  });
});
