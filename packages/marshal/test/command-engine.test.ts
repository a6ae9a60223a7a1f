import {
  COMMANDS,
  decodeResponse,
  MarshalError,
  marshalCommand,
  TPM_ALG_ID,
  TPM_RS,
  TPMA_SESSION,
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

  it("unmarshals a GetRandom response and rejects a lying size", () => {
    const resp = hex("8001 0000000f 00000000 0003 aabbcc");
    expect(unmarshalResponse(COMMANDS.GetRandom, resp)).toEqual({ randomBytes: hex("aabbcc") });
    const lying = hex("8001 00000010 00000000 0003 aabbcc");
    expect(() => decodeResponse(COMMANDS.GetRandom, lying, 0)).toThrow(MarshalError);
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
