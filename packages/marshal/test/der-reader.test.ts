/**
 * The stack's one DER reader (@tss/marshal/plugin-support): known encodings,
 * every malformed length rejected with the reader's failure, OIDs against
 * encodings made by `openssl asn1parse -genstr`.
 */
import { TssError } from "@tss/marshal";
import { DER_TAG, DerReader, oidText, readDerOne, readDerSequence } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

class OtherError extends Error {}

describe("DerReader", () => {
  it("reads short and long lengths; content and encoded are views of the input", () => {
    // SEQUENCE { INTEGER 5, OCTET STRING (126 x 0xaa) } with a two-octet length (0x81 0x83).
    const octets = `047e${"aa".repeat(126)}`;
    const der = hex(`308183020105${octets}`);
    const outer = new DerReader(der);
    const seq = outer.next();
    expect(seq.tag).toBe(DER_TAG.SEQUENCE);
    expect(seq.encoded).toEqual(der);
    expect(outer.done).toBe(true);
    const inner = new DerReader(seq.content);
    expect(inner.peekTag()).toBe(DER_TAG.INTEGER);
    expect(toHex(inner.expect(DER_TAG.INTEGER, "i").content)).toBe("05");
    expect(inner.optional(DER_TAG.NULL)).toBeUndefined();
    const os = inner.optional(DER_TAG.OCTET_STRING)!;
    expect(os.content.length).toBe(126);
    expect(toHex(os.encoded)).toBe(octets);
    inner.end("seq");
    expect(inner.peekTag()).toBeUndefined();
    expect(() => inner.next()).toThrow(TssError);
  });

  it("enter() reads a SEQUENCE's content and keeps the failure; end() refuses trailing octets", () => {
    const r = new DerReader(hex("3003020101ff"), (m) => new OtherError(m));
    const inner = r.enter("outer");
    expect(toHex(inner.next().content)).toBe("01");
    expect(() => r.end("outer")).toThrow(OtherError);
    expect(() => new DerReader(hex("0400"), (m) => new OtherError(m)).enter("x")).toThrow(OtherError);
  });

  it.each([
    ["", "empty"],
    ["30", "tag without length"],
    ["3003 0201", "content shorter than the length"],
    ["3080 0000", "indefinite length (BER)"],
    ["308101 00", "long form for a length under 128"],
    ["30820001 00", "leading zero length octet"],
    ["3085 0000000001 00", "five length octets"],
    ["3082 01", "length octets truncated"],
    ["1f01 0100", "multi-octet tag"],
  ])("%s (%s) is TssError BAD_PARAMETER, or the reader's own failure", (h) => {
    const bytes = hex(h.replace(/ /g, ""));
    expect(() => new DerReader(bytes).next()).toThrow(expect.objectContaining({ code: "BAD_PARAMETER" }));
    expect(() => new DerReader(bytes, (m) => new OtherError(m)).next()).toThrow(OtherError);
  });

  it("expect() names the tags it wanted and found", () => {
    expect(() => new DerReader(hex("0500")).expect(DER_TAG.INTEGER, "version")).toThrow(
      /version: expected tag 0x2, found 0x5/,
    );
  });
});

describe("readDerSequence / readDerOne", () => {
  it("splits a run of elements and prefixes failures with what is read", () => {
    const all = readDerSequence(hex("02010105000603550403"), "run");
    expect(all.map((e) => e.tag)).toEqual([DER_TAG.INTEGER, DER_TAG.NULL, DER_TAG.OID]);
    expect(readDerOne(hex("0500"), DER_TAG.NULL, "one").content.length).toBe(0);
    expect(() => readDerOne(hex("05000500"), DER_TAG.NULL, "one")).toThrow(/one: expected one element/);
    expect(() => readDerSequence(hex("0203"), "spki")).toThrow(/^spki: /);
  });
});

describe("oidText", () => {
  it("matches openssl asn1parse -genstr encodings, arcs beyond 2^53 included", () => {
    expect(oidText(hex("2a8648ce3d030107"))).toBe("1.2.840.10045.3.1.7");
    expect(oidText(hex("550403"))).toBe("2.5.4.3");
    expect(oidText(hex("6983f09da7ebcfdee0c7a1a7b2c0948cc8f9d776"))).toBe(
      "2.25.329800735698586629295641978511506172918",
    );
  });

  it("refuses an empty, truncated or non-minimal OID with the given failure", () => {
    expect(() => oidText(new Uint8Array(0))).toThrow(expect.objectContaining({ code: "BAD_PARAMETER" }));
    expect(() => oidText(hex("2a86"))).toThrow(TssError);
    expect(() => oidText(hex("2a8001"), (m) => new OtherError(m))).toThrow(OtherError);
  });
});
