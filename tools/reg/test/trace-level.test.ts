// The trace level is per process, as in the IBM TSS (issue 9, fault 9): read from
// the environment once; only an explicit setting changes it, never the creation
// of another context with defaults.
import { createTss, setTraceLevel, traceLevel } from "@tss/tss";
import { afterAll, expect, it } from "vitest";

const transport = { send: async () => new Uint8Array(0), close: async () => undefined };
afterAll(() => setTraceLevel(0));

it("another context created with defaults, or with an environment, does not reset the level the process set", async () => {
  const first = createTss({ transport });
  await first.setProperty("TPM_TRACE_LEVEL", "1");
  createTss({ transport });
  createTss({ transport, env: { TPM_TRACE_LEVEL: "0" } });
  expect(traceLevel()).toBe(1);
  await first.setProperty("TPM_TRACE_LEVEL", "2");
  expect(traceLevel()).toBe(2);
});
