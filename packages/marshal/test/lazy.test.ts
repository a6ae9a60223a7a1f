// Codecs and schemas built on first use (src/codec/lazy.ts): importing the package
// builds nothing; a placeholder becomes its value with the same identity; tables
// (COMMANDS, COMMANDS_BY_CODE, ALL_TYPES) behave as the plain objects they stand for.
import * as M from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { force, isPending, lazy, lazyBuiltCount, lazyTable } from "../src/codec/lazy.js";

// Read before any test touches a codec: the import alone built nothing.
const builtAtImport = lazyBuiltCount();

describe("lazy codecs and schemas", () => {
  it("importing @tss/marshal builds no codec and no schema", () => {
    expect(builtAtImport).toBe(0);
    expect(isPending(M.TPMT_PUBLIC)).toBe(true);
    expect(isPending(M.GetRandom)).toBe(true);
  });

  it("a placeholder becomes its value on first read, keeping its identity", () => {
    const before = lazyBuiltCount();
    const schema = M.GetRandom;
    expect(schema.code).toBe(0x17b);
    expect(isPending(schema)).toBe(false);
    expect(schema.response.fields.randomBytes).toBe(M.TPM2B_DIGEST);
    expect(lazyBuiltCount()).toBeGreaterThan(before);
    // Built, it is a plain object: own properties, Object.prototype, no getter left behind.
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype);
    expect(Object.keys(schema)).toContain("parameters");
    expect("plus" in M.TPM2B_DIGEST).toBe(false);
    expect(M.TPM2B_DIGEST.maxSize).toBe(64);
    expect(Array.from(M.marshalCommand(M.GetRandom, { bytesRequested: 8 }))).toEqual([
      0x80, 0x01, 0, 0, 0, 0x0c, 0, 0, 0x01, 0x7b, 0, 0x08,
    ]);
  });

  it("a renamed codec copies a lazily built one (the spread forces it first)", () => {
    expect(M.TPM_ALG_ID_CODEC.typeName).toBe("TPM_ALG_ID");
    expect(M.TPM_ALG_ID_CODEC.kind).toBe("primitive");
    expect(typeof M.TPM_ALG_ID_CODEC.write).toBe("function");
  });

  it("runs the builder once, reports a self-reference and an undeclared property", () => {
    let runs = 0;
    const x = lazy(() => {
      runs++;
      return { typeName: "X", kind: "primitive" };
    });
    expect(x.typeName).toBe("X");
    expect(x.kind).toBe("primitive");
    expect(force(x)).toBe(x);
    expect(runs).toBe(1);

    const self: { typeName: string } = lazy(() => ({ typeName: self.typeName }));
    expect(() => self.typeName).toThrow(/refers to itself/);

    const odd = lazy(() => ({ typeName: "Y", notAKey: 1 }));
    expect(() => odd.typeName).toThrow(/not in LAZY_KEYS: notAKey/);
    // A failed build can be tried again (and fails the same way).
    expect(() => odd.typeName).toThrow(/notAKey/);
  });

  it("COMMANDS, COMMANDS_BY_CODE and ALL_TYPES act as the object, Map and array they stand for", () => {
    expect(M.COMMANDS.GetRandom).toBe(M.GetRandom);
    expect(Object.keys(M.COMMANDS)).toContain("NV_Read");
    expect("PolicyPCR" in M.COMMANDS).toBe(true);
    expect(M.COMMANDS_BY_CODE).toBeInstanceOf(Map);
    expect(M.COMMANDS_BY_CODE.get(0x17b)).toBe(M.GetRandom);
    expect(M.COMMANDS_BY_CODE.size).toBe(Object.keys(M.COMMANDS).length);
    // Looking a code up builds that schema only.
    expect(isPending(M.NV_Write)).toBe(true);
    expect(M.commandSchema(M.TPM_CC.NV_Read)).toBe(M.NV_Read);
    expect(isPending(M.NV_Write)).toBe(true);
    expect(Array.isArray(M.ALL_TYPES)).toBe(true);
    expect([...M.ALL_TYPES].length).toBe(M.ALL_TYPES.length);
    expect(M.ALL_TYPES).toContain(M.TPMT_PUBLIC);
    const table = lazyTable(() => ({ a: 1 }), {});
    expect(() => {
      (table as { a: number }).a = 2;
    }).toThrow(TypeError);
  });
});
