/**
 * Structures a real TPM produced: swtpm (libtpms) driven by tpm2-tools wrote these
 * files (createprimary RSA-2048 with creation data and ticket, create/load an ECC
 * P-256 ECDSA key, quote over sha256:0,1,2,7 with qualifying data 0102030405060708).
 * Each decodes, re-encodes to the same octets, and the quote signature verifies
 * (WebCrypto) with the public key decoded from TPM2B_PUBLIC over the decoded
 * TPMS_ATTEST octets, which checks the decoding of every field used.
 */
import {
  ByteReader,
  ByteWriter,
  type Codec,
  TPM2B_CREATION_DATA,
  TPM2B_PRIVATE,
  TPM2B_PUBLIC,
  TPMS_ATTEST,
  TPMT_SIGNATURE,
  TPMT_TK_CREATION,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => Number.parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const r = new ByteReader(bytes);
  const v = codec.read(r, codec.typeName);
  r.expectEnd(codec.typeName);
  const w = new ByteWriter();
  codec.write(w, v, codec.typeName);
  expect(toHex(w.finish())).toBe(toHex(bytes));
  return v;
}

const PRIMARY_PUBLIC =
  "011a0001000b00030072000000060080004300100800000000000100d36d31ac63563de541338be962d50800f1791da4b54c769ded7e9e97347cb79225aca9a4ce345b02c3f20ba8a4a88bd015663d0334bc38900d3728ca3726998337b4a91ea1a75a7b6f4bdcdae6683c621fa838ce18296ef15a79b0cb70f3fea0daf5e87a75d5a5515c802a95b5fa48a7e97933c3c7642fdbb54ba990974e6282161e45c70b803f6af2a52d5e5374bd06bd6650b36c3ee6445841cd54a5f2cf05b15a9986f8c2ccd94becbd6b1e219ffad839d408212c5e89ee6d04ec8cc50a123571649deab4f23d41bdf2ca9f6fbaa81605cb32cbe51e267e59579d262d707b93d0b2889f0cbfb0d69a3f67033451d471d1b0377307839bed7accb14923eb75";
const CREATION_DATA =
  "0037000000000020e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550100100004400000010004400000010000";
const CREATION_TICKET =
  "8021400000010040be5afa647b91e21f747cbf3ab5d591d9d5b6b2cb2e74e3a425afc513f470fcb8ccfe9dd921da86d9374d8f5c37d210686e8f2e169b6adb673593bf3acc868a51";
const KEY_PUBLIC =
  "00580023000b00040072000000100018000b000300100020a2fc99bd91d9e0ac85d03b21f46a99674d873c6c03f8748243e43ac7524b8be50020bafe98112ce8d2d3f6e20a7b1e603ca2cb5fb3b969eb23fe998c35ad0cb20102";
const KEY_PRIVATE =
  "007e0020b2ea1d3a5fd89c2ac63158610af8bd535367246d280e59ce0a2a8788dd1947360010f31dc8f35a99ec3da9dd348c3e9f738b58a22d0dc68747d832b41f23f1a14226bebcb81022d765f052a76e7446a3c208dbbe486a8c12e1499c27daa511c8159b8ba4675baab555215c0498744b415b6069c7baf0ea78ffd8324a";
const QUOTE =
  "ff54434780180022000b3f1cc605e750399ef0317ab88e29112360b9dfc505343cb0b0d81b7d5c6e33830008010203040506070800000000000016727bd2953b56f076b4016eb96e475a43bac800000001000b03870000002038723a2e5e8a17aa7950dc008209944e898f69a7bd10a23c839d341e935fd5ca";
const QUOTE_SIGNATURE =
  "0018000b00204419b34bec2695247cae542bae2a110d1fe58bd16705df53c94bc019aa4a0a6900208b7028a9586fcc6a119dc14a9d03fadd61120ca5afeb8919884ada0a64a46ab7";

describe("Part 2 codecs: structures produced by swtpm", () => {
  it("decodes the RSA-2048 storage primary", () => {
    const { publicArea } = decode(TPM2B_PUBLIC, hex(PRIMARY_PUBLIC));
    expect(publicArea.type).toBe(0x0001);
    expect(publicArea.objectAttributes).toBe(0x00030072);
    expect(publicArea.parameters).toMatchObject({
      rsaDetail: {
        symmetric: { algorithm: 0x0006, keyBits: { aes: 128 }, mode: { aes: 0x0043 } },
        keyBits: 2048,
        exponent: 0,
      },
    });
    expect((publicArea.unique as { rsa: Uint8Array }).rsa.length).toBe(256);
  });

  it("decodes creation data, creation ticket and a private blob", () => {
    const { creationData } = decode(TPM2B_CREATION_DATA, hex(CREATION_DATA));
    expect(creationData.pcrSelect).toEqual([]);
    expect(creationData.locality).toBe(0x01);
    expect(creationData.parentName).toEqual(hex("40000001"));
    const ticket = decode(TPMT_TK_CREATION, hex(CREATION_TICKET));
    expect([ticket.tag, ticket.hierarchy, ticket.digest.length]).toEqual([0x8021, 0x40000001, 64]);
    expect(decode(TPM2B_PRIVATE, hex(KEY_PRIVATE)).length).toBe(0x7e);
  });

  it("decodes a quote and its signature, and the signature verifies with the decoded key", async () => {
    const { publicArea } = decode(TPM2B_PUBLIC, hex(KEY_PUBLIC));
    expect(publicArea.parameters).toMatchObject({
      eccDetail: { scheme: { scheme: 0x0018, details: { ecdsa: { hashAlg: 0x000b } } }, curveID: 0x0003 },
    });
    const attest = decode(TPMS_ATTEST, hex(QUOTE));
    expect(attest.type).toBe(0x8018);
    expect(attest.extraData).toEqual(hex("0102030405060708"));
    expect(attest.attested).toMatchObject({ quote: { pcrSelect: [{ hash: 0x000b, pcrSelect: hex("870000") }] } });
    const sig = decode(TPMT_SIGNATURE, hex(QUOTE_SIGNATURE));
    expect(sig.sigAlg).toBe(0x0018);

    const { x, y } = (publicArea.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
    const { signatureR, signatureS } = (sig.signature as { ecdsa: { signatureR: Uint8Array; signatureS: Uint8Array } })
      .ecdsa;
    const pad = (b: Uint8Array) => Uint8Array.from([...new Uint8Array(32 - b.length), ...b]);
    const key = await crypto.subtle.importKey(
      "raw",
      Uint8Array.of(0x04, ...pad(x), ...pad(y)),
      { name: "ECDSA", namedCurve: "P-256" },
      false,
      ["verify"],
    );
    const ok = (data: Uint8Array<ArrayBuffer>) =>
      crypto.subtle.verify(
        { name: "ECDSA", hash: "SHA-256" },
        key,
        Uint8Array.of(...pad(signatureR), ...pad(signatureS)),
        data,
      );
    expect(await ok(hex(QUOTE))).toBe(true);
    const tampered = hex(QUOTE);
    tampered[tampered.length - 1]! ^= 1;
    expect(await ok(tampered)).toBe(false);
  });
});
