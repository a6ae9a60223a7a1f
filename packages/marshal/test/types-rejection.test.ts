/**
 * Bad input gives a typed MarshalError naming the field, never a crash: oversized
 * TPM2B, too many list elements, unknown selectors, interface values outside their
 * set, lying sizes, wrong JavaScript types; then random and mutated input for every
 * codec in ALL_TYPES.
 */

import {
  ALL_TYPES,
  ByteReader,
  ByteWriter,
  type Codec,
  MarshalError,
  SampleRng,
  TPM2B_DIGEST,
  TPM2B_ECC_POINT,
  TPM2B_NAME,
  TPM2B_PUBLIC,
  TPM2B_SENSITIVE,
  TPMA_NV_EXP_CODEC,
  TPMI_ALG_HASH,
  TPMI_DH_OBJECT,
  TPMI_RH_HIERARCHY,
  TPML_DIGEST,
  TPML_PCR_SELECTION,
  TPMS_ATTEST,
  TPMS_CAPABILITY_DATA,
  TPMS_CLOCK_INFO,
  TPMS_PCR_SELECTION,
  TPMS_SET_CAPABILITY_DATA,
  TPMT_NV_PUBLIC_2,
  TPMT_SIGNATURE,
  TPMT_TK_CREATION,
  TYPES_WITHOUT_VALUES,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function marshal<T>(codec: Codec<T>, value: T): Uint8Array {
  const w = new ByteWriter();
  codec.write(w, value, codec.typeName);
  return w.finish();
}
function unmarshal<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const r = new ByteReader(bytes);
  const v = codec.read(r, codec.typeName);
  r.expectEnd(codec.typeName);
  return v;
}
/** Runs `f` and returns the MarshalError it throws (fails if it throws anything else or nothing). */
function marshalError(f: () => unknown): MarshalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MarshalError);
    return e as MarshalError;
  }
  throw new Error("expected a MarshalError");
}

/** An RSA-2048 template as TPM2B_PUBLIC bytes, whose keyBits field is at offset 20 of its TPM2B_PUBLIC bytes. */
const rsaTemplate = () =>
  ({
    publicArea: {
      type: 0x0001,
      nameAlg: 0x000b,
      objectAttributes: 0x00030472,
      authPolicy: new Uint8Array(0),
      parameters: {
        rsaDetail: {
          symmetric: { algorithm: 0x0006, keyBits: { aes: 128 }, mode: { aes: 0x0043 } },
          scheme: { scheme: 0x0010, details: {} },
          keyBits: 2048,
          exponent: 0,
        },
      },
      unique: { rsa: new Uint8Array(0) },
    },
  }) satisfies TPM2B_PUBLIC;

