/**
 * The TPMA_* bit tables and their field helpers: structure, hand-computed known answers,
 * bad input, and a real TPM's command list (swtpm through tpm2-tools' tpm2_getcap,
 * fixtures/swtpm-getcap.json from fixtures/gen-swtpm-getcap-fixture.py).
 */
import { readFileSync } from "node:fs";
import {
  digestSize,
  MarshalError,
  makeTpmNvIndex,
  TPM_ALG_ID,
  TPM_CC,
  TPM_CC_NAME,
  TPM_ECC_CURVE,
  TPM_NT,
  TPM_NV_INDEX,
  TPM_NV_INDEX_RH_NV_SHIFT,
  TPMA_ACT,
  TPMA_ALGORITHM,
  TPMA_CC,
  TPMA_CC_C_HANDLES_SHIFT,
  TPMA_CC_RES_SHIFT,
  TPMA_LOCALITY,
  TPMA_LOCALITY_EXTENDED_SHIFT,
  TPMA_MEMORY,
  TPMA_MODES,
  TPMA_MODES_FIPS_140_3_INDICATOR_SHIFT,
  TPMA_NV,
  TPMA_NV_EXP,
  TPMA_NV_TPM_NT_SHIFT,
  TPMA_OBJECT,
  TPMA_PERMANENT,
  TPMA_SESSION,
  TPMA_STARTUP_CLEAR,
  TPMA_X509_KEY_USAGE,
  tpmaCcCommandCode,
  tpmaCcCommandIndex,
  tpmaCcHandles,
  tpmaLocalityExtended,
  tpmaLocalityFor,
  tpmaModesFips1403Indicator,
  tpmaNvExpFromTpmaNv,
  tpmaNvExpType,
  tpmaNvFromTpmaNvExp,
  tpmaNvType,
  tpmNvIndexIndex,
  tpmNvIndexRhNv,
  withTpmaNvExpType,
  withTpmaNvType,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

/** Every bit table, its width, and which entries are multi-bit field masks (or aliases). */
const BIT_TABLES: { name: string; bits: Record<string, number>; width: number; masks: string[]; aliases?: string[] }[] =
  [
    { name: "TPMA_ALGORITHM", bits: TPMA_ALGORITHM, width: 32, masks: [] },
    { name: "TPMA_OBJECT", bits: TPMA_OBJECT, width: 32, masks: [], aliases: ["encrypt"] },
    { name: "TPMA_SESSION", bits: TPMA_SESSION, width: 8, masks: [] },
    { name: "TPMA_LOCALITY", bits: TPMA_LOCALITY, width: 8, masks: ["Extended"] },
    { name: "TPMA_PERMANENT", bits: TPMA_PERMANENT, width: 32, masks: [] },
    { name: "TPMA_STARTUP_CLEAR", bits: TPMA_STARTUP_CLEAR, width: 32, masks: [] },
    { name: "TPMA_MEMORY", bits: TPMA_MEMORY, width: 32, masks: [] },
    { name: "TPMA_CC", bits: TPMA_CC, width: 32, masks: ["commandIndex", "cHandles", "Res"] },
    { name: "TPMA_MODES", bits: TPMA_MODES, width: 32, masks: ["FIPS_140_3_INDICATOR"] },
    { name: "TPMA_X509_KEY_USAGE", bits: TPMA_X509_KEY_USAGE, width: 32, masks: [] },
    { name: "TPMA_ACT", bits: TPMA_ACT, width: 32, masks: [] },
    { name: "TPMA_NV", bits: TPMA_NV, width: 32, masks: ["TPM_NT"] },
    { name: "TPM_NV_INDEX", bits: TPM_NV_INDEX, width: 32, masks: ["index", "RH_NV"] },
  ];

describe("TPMA bit tables", () => {
  it("are single, distinct, positive bits within the type's width (masks and aliases aside)", () => {
    for (const t of BIT_TABLES) {
      let seen = 0;
      for (const [k, v] of Object.entries(t.bits)) {
        expect(Number.isInteger(v) && v > 0 && v < 2 ** t.width, `${t.name}.${k}`).toBe(true);
        if (t.aliases?.includes(k)) continue;
        if (!t.masks.includes(k)) expect(v & (v - 1), `${t.name}.${k} is one bit`).toBe(0);
        expect((seen & v) >>> 0, `${t.name}.${k} overlaps`).toBe(0);
        seen = (seen | v) >>> 0;
      }
    }
    expect(TPMA_OBJECT.encrypt).toBe(TPMA_OBJECT.sign);
  });

  it("have contiguous field masks whose shifts match", () => {
    const fields: [number, number, number][] = [
      [TPMA_LOCALITY.Extended, TPMA_LOCALITY_EXTENDED_SHIFT, 3],
      [TPMA_CC.cHandles, TPMA_CC_C_HANDLES_SHIFT, 3],
      [TPMA_CC.Res, TPMA_CC_RES_SHIFT, 2],
      [TPMA_CC.commandIndex, 0, 16],
      [TPMA_MODES.FIPS_140_3_INDICATOR, TPMA_MODES_FIPS_140_3_INDICATOR_SHIFT, 2],
      [TPMA_NV.TPM_NT, TPMA_NV_TPM_NT_SHIFT, 4],
      [TPM_NV_INDEX.RH_NV, TPM_NV_INDEX_RH_NV_SHIFT, 8],
      [TPM_NV_INDEX.index, 0, 24],
    ];
    for (const [mask, shift, width] of fields) expect(mask >>> shift).toBe(2 ** width - 1);
  });

  it("TPMA_NV_EXP repeats TPMA_NV in its low 32 bits and adds bits 32-34", () => {
    for (const [k, v] of Object.entries(TPMA_NV)) expect(TPMA_NV_EXP[k as keyof typeof TPMA_NV_EXP], k).toBe(BigInt(v));
    expect(TPMA_NV_EXP.EXTERNAL_NV_ENCRYPTION).toBe(2n ** 32n);
    expect(TPMA_NV_EXP.EXTERNAL_NV_INTEGRITY).toBe(2n ** 33n);
    expect(TPMA_NV_EXP.EXTERNAL_NV_ANTIROLLBACK).toBe(2n ** 34n);
  });
});

describe("field helpers (hand-computed answers)", () => {
  it("TPMA_NV TPM_NT", () => {
    // OWNERWRITE (bit 1) | AUTHREAD (bit 18) with type counter (1 in bits 4-7).
    expect(withTpmaNvType(0x00040002, TPM_NT.COUNTER)).toBe(0x00040012);
    expect(tpmaNvType(0x00040012)).toBe(TPM_NT.COUNTER);
    // READ_STCLEAR (bit 31) stays a positive number.
    expect(tpmaNvType(0x80000090)).toBe(TPM_NT.PIN_PASS);
    expect(withTpmaNvType(0xffffffff, TPM_NT.ORDINARY)).toBe(0xffffff0f);
    expect(withTpmaNvType(0x80000000, TPM_NT.EXTEND)).toBe(0x80000040);
    for (const bad of [16, -1, 1.5, Number.NaN]) {
      expect(() => withTpmaNvType(0, bad)).toThrow(MarshalError);
    }
    try {
      withTpmaNvType(0, 16);
    } catch (e) {
      expect(e).toMatchObject({ code: "VALUE", path: "TPMA_NV.TPM_NT" });
    }
  });

  it("TPMA_NV_EXP TPM_NT and the 32/64-bit conversions", () => {
    expect(withTpmaNvExpType(TPMA_NV_EXP.EXTERNAL_NV_ENCRYPTION, TPM_NT.EXTEND)).toBe(0x100000040n);
    expect(tpmaNvExpType(0x1000000f0n)).toBe(15);
    expect(withTpmaNvExpType(0xffffffffffffffffn, 0)).toBe(0xffffffffffffff0fn);
    expect(() => withTpmaNvExpType(0n, 16)).toThrow(MarshalError);
    expect(tpmaNvExpFromTpmaNv(0x80000000)).toBe(0x80000000n);
    expect(tpmaNvExpFromTpmaNv(-1)).toBe(0xffffffffn);
    expect(tpmaNvFromTpmaNvExp(0x780000001n)).toBe(0x80000001);
  });

  it("TPMA_CC fields", () => {
    // NV_UndefineSpaceSpecial as swtpm reports it: nv, cHandles 2, index 0x11f.
    expect(tpmaCcCommandIndex(0x0440011f)).toBe(0x11f);
    expect(tpmaCcHandles(0x0440011f)).toBe(2);
    expect(tpmaCcHandles(0x0e000000)).toBe(7);
    expect(tpmaCcCommandCode(0x2e40ffff)).toBe(0x2000ffff);
    expect(tpmaCcCommandCode(0xc0000001)).toBe(1);
  });

  it("TPMA_LOCALITY", () => {
    expect([0, 1, 2, 3, 4].map(tpmaLocalityFor)).toEqual([0x01, 0x02, 0x04, 0x08, 0x10]);
    expect(tpmaLocalityFor(32)).toBe(32);
    expect(tpmaLocalityFor(255)).toBe(255);
    for (const bad of [5, 31, 256, -1, 1.5]) expect(() => tpmaLocalityFor(bad)).toThrow(MarshalError);
    expect(tpmaLocalityExtended(0xe0)).toBe(7);
    expect(tpmaLocalityExtended(0x20)).toBe(1);
    expect(tpmaLocalityExtended(0x1f)).toBe(0);
  });

  it("TPMA_MODES indicator", () => {
    expect(tpmaModesFips1403Indicator(0b1110)).toBe(3);
    expect(tpmaModesFips1403Indicator(0b0101)).toBe(1);
  });

  it("TPM_NV_INDEX", () => {
    expect(makeTpmNvIndex(0x01, 0xc00002)).toBe(0x01c00002);
    expect(makeTpmNvIndex(0xff, 0xffffff)).toBe(0xffffffff);
    expect(tpmNvIndexIndex(0x01c00002)).toBe(0xc00002);
    expect(tpmNvIndexRhNv(0x81000001)).toBe(0x81);
    expect(() => makeTpmNvIndex(0x100, 0)).toThrow(MarshalError);
    expect(() => makeTpmNvIndex(1, 0x1000000)).toThrow(MarshalError);
  });

  it("TPM_CC_NAME names aliased codes by their first name", () => {
    expect(TPM_CC_NAME.get(0x155)).toBe("HMAC");
    expect(TPM_CC_NAME.get(0x15b)).toBe("HMAC_Start");
    expect(TPM_CC_NAME.get(0x19f)).toBe("SetCapability");
    expect(TPM_CC_NAME.get(0x123)).toBeUndefined();
  });

  it("digestSize", () => {
    expect([TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384, TPM_ALG_ID.SHA512].map(digestSize)).toEqual([
      20, 32, 48, 64,
    ]);
    expect([TPM_ALG_ID.SM3_256, TPM_ALG_ID.SHA3_256, TPM_ALG_ID.SHA3_384, TPM_ALG_ID.SHA3_512].map(digestSize)).toEqual(
      [32, 32, 48, 64],
    );
    expect(
      [TPM_ALG_ID.SHA256_192, TPM_ALG_ID.SHAKE256_192, TPM_ALG_ID.SHAKE256_256, TPM_ALG_ID.SHAKE256_512].map(
        digestSize,
      ),
    ).toEqual([24, 24, 32, 64]);
    expect([TPM_ALG_ID.NULL, TPM_ALG_ID.AES, TPM_ALG_ID.RSA, 0xffff].map(digestSize)).toEqual([0, 0, 0, 0]);
  });
});

describe("a real TPM's capabilities (swtpm, decoded by tpm2-tools)", () => {
  interface CommandEntry {
    value: number;
    commandIndex: number;
    nv: number;
    extensive: number;
    flushed: number;
    cHandles: number;
    rHandle: number;
    V: number;
    Res: number;
  }
  const fx = JSON.parse(readFileSync(new URL("./fixtures/swtpm-getcap.json", import.meta.url), "utf8")) as {
    commands: Record<string, CommandEntry>;
    algorithms: Record<
      string,
      Record<"value" | "hash" | "asymmetric" | "symmetric" | "object" | "signing" | "encrypting" | "method", number>
    >;
    eccCurves: Record<string, number>;
  };

  it("TPMA_CC helpers and bits decode every command as tpm2-tools does", () => {
    const entries = Object.entries(fx.commands);
    expect(entries.length).toBeGreaterThanOrEqual(100);
    const bit = (v: number, mask: number) => ((v & mask) !== 0 ? 1 : 0);
    for (const [name, c] of entries) {
      expect(tpmaCcCommandIndex(c.value), name).toBe(c.commandIndex);
      expect(tpmaCcHandles(c.value), name).toBe(c.cHandles);
      expect(bit(c.value, TPMA_CC.nv), name).toBe(c.nv);
      expect(bit(c.value, TPMA_CC.extensive), name).toBe(c.extensive);
      expect(bit(c.value, TPMA_CC.flushed), name).toBe(c.flushed);
      expect(bit(c.value, TPMA_CC.rHandle), name).toBe(c.rHandle);
      expect(bit(c.value, TPMA_CC.V), name).toBe(c.V);
      expect((c.value & TPMA_CC.Res) >>> TPMA_CC_RES_SHIFT, name).toBe(c.Res);
    }
  });

  it("TPM_CC has every command swtpm implements, under tpm2-tools' name", () => {
    let named = 0;
    for (const [name, c] of Object.entries(fx.commands)) {
      const code = tpmaCcCommandCode(c.value);
      expect(TPM_CC_NAME.get(code), name).toBeDefined();
      if (name.startsWith("TPM2_CC_")) {
        expect(TPM_CC[name.slice(8) as keyof typeof TPM_CC], name).toBe(code);
        named++;
      }
    }
    // tpm2-tools 5.4 has no name for CertifyX509 (0x197) and prints the raw attributes instead.
    expect(fx.commands["0x4000197"]).toBeDefined();
    expect(TPM_CC_NAME.get(0x197)).toBe("CertifyX509");
    expect(named).toBe(Object.keys(fx.commands).length - 1);
  });

  it("TPM_ALG_ID and TPM_ECC_CURVE match the TPM's algorithm and curve lists", () => {
    for (const [name, a] of Object.entries(fx.algorithms)) {
      expect(TPM_ALG_ID[name.toUpperCase() as keyof typeof TPM_ALG_ID], name).toBe(a.value);
      // digestSize knows exactly the algorithms the TPM flags as plain hashes (hash and no other attribute).
      const plainHash = a.hash && !(a.asymmetric || a.symmetric || a.object || a.signing || a.encrypting || a.method);
      expect(digestSize(a.value) > 0, name).toBe(Boolean(plainHash));
    }
    for (const [name, v] of Object.entries(fx.eccCurves)) {
      expect(TPM_ECC_CURVE[name.slice("TPM2_ECC_".length) as keyof typeof TPM_ECC_CURVE], name).toBe(v);
    }
  });
});
