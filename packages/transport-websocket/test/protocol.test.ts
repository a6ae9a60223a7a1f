// The protocol helpers and the proxy's command policy, by known answers.
import { describe, expect, it } from "vitest";
import {
  CLOSE_CODE,
  clientSubprotocols,
  closeErrorCode,
  decodeCommandFrame,
  encodeCommandFrame,
  isBearerToken,
  isClientId,
  newClientId,
  urlWithClientId,
} from "../src/index.js";
import { commandCode, commandPolicy, DANGEROUS_COMMANDS, describeCommand } from "../src/server/index.js";

const getRandom = Uint8Array.of(0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7b, 0, 8);

describe("protocol", () => {
  it("a frame is the locality octet and the command, and decodes back", () => {
    const frame = encodeCommandFrame(2, getRandom);
    expect(frame).toEqual(Uint8Array.of(2, ...getRandom));
    expect(decodeCommandFrame(frame)).toEqual({ ok: true, locality: 2, command: getRandom, commandCode: 0x17b });
  });

  it("malformed frames say why", () => {
    expect(decodeCommandFrame(Uint8Array.of(0, 1))).toMatchObject({ ok: false, why: expect.stringMatching(/shorter/) });
    expect(decodeCommandFrame(Uint8Array.of(5, ...getRandom))).toMatchObject({ why: "locality 5 is not 0..4" });
    expect(decodeCommandFrame(Uint8Array.of(0, ...getRandom, 9))).toMatchObject({
      why: "the command header says 12 octets, the frame carries 13",
    });
  });

  it("tokens are lower-case hex of 16 to 64 octets", () => {
    expect(isBearerToken("ab".repeat(16))).toBe(true);
    expect(isBearerToken("ab".repeat(64))).toBe(true);
    expect(isBearerToken("ab".repeat(15))).toBe(false);
    expect(isBearerToken("ab".repeat(65))).toBe(false);
    expect(isBearerToken("AB".repeat(32))).toBe(false);
    expect(isBearerToken(`${"ab".repeat(31)}a`)).toBe(false);
    expect(isClientId("0a".repeat(16))).toBe(true);
    expect(isClientId("0A".repeat(16))).toBe(false);
    expect(isClientId("0a".repeat(15))).toBe(false);
    expect(isClientId(`${"0a".repeat(16)}\n`)).toBe(false);
    expect(isClientId(null)).toBe(false);
    const id = newClientId()!;
    expect(isClientId(id)).toBe(true);
    expect(newClientId()).not.toBe(id);
    expect(urlWithClientId("ws://h:1/p?x=1", id)).toBe(`ws://h:1/p?x=1&client=${id}`);
    expect(clientSubprotocols("ab".repeat(32))).toEqual(["tss.tpm.v1", `tss.bearer.${"ab".repeat(32)}`]);
    expect(() => clientSubprotocols("nope")).toThrow(/lower-case hex/);
  });

  it("refusal close codes are REFUSED, others BAD_CONNECTION", () => {
    for (const c of [1009, 4400, 4401, 4403, 4405, 4429]) expect(closeErrorCode(c)).toBe("REFUSED");
    for (const c of [1000, 1001, 1006, 1011]) expect(closeErrorCode(c)).toBe("BAD_CONNECTION");
    expect(CLOSE_CODE.DENIED).toBe(4405);
  });
});

describe("command policy", () => {
  it("names and codes", () => {
    expect(commandCode("Clear")).toBe(0x126);
    expect(commandCode("TPM_CC_Clear")).toBe(0x126);
    expect(commandCode("TPM2_NV_UndefineSpaceSpecial")).toBe(0x11f);
    expect(commandCode("0x17B")).toBe(0x17b);
    expect(commandCode(0x20000000)).toBe(0x20000000);
    expect(() => commandCode("Frobnicate")).toThrow(/not a TPM command name/);
    expect(() => commandCode(-1)).toThrow(/not a command code/);
    expect(describeCommand(0x126)).toBe("TPM_CC_Clear (0x126)");
    expect(describeCommand(0x20000001)).toBe("command 0x20000001");
  });

  it("denyDangerous, allow and deny lists", () => {
    const all = commandPolicy({});
    expect(all(0x126)).toBe(true);
    const safe = commandPolicy({ denyDangerous: true });
    for (const c of DANGEROUS_COMMANDS) expect(safe(c)).toBe(false);
    expect(safe(0x17b)).toBe(true);
    const few = commandPolicy({ allowCommands: ["GetRandom", "GetCapability"], denyCommands: ["GetCapability"] });
    expect(few(0x17b)).toBe(true);
    expect(few(0x17a)).toBe(false);
    expect(few(0x17e)).toBe(false);
  });
});