describe("Part 2 codecs: rejection with a typed error and a field path", () => {
  it("an oversized TPM2B, both ways", () => {
    let e = marshalError(() => marshal(TPM2B_DIGEST, new Uint8Array(65)));
    expect([e.code, e.path]).toEqual(["SIZE", "TPM2B_DIGEST"]);
    e = marshalError(() => unmarshal(TPM2B_DIGEST, hex(`0041${"00".repeat(65)}`)));
    expect([e.code, e.path]).toEqual(["SIZE", "TPM2B_DIGEST.size"]);
    e = marshalError(() => unmarshal(TPM2B_NAME, hex(`0045${"00".repeat(69)}`)));
    expect([e.code, e.path]).toEqual(["SIZE", "TPM2B_NAME.size"]);
    const big = rsaTemplate();
    big.publicArea.authPolicy = new Uint8Array(65);
    e = marshalError(() => marshal(TPM2B_PUBLIC, big));
    expect([e.code, e.path]).toEqual(["SIZE", "TPM2B_PUBLIC.publicArea.authPolicy"]);
  });

  it("too many list elements, both ways", () => {
    const sel = { hash: 0x000b, pcrSelect: new Uint8Array(3) };
    let e = marshalError(() => marshal(TPML_PCR_SELECTION, Array(17).fill(sel)));
    expect([e.code, e.path]).toEqual(["SIZE", "TPML_PCR_SELECTION.count"]);
    e = marshalError(() => unmarshal(TPML_PCR_SELECTION, hex("00000011")));
    expect([e.code, e.path]).toEqual(["SIZE", "TPML_PCR_SELECTION.count"]);
    e = marshalError(() => unmarshal(TPML_DIGEST, hex("00000009")));
    expect([e.code, e.path]).toEqual(["SIZE", "TPML_DIGEST.count"]);
    // A huge count fails at once, without reading (or allocating) 4 billion elements.
    e = marshalError(() => unmarshal(TPML_DIGEST, hex("ffffffff")));
    expect(e.code).toBe("SIZE");
  });

  it("an unknown union selector", () => {
    let e = marshalError(() => unmarshal(TPMS_CAPABILITY_DATA, hex("0000000d 00000000")));
    expect([e.code, e.path]).toEqual(["SELECTOR", "TPMS_CAPABILITY_DATA.data"]);
    e = marshalError(() => marshal(TPMS_CAPABILITY_DATA, { capability: 0x0d, data: {} } as never));
    expect([e.code, e.path]).toEqual(["SELECTOR", "TPMS_CAPABILITY_DATA.data"]);
    e = marshalError(() => unmarshal(TPMT_NV_PUBLIC_2, hex("81 81000001")));
    expect([e.code, e.path]).toEqual(["SELECTOR", "TPMT_NV_PUBLIC_2.nvPublic2"]);
    // 1.83 defines no settable capability: every selector is unknown.
    e = marshalError(() => unmarshal(TPMS_SET_CAPABILITY_DATA, hex("00000006")));
    expect([e.code, e.path]).toEqual(["SELECTOR", "TPMS_SET_CAPABILITY_DATA.data"]);
    expect(TYPES_WITHOUT_VALUES).toContain(TPMS_SET_CAPABILITY_DATA);
  });

  it("an interface value outside its set, with the field's full path", () => {
    const t = rsaTemplate();
    t.publicArea.parameters.rsaDetail.keyBits = 2047;
    let e = marshalError(() => marshal(TPM2B_PUBLIC, t));
    expect([e.code, e.path]).toEqual(["VALUE", "TPM2B_PUBLIC.publicArea.parameters.rsaDetail.keyBits"]);
    const good = marshal(TPM2B_PUBLIC, rsaTemplate());
    const bad = good.slice();
    expect(toHex(bad.subarray(20, 22))).toBe("0800");
    bad.set([0x07, 0xff], 20);
    e = marshalError(() => unmarshal(TPM2B_PUBLIC, bad));
    expect([e.code, e.path]).toEqual(["VALUE", "TPM2B_PUBLIC.publicArea.parameters.rsaDetail.keyBits"]);
    e = marshalError(() => unmarshal(TPMI_ALG_HASH, hex("0006")));
    expect([e.code, e.path]).toEqual(["VALUE", "TPMI_ALG_HASH"]);
    e = marshalError(() => unmarshal(TPMI_DH_OBJECT, hex("40000001")));
    expect(e.code).toBe("VALUE");
    e = marshalError(() => unmarshal(TPMS_CLOCK_INFO, hex("0000000000000000 00000000 00000000 02")));
    expect([e.code, e.path]).toEqual(["VALUE", "TPMS_CLOCK_INFO.safe"]);
    e = marshalError(() => unmarshal(TPMS_PCR_SELECTION, hex("000b 05 0000000000")));
    expect([e.code, e.path]).toEqual(["SIZE", "TPMS_PCR_SELECTION.pcrSelect.size"]);
  });

  it("the conditional value only through .plus", () => {
    expect(() => unmarshal(TPMI_DH_OBJECT, hex("40000007"))).toThrow(MarshalError);
    expect(unmarshal(TPMI_DH_OBJECT.plus, hex("40000007"))).toBe(0x40000007);
    const nullSig = hex("0010");
    const e = marshalError(() => unmarshal(TPMT_SIGNATURE, nullSig));
    expect([e.code, e.path]).toEqual(["VALUE", "TPMT_SIGNATURE.sigAlg"]);
    expect(unmarshal(TPMT_SIGNATURE.plus, nullSig)).toEqual({ sigAlg: 0x0010, signature: {} });
    const external = rsaTemplate();
    external.publicArea.nameAlg = 0x0010;
    expect(marshalError(() => marshal(TPM2B_PUBLIC, external)).path).toBe("TPM2B_PUBLIC.publicArea.nameAlg");
    expect(unmarshal(TPM2B_PUBLIC.plus, marshal(TPM2B_PUBLIC.plus, external))).toEqual(external);
    // 1.83 makes TPM_RH_NULL a plain member of TPMI_RH_HIERARCHY (tickets of the NULL hierarchy).
    expect(unmarshal(TPMI_RH_HIERARCHY, hex("40000007"))).toBe(0x40000007);
  });

  it("TPM_GENERATED and ticket tags are checked", () => {
    const attest = hex("ff544348 8017 0000 0000 0000000000000000 00000000 00000000 00 0000000000000000 0000 0000");
    const e = marshalError(() => unmarshal(TPMS_ATTEST, attest));
    expect([e.code, e.path]).toEqual(["VALUE", "TPMS_ATTEST.magic"]);
    attest[3] = 0x47;
    expect(unmarshal(TPMS_ATTEST, attest).attested).toEqual({
      certify: { name: new Uint8Array(0), qualifiedName: new Uint8Array(0) },
    });
    const ticket = hex("8024 40000007 0000");
    expect(marshalError(() => unmarshal(TPMT_TK_CREATION, ticket)).path).toBe("TPMT_TK_CREATION.tag");
    ticket[1] = 0x21;
    expect(unmarshal(TPMT_TK_CREATION, ticket)).toEqual({
      tag: 0x8021,
      hierarchy: 0x40000007,
      digest: new Uint8Array(0),
    });
  });

  it("a lying size inside a TPM2B that wraps a structure", () => {
    const good = marshal(TPM2B_PUBLIC, rsaTemplate());
    const longer = Uint8Array.of(0x00, good[1]! + 1, ...good.subarray(2), 0x00);
    expect(marshalError(() => unmarshal(TPM2B_PUBLIC, longer)).code).toBe("TRAILING");
    const shorter = Uint8Array.of(0x00, good[1]! - 1, ...good.subarray(2));
    expect(marshalError(() => unmarshal(TPM2B_PUBLIC, shorter)).code).toBe("INSUFFICIENT");
    expect(marshalError(() => unmarshal(TPM2B_PUBLIC, hex("0000"))).code).toBe("SIZE");
  });

  it("size 0 means absent only where Part 2 allows it", () => {
    expect(unmarshal(TPM2B_SENSITIVE, hex("0000"))).toEqual({});
    expect(toHex(marshal(TPM2B_SENSITIVE, {}))).toBe("0000");
    const e = marshalError(() => unmarshal(TPM2B_ECC_POINT, hex("0000")));
    expect([e.code, e.path]).toEqual(["SIZE", "TPM2B_ECC_POINT.size"]);
    expect(unmarshal(TPM2B_ECC_POINT.optional, hex("0000"))).toEqual({});
    const point = { point: { x: Uint8Array.of(1), y: Uint8Array.of(2) } };
    expect(toHex(marshal(TPM2B_ECC_POINT, point))).toBe("0006000101000102");
    expect(unmarshal(TPM2B_ECC_POINT.optional, hex("0006000101000102"))).toEqual(point);
  });

  it("wrong JavaScript types are VALUE errors", () => {
    const t = rsaTemplate() as unknown as { publicArea: { parameters: { rsaDetail: Record<string, unknown> } } };
    t.publicArea.parameters.rsaDetail.exponent = "65537";
    expect(marshalError(() => marshal(TPM2B_PUBLIC, t as never)).path).toBe(
      "TPM2B_PUBLIC.publicArea.parameters.rsaDetail.exponent",
    );
    expect(marshalError(() => marshal(TPMS_CLOCK_INFO, null as never)).code).toBe("VALUE");
    const wrongMember = rsaTemplate() as unknown as { publicArea: { unique: unknown } };
    wrongMember.publicArea.unique = { ecc: { x: new Uint8Array(0), y: new Uint8Array(0) } };
    expect(marshalError(() => marshal(TPM2B_PUBLIC, wrongMember as never)).path).toBe(
      "TPM2B_PUBLIC.publicArea.unique.rsa",
    );
    expect(marshalError(() => marshal(TPMA_NV_EXP_CODEC, 1 as never)).code).toBe("VALUE");
  });

  it("TPMA_NV_EXP carries 64-bit attributes as a bigint", () => {
    const v = (1n << 34n) | (1n << 29n) | 0x2n;
    expect(toHex(marshal(TPMA_NV_EXP_CODEC, v))).toBe("0000000420000002");
    expect(unmarshal(TPMA_NV_EXP_CODEC, hex("0000000420000002"))).toBe(v);
  });
});

