import {
  type AuthCommand,
  COMMANDS,
  decodeResponse,
  encodeCommand,
  MarshalError,
  marshal,
  marshalCommand,
  TPM_ALG_ID,
  TPM_RS,
  TPMA_SESSION,
  TPMS_AUTH_COMMAND,
  unmarshalResponse,
} from "@tss/marshal";
import { describe, expect, it } from "vitest";

const hex = (s: string) =>
  Uint8Array.from(
    s
      .replace(/\s+/g, "")
      .match(/../g)!
      .map((b) => Number.parseInt(b, 16)),
  );

describe("command engine", () => {
  it("marshals GetRandom as Part 3 shows it", () => {
    expect(marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 })).toEqual(hex("8001 0000000c 0000017b 0010"));
  });

  it("marshals a password session authorization area", () => {
    const bytes = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 8 }, [
      {
        sessionHandle: TPM_RS.PW,
        nonce: new Uint8Array(0),
        sessionAttributes: TPMA_SESSION.continueSession,
        hmac: new Uint8Array([0x61]),
      },
    ]);
    expect(bytes).toEqual(hex("8002 0000001a 0000017b 0000000a 40000009 0000 01 0001 61 0008"));
  });

  it("frames HMAC and policy sessions byte for byte (one and three sessions, handles, parameters)", () => {
    const n = (len: number, v: number) => new Uint8Array(len).fill(v);
    const one = encodeCommand({
      code: 0x17b,
      handles: [],
      authorizations: [{ sessionHandle: 0x02000000, nonce: n(32, 0x11), sessionAttributes: 0xc1, hmac: n(32, 0x22) }],
      parameters: hex("0010"),
    });
    expect(one).toEqual(
      hex(`8002 00000059 0000017b 00000049 02000000 0020 ${"11".repeat(32)} c1 0020 ${"22".repeat(32)} 0010`),
    );
    const three = encodeCommand({
      code: 0x14e,
      handles: [0x01000001, 0x01000001],
      authorizations: [
        { sessionHandle: TPM_RS.PW, nonce: n(0, 0), sessionAttributes: 0x01, hmac: hex("6f77") },
        { sessionHandle: 0x03000002, nonce: n(20, 0x33), sessionAttributes: 0x00, hmac: n(0, 0) },
        { sessionHandle: 0x02000001, nonce: n(64, 0x44), sessionAttributes: 0x61, hmac: n(64, 0x55) },
      ],
      parameters: hex("0004 01020304"),
    });
    expect(three).toEqual(
      hex(
        `8002 000000cd 0000014e 01000001 01000001 000000b1` +
          ` 40000009 0000 01 0002 6f77` +
          ` 03000002 0014 ${"33".repeat(20)} 00 0000` +
          ` 02000001 0040 ${"44".repeat(64)} 61 0040 ${"55".repeat(64)}` +
          ` 0004 01020304`,
      ),
    );
  });

  it("frames random sessions as the TPMS_AUTH_COMMAND codec marshals them", () => {
    let seed = 7;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    const bytes = (len: number) => Uint8Array.from({ length: len }, () => next(256));
    const handleOf = () => [TPM_RS.PW, 0x02000000 + next(0x1000000), 0x03000000 + next(0x1000000)][next(3)]!;
    for (let round = 0; round < 300; round++) {
      const handles = Array.from({ length: next(4) }, () => next(2 ** 31) * 2 + next(2));
      const authorizations: AuthCommand[] = Array.from({ length: next(4) }, () => ({
        sessionHandle: handleOf(),
        nonce: bytes(next(65)),
        sessionAttributes: next(256) & 0xe7,
        hmac: bytes(next(65)),
      }));
      const parameters = bytes(next(100));
      const area = authorizations.map((a) => marshal(TPMS_AUTH_COMMAND, a));
      const areaSize = area.reduce((t, a) => t + a.length, 0);
      const size = 10 + 4 * handles.length + (authorizations.length ? 4 + areaSize : 0) + parameters.length;
      const expected = new Uint8Array(size);
      const view = new DataView(expected.buffer);
      view.setUint16(0, authorizations.length ? 0x8002 : 0x8001);
      view.setUint32(2, size);
      view.setUint32(6, 0x17b);
      let at = 10;
      for (const h of handles) {
        view.setUint32(at, h);
        at += 4;
      }
      if (authorizations.length) {
        view.setUint32(at, areaSize);
        at += 4;
        for (const a of area) {
          expected.set(a, at);
          at += a.length;
        }
      }
      expected.set(parameters, at);
      expect(encodeCommand({ code: 0x17b, handles, authorizations, parameters })).toEqual(expected);
    }
  });

  it("refuses a session the codec refuses, naming the field", () => {
    const frame = (a: Partial<AuthCommand>) => ({
      code: 0x17b,
      handles: [],
      authorizations: [
        { sessionHandle: 0x02000000, nonce: new Uint8Array(32), sessionAttributes: 1, hmac: new Uint8Array(32), ...a },
      ],
      parameters: hex("0010"),
    });
    expect(() => encodeCommand(frame({ nonce: new Uint8Array(65) }))).toThrow(/authorizationArea\[0\]\.nonce/);
    // A reserved TPMA_SESSION bit goes through the codec, whatever it makes of it.
    const reserved = frame({ sessionAttributes: 0x08 });
    const session = marshal(TPMS_AUTH_COMMAND, reserved.authorizations[0]!);
    expect(encodeCommand(reserved).subarray(14, 14 + session.length)).toEqual(session);
    expect(() => encodeCommand(frame({ sessionHandle: 0x01000000 }))).toThrow(/sessionHandle/);
    expect(() => encodeCommand(frame({ hmac: "x" as never }))).toThrow(MarshalError);
  });

  it("unmarshals a GetRandom response and rejects a lying size", () => {
    const resp = hex("8001 0000000f 00000000 0003 aabbcc");
    expect(unmarshalResponse(COMMANDS.GetRandom, resp)).toEqual({ randomBytes: hex("aabbcc") });
    const lying = hex("8001 00000010 00000000 0003 aabbcc");
    expect(() => decodeResponse(COMMANDS.GetRandom, lying, 0)).toThrow(MarshalError);
  });

  it("frames NV_Read with one HMAC session and splits its session response, byte for byte", () => {
    const n = (len: number, v: number) => new Uint8Array(len).fill(v);
    const command = marshalCommand(
      COMMANDS.NV_Read,
      { authHandle: 0x01500000, nvIndex: 0x01500000, size: 4, offset: 2 },
      [{ sessionHandle: 0x02000000, nonce: n(16, 0xaa), sessionAttributes: 0x01, hmac: n(20, 0xbb) }],
    );
    expect(command).toEqual(
      hex(
        `8002 00000047 0000014e 01500000 01500000 0000002d` +
          ` 02000000 0010 ${"aa".repeat(16)} 01 0014 ${"bb".repeat(20)} 0004 0002`,
      ),
    );
    const response = hex(
      `8002 0000003d 00000000 00000006 0004 01020304 0010 ${"cc".repeat(16)} 01 0014 ${"dd".repeat(20)}`,
    );
    const frame = decodeResponse(COMMANDS.NV_Read, response, 1);
    expect(frame).toEqual({
      tag: 0x8002,
      responseCode: 0,
      handles: [],
      parameters: hex("0004 01020304"),
      authorizations: [{ nonce: n(16, 0xcc), sessionAttributes: 0x01, hmac: n(20, 0xdd) }],
    });
    expect(unmarshalResponse(COMMANDS.NV_Read, response, 1)).toEqual({ data: hex("01020304") });
    // A session count that does not match the tag, and a session area cut short, name the field.
    expect(() => decodeResponse(COMMANDS.NV_Read, response, 0)).toThrow(/NV_Read\.response\.tag/);
    const short = hex(`8002 0000001e 00000000 00000006 0004 01020304 0010 ${"cc".repeat(8)}`);
    expect(() => decodeResponse(COMMANDS.NV_Read, short, 1)).toThrow(/NV_Read\.response\.authorizationArea\[0\]/);
    // An error response is a bare header.
    expect(decodeResponse(COMMANDS.NV_Read, hex("8001 0000000a 0000014b"), 1)).toEqual({
      tag: 0x8001,
      responseCode: 0x14b,
      handles: [],
      parameters: new Uint8Array(0),
      authorizations: [],
    });
  });

  it("names the field of an unmarshalling failure", () => {
    const resp = hex("8001 0000000f 00000000 0005 aabbcc");
    try {
      unmarshalResponse(COMMANDS.GetRandom, resp);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MarshalError);
      expect((e as MarshalError).path).toBe("GetRandom.randomBytes.buffer");
    }
  });

  it("rejects a value outside an interface type", () => {
    expect(() =>
      marshalCommand(COMMANDS.PCR_Read, { pcrSelectionIn: [{ hash: TPM_ALG_ID.AES, pcrSelect: new Uint8Array(3) }] }),
    ).toThrow(/TPMI_ALG_HASH/);
  });
});
