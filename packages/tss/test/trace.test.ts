import { TPM_RH } from "@tss/marshal";
import { createTss, setTraceLevel, setTraceSink, traceLevel } from "@tss/tss";
import { afterEach, expect, it } from "vitest";

const badAuth = Uint8Array.of(0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0xa2); // TPM_RC_BAD_AUTH, session 1

afterEach(() => setTraceLevel(0));

it("trace levels 1 and 2 print errors and flow, never the password or parameters", async () => {
  const lines: string[] = [];
  const prev = setTraceSink((l) => lines.push(l));
  try {
    const tss = createTss({
      transport: { send: async () => badAuth, close: async () => undefined },
      properties: { TPM_TRACE_LEVEL: "1" },
    });
    const secret = "correct horse battery staple";
    await expect(
      tss.nvRead(
        { authHandle: 0x01500000, nvIndex: 0x01500000, size: 8, offset: 0 },
        { sessions: [{ handle: TPM_RH.PW, password: secret }] },
      ),
    ).rejects.toThrow(/BAD_AUTH/);
    expect(lines.some((l) => /BAD_AUTH.*session 1/.test(l))).toBe(true);
    const level1 = lines.length;
    await tss.setProperty("TPM_TRACE_LEVEL", "2");
    await expect(
      tss.nvRead(
        { authHandle: 0x01500000, nvIndex: 0x01500000, size: 8, offset: 0 },
        { sessions: [{ handle: TPM_RH.PW, password: secret }] },
      ),
    ).rejects.toThrow();
    expect(lines.length).toBeGreaterThan(level1 + 1);
    const hexSecret = Buffer.from(secret).toString("hex");
    for (const l of lines) {
      expect(l).not.toContain(secret);
      expect(l).not.toContain(hexSecret);
    }
    await tss.setProperty("TPM_TRACE_LEVEL", "0");
    const before = lines.length;
    await expect(tss.getRandom({ bytesRequested: 1 })).rejects.toThrow();
    expect(lines.length).toBe(before);
  } finally {
    setTraceSink(prev);
  }
});

it("the trace level is per process: another context created with defaults leaves it alone; setProperty changes it", async () => {
  const transport = { send: async () => badAuth, close: async () => undefined };
  const first = createTss({ transport });
  await first.setProperty("TPM_TRACE_LEVEL", "1");
  expect(traceLevel()).toBe(1);
  const second = createTss({ transport, env: { TPM_TRACE_LEVEL: "0" } });
  const third = createTss({ transport });
  expect(traceLevel()).toBe(1);
  await second.setProperty("TPM_TRACE_LEVEL", "2");
  expect(traceLevel()).toBe(2);
  // Asking for a level explicitly at creation is an explicit setting.
  createTss({ transport, properties: { TPM_TRACE_LEVEL: "0" } });
  expect(traceLevel()).toBe(0);
  await Promise.all([first.close(), second.close(), third.close()]);
});
