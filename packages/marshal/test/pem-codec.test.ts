/**
 * The stack's one PEM codec (@tss/marshal/plugin-support): base64 against
 * node's Buffer (an independent encoder), blocks found among others, headers,
 * CRLF, and every malformed block refused with TssError BAD_PARAMETER.
 */
import { derToPem, fromBase64, readPemBlock, readPemBlocks, toBase64 } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const BAD = expect.objectContaining({ code: "BAD_PARAMETER" });

describe("base64", () => {
  it("agrees with node's Buffer for every length 0..70", () => {
    for (let n = 0; n <= 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const theirs = Buffer.from(bytes).toString("base64");
      expect(toBase64(bytes)).toBe(theirs);
      expect(fromBase64(theirs)).toEqual(bytes);
    }
  });

  it("refuses bad characters, bad length and non-zero pad bits", () => {
    expect(() => fromBase64("AAA")).toThrow(BAD);
    expect(() => fromBase64("AA*A")).toThrow(BAD);
    expect(() => fromBase64("AB==")).toThrow(BAD); // "AB==" leaves a 1 in the pad bits; "AA==" is canonical
    expect(fromBase64("AA==")).toEqual(Uint8Array.of(0));
  });
});

describe("PEM blocks", () => {
  const a = derToPem("CERTIFICATE", Uint8Array.of(1, 2, 3));
  const b = derToPem("CERTIFICATE", new Uint8Array(100).fill(7));
  const key = derToPem("PUBLIC KEY", Uint8Array.of(9));

  it("writes 64-character lines and reads every block of the labels, in order, skipping others", () => {
    expect(b.split("\n")[1]!.length).toBe(64);
    const text = `preamble\n${a}${key}between\r\n${b.replace(/\n/g, "\r\n")}`;
    expect(readPemBlocks(text, ["CERTIFICATE"]).map((x) => x.der.length)).toEqual([3, 100]);
    expect(readPemBlocks(text, ["PRIVATE KEY"])).toEqual([]);
    expect(readPemBlock(text, ["PUBLIC KEY", "X"]).der).toEqual(Uint8Array.of(9));
    expect(() => readPemBlock(text, ["PRIVATE KEY"])).toThrow(BAD);
  });

  it("reads RFC 1421 header fields", () => {
    const enc =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----\n";
    const block = readPemBlock(enc, ["RSA PRIVATE KEY"]);
    expect(block.headers).toEqual({ "Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00" });
    expect(block.der).toEqual(Uint8Array.of(1, 2, 3));
  });

  it("refuses a block without its end line, an empty block, bad base64, and no DER to write", () => {
    expect(() => readPemBlocks("-----BEGIN CERTIFICATE-----\nAQID\n", ["CERTIFICATE"])).toThrow(BAD);
    expect(() => readPemBlocks("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", ["CERTIFICATE"])).toThrow(BAD);
    expect(() =>
      readPemBlocks(`${a}-----BEGIN CERTIFICATE-----\nA*==\n-----END CERTIFICATE-----`, ["CERTIFICATE"]),
    ).toThrow(BAD);
    expect(() => readPemBlocks(42 as unknown as string, ["CERTIFICATE"])).toThrow(BAD);
    expect(() => derToPem("CERTIFICATE", new Uint8Array(0))).toThrow(BAD);
  });
});
