import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { cpHash, handleName, isOwnNameHandle, nvIndexName, objectName } from "@tss/session";
import { fromHex, toHex } from "@tss/session/testkit";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

// Marshalled public areas and Names from tpm2-pytss (libtss2-mu), an independent implementation.
const PYTSS = {
  rsaPublic: "0001000b00030072000000060080004300100800000000000000",
  rsaName: "000b726dfd8203d5ecdeb156cbd324328258a14d2e15caf37f62084eb80a4705ee92",
  eccPublic: "0023000c00060072000000060080004300100003001000000000",
  eccName: "000ca88d16496bbca20e6a27fcaf448a83a6ad87fc809389ecc70d05c53e10c624099f535f5cfdd3ca315c43dc444b460146",
  nvPublic: "01000001000b2002000200000020",
  nvName: "000bf218b688cf795ea425c883ec5eb476f7dd88b0e74ea3816815dac2b4fcee74a8",
};

describe("Names", () => {
  it("matches tpm2-pytss for an RSA and an ECC object and an NV Index", async () => {
    expect(toHex(await objectName(nodeCrypto, TPM_ALG_ID.SHA256, fromHex(PYTSS.rsaPublic)))).toBe(PYTSS.rsaName);
    expect(toHex(await objectName(nodeCrypto, TPM_ALG_ID.SHA384, fromHex(PYTSS.eccPublic)))).toBe(PYTSS.eccName);
    expect(toHex(await nvIndexName(nodeCrypto, TPM_ALG_ID.SHA256, fromHex(PYTSS.nvPublic)))).toBe(PYTSS.nvName);
  });

  it("gives PCR, session, permanent and AC handles their own handle as Name, not objects or NV Indexes", () => {
    for (const h of [0x00000000, 0x00000017, 0x02000000, 0x03000001, 0x40000001, 0x4000000b, 0x90000001]) {
      expect(isOwnNameHandle(h)).toBe(true);
    }
    for (const h of [0x80000000, 0x81000001, 0x01000001, 0x01c00002]) expect(isOwnNameHandle(h)).toBe(false);
    expect(toHex(handleName(0x40000001))).toBe("40000001");
    expect(toHex(handleName(0x81010001))).toBe("81010001");
  });

  it("rejects a nameAlg that is not a hash with a typed error", async () => {
    await expect(objectName(nodeCrypto, TPM_ALG_ID.AES, new Uint8Array(4))).rejects.toThrow(TssError);
    await expect(cpHash(nodeCrypto, 0x1234, 0x153, [], new Uint8Array(0))).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});
