/**
 * Known-answer byte vectors for whole commands and responses. Each parameter was
 * marshalled by libtss2-mu (tpm2-pytss 2.x under /usr/bin/python3: TPM2B_PUBLIC,
 * TPMT_SYM_DEF, TPMS_AUTH_COMMAND, ... `.marshal()`), and the header, handle area,
 * authorization area and parameterSize were framed by hand from Part 1 (18.x) around
 * them. (TPM2B_TIMEOUT was framed by hand too: that pytss marshals it empty.)
 */

import {
  COMMANDS,
  decodeResponse,
  marshalCommand,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_RH,
  TPM_RS,
  TPM_SE,
  TPM_ST,
  TPMA_LOCALITY,
  TPMA_OBJECT,
  TPMA_SESSION,
  unmarshalResponse,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const fill = (n: number, b: number) => new Uint8Array(n).fill(b);
const bytes = (from: number, to: number) => Uint8Array.from({ length: to - from }, (_, i) => from + i);
const text = (s: string) => new TextEncoder().encode(s);
const empty = new Uint8Array(0);

/** One password session: TPM_RS_PW, empty nonce, continueSession, the password as hmac. */
const password = (pw: Uint8Array) => ({
  sessionHandle: TPM_RS.PW,
  nonce: empty,
  sessionAttributes: TPMA_SESSION.continueSession,
  hmac: pw,
});

const eccSigningKey = (x: Uint8Array, y: Uint8Array) => ({
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes:
    TPMA_OBJECT.fixedTPM |
    TPMA_OBJECT.fixedParent |
    TPMA_OBJECT.sensitiveDataOrigin |
    TPMA_OBJECT.userWithAuth |
    TPMA_OBJECT.sign,
  authPolicy: empty,
  parameters: {
    eccDetail: {
      symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
      scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
      curveID: TPM_ECC_CURVE.NIST_P256,
      kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
    },
  },
  unique: { ecc: { x, y } },
});
const pcrSelection = [{ hash: TPM_ALG_ID.SHA256, pcrSelect: hex("010080") }];
/** The response authorization area of one password session. */
const passwordAck = { nonce: empty, sessionAttributes: TPMA_SESSION.continueSession, hmac: empty };

describe("TPM2_Create", () => {
  it("command", () => {
    const bytes_ = marshalCommand(
      COMMANDS.Create,
      {
        parentHandle: 0x80000000,
        inSensitive: { sensitive: { userAuth: text("abc"), data: empty } },
        inPublic: { publicArea: eccSigningKey(empty, empty) },
        outsideInfo: hex("0102"),
        creationPCR: pcrSelection,
      } as never,
      [password(text("pw"))],
    );
    expect(bytes_).toEqual(
      hex(
        "80020000004e00000153800000000000000b400000090000010002707700070003616263000000180023000b0004007200000010" +
          "0018000b00030010000000000002010200000001000b03010080",
      ),
    );
  });

  it("response", () => {
    const resp = hex(
      "80020000015e000000000000014b0028000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627" +
        "00580023000b00040072000000100018000b0003001000201111111111111111111111111111111111111111111111111111111111111111" +
        "00202222222222222222222222222222222222222222222222222222222222222222007b00000001000b0301008000203333333333333333" +
        "33333333333333333333333333333333333333333333333301000b0022000b444444444444444444444444444444444444444444444444" +
        "44444444444444440022000b5555555555555555555555555555555555555555555555555555555555555555000201020020777777777777" +
        "7777777777777777777777777777777777777777777777777777802140000001002066666666666666666666666666666666666666666666" +
        "666666666666666666660000010000",
    );
    const out = unmarshalResponse(COMMANDS.Create, resp, 1);
    expect(out).toEqual({
      outPrivate: bytes(0, 40),
      outPublic: { publicArea: eccSigningKey(fill(32, 0x11), fill(32, 0x22)) },
      creationData: {
        creationData: {
          pcrSelect: pcrSelection,
          pcrDigest: fill(32, 0x33),
          locality: TPMA_LOCALITY.TPM_LOC_ZERO,
          parentNameAlg: TPM_ALG_ID.SHA256,
          parentName: new Uint8Array([0x00, 0x0b, ...fill(32, 0x44)]),
          parentQualifiedName: new Uint8Array([0x00, 0x0b, ...fill(32, 0x55)]),
          outsideInfo: hex("0102"),
        },
      },
      creationHash: fill(32, 0x77),
      creationTicket: { tag: TPM_ST.CREATION, hierarchy: TPM_RH.OWNER, digest: fill(32, 0x66) },
    });
  });
});

describe("TPM2_StartAuthSession", () => {
  it("command: unsalted, unbound policy session, AES-128-CFB, SHA-256", () => {
    const bytes_ = marshalCommand(COMMANDS.StartAuthSession, {
      tpmKey: TPM_RH.NULL,
      bind: TPM_RH.NULL,
      nonceCaller: bytes(0xa0, 0xb0),
      encryptedSalt: empty,
      sessionType: TPM_SE.POLICY,
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      authHash: TPM_ALG_ID.SHA256,
    } as never);
    expect(bytes_).toEqual(
      hex("80010000002f0000017640000007400000070010a0a1a2a3a4a5a6a7a8a9aaabacadaeaf000001000600800043000b"),
    );
  });

  it("response: session handle, nonceTPM", () => {
    const out = unmarshalResponse(
      COMMANDS.StartAuthSession,
      hex("80010000002000000000030000000010c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"),
    );
    expect(out).toEqual({ sessionHandle: 0x03000000, nonceTPM: bytes(0xc0, 0xd0) });
  });

  it("rejects what Part 3 does not allow: a session handle response outside the session ranges", () => {
    expect(() =>
      unmarshalResponse(
        COMMANDS.StartAuthSession,
        hex("80010000002000000000810000000010c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"),
      ),
    ).toThrow(/TPMI_SH_AUTH_SESSION/);
  });
});

describe("TPM2_NV_Write", () => {
  it("command: the index authorizes itself, 5 bytes at offset 2", () => {
    const bytes_ = marshalCommand(
      COMMANDS.NV_Write,
      { authHandle: 0x01500016, nvIndex: 0x01500016, data: text("hello"), offset: 2 },
      [password(empty)],
    );
    expect(bytes_).toEqual(hex("80020000002800000137015000160150001600000009400000090000010000000568656c6c6f0002"));
  });

  it("response: no parameters, one session", () => {
    const resp = hex("80020000001300000000000000000000010000");
    expect(unmarshalResponse(COMMANDS.NV_Write, resp, 1)).toEqual({});
  });
});

describe("TPM2_PolicySecret", () => {
  it("command: endorsement authorizes, negative expiration", () => {
    const bytes_ = marshalCommand(
      COMMANDS.PolicySecret,
      {
        authHandle: TPM_RH.ENDORSEMENT,
        policySession: 0x03000001,
        nonceTPM: bytes(0, 16),
        cpHashA: empty,
        policyRef: text("ref"),
        expiration: -30,
      },
      [password(empty)],
    );
    expect(bytes_).toEqual(
      hex(
        "80020000003c000001514000000b03000001000000094000000900000100000010000102030405060708090a0b0c0d0e0f00000003726566ffffffe2",
      ),
    );
  });

  it("response: timeout and an AUTH_SECRET ticket", () => {
    const resp = hex(
      "80020000004500000000000000320008000000000000753080234000000b0020999999999999999999999999999999999999999999999999" +
        "99999999999999990000010000",
    );
    expect(unmarshalResponse(COMMANDS.PolicySecret, resp, 1)).toEqual({
      timeout: hex("0000000000007530"),
      policyTicket: { tag: TPM_ST.AUTH_SECRET, hierarchy: TPM_RH.ENDORSEMENT, digest: fill(32, 0x99) },
    });
  });
});

describe("the response areas", () => {
  it("hands back the authorization area", () => {
    const frame = decodeResponse(
      COMMANDS.PolicySecret,
      hex(`80020000004500000000000000320008000000000000753080234000000b0020${"99".repeat(32)}0000010000`),
      1,
    );
    expect(frame.authorizations).toEqual([passwordAck]);
  });
});