describe("Part 2 codecs: random and mutated input", () => {
  /** Reads `bytes`; either a MarshalError, or a value that marshals back to the bytes consumed. */
  function check(codec: Codec<unknown>, bytes: Uint8Array) {
    const r = new ByteReader(bytes);
    let value: unknown;
    try {
      value = codec.read(r, codec.typeName);
    } catch (e) {
      if (!(e instanceof MarshalError)) throw e;
      return;
    }
    const again = new ByteWriter();
    codec.write(again, value, codec.typeName);
    expect(toHex(again.finish())).toBe(toHex(bytes.subarray(0, r.offset)));
  }

  for (const codec of ALL_TYPES) {
    it(`${codec.typeName}: only MarshalError, and what decodes re-encodes to the same bytes`, () => {
      const rng = new SampleRng(0xf022 + codec.typeName.length * 31);
      for (let i = 0; i < 100; i++) check(codec, rng.bytes(rng.int(80)));
      for (let i = 0; i < 100; i++) {
        const w = new ByteWriter();
        codec.write(w, codec.sample(rng), codec.typeName);
        const bytes = w.finish();
        if (bytes.length > 0) {
          const at = rng.int(bytes.length);
          bytes[at] = bytes[at]! ^ (1 << rng.int(8));
        }
        check(codec, rng.chance(0.3) ? bytes.subarray(0, rng.int(bytes.length + 1)) : bytes);
      }
    });
  }
});
