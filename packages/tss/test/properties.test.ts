import { TssError } from "@tss/marshal";
import { createTss, PROPERTY_DEFAULTS, Properties } from "@tss/tss";
import { describe, expect, it } from "vitest";

describe("properties", () => {
  it("has the seed's defaults", () => {
    const p = new Properties();
    expect(p.get("TPM_INTERFACE_TYPE")).toBe("socsim");
    expect(p.get("TPM_SERVER_TYPE")).toBe("mssim");
    expect(p.get("TPM_COMMAND_PORT")).toBe("2321");
    expect(p.get("TPM_PLATFORM_PORT")).toBe("2322");
    expect(p.get("TPM_DEVICE")).toBe("/dev/tpm0");
    expect(p.get("TPM_ENCRYPT_SESSIONS")).toBe("1");
    expect(p.get("TPM_TRACE_LEVEL")).toBe("0");
    expect(Object.keys(p.snapshot()).sort()).toEqual(Object.keys(PROPERTY_DEFAULTS).sort());
  });

  it("resolves creation value < environment < setProperty", () => {
    const p = new Properties({ TPM_COMMAND_PORT: "1111", TPM_SERVER_NAME: "given" }, { TPM_COMMAND_PORT: "2222" });
    expect(p.get("TPM_COMMAND_PORT")).toBe("2222");
    expect(p.get("TPM_SERVER_NAME")).toBe("given");
    p.set("TPM_COMMAND_PORT", "3333");
    expect(p.get("TPM_COMMAND_PORT")).toBe("3333");
  });

  it("rejects unknown names and bad values with BAD_PROPERTY", () => {
    expect(() => new Properties({}, { TPM_SERVER_TYPE: "bogus" })).toThrow(TssError);
    const p = new Properties();
    for (const [n, v] of [
      ["TPM_NO_SUCH", "1"],
      ["TPM_COMMAND_PORT", "70000"],
      ["TPM_TRACE_LEVEL", "3"],
      ["TPM_TRANSMIT_LOCALITY", "5"],
      ["TPM_SESSION_ENCKEY", "xyz"],
    ] as const) {
      try {
        p.set(n, v);
        expect.unreachable(`${n}=${v} accepted`);
      } catch (e) {
        expect((e as TssError).code).toBe("BAD_PROPERTY");
      }
    }
  });

  it("closes an open connection when a connection property is set, even to the same value", async () => {
    let closes = 0;
    const tss = createTss({
      transport: { send: async () => new Uint8Array(), close: async () => void closes++ },
    });
    await tss.setProperty("TPM_COMMAND_PORT", "2321");
    expect(closes).toBe(1);
    await tss.setProperty("TPM_TRACE_LEVEL", "0");
    expect(closes).toBe(1);
    await tss.setProperty("TPM_SERVER_NAME", "localhost");
    expect(closes).toBe(2);
    await tss.close();
  });
});
