/**
 * The kit on itself: the example transport passes every case against swtpm;
 * deliberately broken transports fail the case that covers their flaw; the
 * guide embeds the example verbatim.
 */
import { readFileSync } from "node:fs";
import { type SendOptions, type Transport, TssError } from "@tss/marshal";
import {
  type ConformanceOptions,
  responseCodeText,
  runTransportConformance,
  testCommands,
  transportConformanceCaseNames,
  transportConformanceCases,
} from "@tss/transport-testkit";
import { describeTransportConformance } from "@tss/transport-testkit/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExampleRawTcpTransport } from "./example-raw-tcp-transport.js";
import { startTestSwtpm } from "./swtpm-process.js";

let tpm: Awaited<ReturnType<typeof startTestSwtpm>>;
beforeAll(async () => {
  tpm = await startTestSwtpm();
});
afterAll(async () => tpm.stop());

const example = () => new ExampleRawTcpTransport(tpm.host, tpm.port, 10_000);

describeTransportConformance("the example transport passes the kit", () => ({ open: example }));

/** Wraps a transport, changing what `send` does. */
function broken(send: (inner: Transport, c: Uint8Array, o?: SendOptions) => Promise<Uint8Array>): ConformanceOptions {
  return {
    hangAfterMs: 1500,
    open: () => {
      const inner = example();
      return { send: (c, o) => send(inner, c, o), close: () => inner.close() };
    },
  };
}

async function failedCases(options: ConformanceOptions): Promise<string[]> {
  const report = await runTransportConformance(options);
  return report.failed.map((f) => f.name);
}

const name = (fragment: string) => {
  const found = transportConformanceCases({ open: example }).find((c) => c.name.includes(fragment));
  if (!found) throw new Error(`no case ${fragment}`);
  return found.name;
};

describe("the kit catches broken transports", () => {
  it("a transport that drops the last response byte fails the response cases", async () => {
    const failed = await failedCases(broken(async (t, c, o) => (await t.send(c, o)).slice(0, -1)));
    expect(failed).toContain(name("GetRandom returns"));
    expect(failed).toContain(name("larger than 1 KiB"));
  });

  it("a transport that turns TPM error codes into rejections fails the pass-through case", async () => {
    const failed = await failedCases(
      broken(async (t, c, o) => {
        const r = await t.send(c, o);
        if (new DataView(r.buffer, r.byteOffset).getUint32(6) !== 0) throw new Error("TPM error");
        return r;
      }),
    );
    expect(failed).toContain(name("TPM error responses pass through"));
  });

  it("a transport that pairs overlapping sends with the wrong responses fails the overlap case", async () => {
    let held: { c: Uint8Array; resolve(r: Uint8Array): void; reject(e: unknown): void }[] = [];
    const failed = await failedCases(
      broken((t, c) => {
        // Collects overlapping sends, then hands out their responses in reverse order.
        return new Promise<Uint8Array>((resolve, reject) => {
          held.push({ c, resolve, reject });
          if (held.length > 1) return;
          setTimeout(async () => {
            const batch = held;
            held = [];
            const responses = await Promise.allSettled(batch.map((h) => t.send(h.c)));
            batch.forEach((h, i) => {
              const r = responses[batch.length - 1 - i]!;
              if (r.status === "fulfilled") h.resolve(r.value);
              else h.reject(r.reason);
            });
          }, 5);
        });
      }),
    );
    expect(failed).toContain(name("overlapping sends"));
  });

  it("a transport that ignores AbortSignal fails the abort case", async () => {
    const failed = await failedCases(broken((t, c) => t.send(c)));
    expect(failed).toContain(name("aborted before send"));
  });

  it("a transport that does not check its send options fails the options case", async () => {
    // Drops the options instead of refusing bad ones: every bad value is "sent" and answered.
    const failed = await failedCases(broken((t, c) => t.send(c)));
    expect(failed).toContain(name("send options that are not valid"));
  });

  it("a transport whose send throws synchronously on bad options fails the options case", async () => {
    const failed = await failedCases(
      broken((t, c, o) => {
        if (o && typeof o.locality !== "number" && o.locality !== undefined) throw new TssError("BAD_PARAMETER", "x");
        return t.send(c, o);
      }),
    );
    expect(failed).toContain(name("send options that are not valid"));
  });

  it("a transport that never answers fails as a hang, not a stuck run", async () => {
    // A stuck run would end at the test's own timeout instead.
    const failed = await failedCases({
      hangAfterMs: 200,
      open: () => ({ send: () => new Promise<Uint8Array>(() => undefined), close: async () => undefined }),
    });
    expect(failed.length).toBe(transportConformanceCases({ open: example }).length);
  });

  it("a transport that accepts malformed commands fails the malformed-command case", async () => {
    const lax: ConformanceOptions = {
      open: () => {
        const inner = example();
        return {
          send: (c, o) =>
            c.length < 10 ? Promise.resolve(Uint8Array.of(0x80, 1, 0, 0, 0, 10, 0, 0, 0, 0x95)) : inner.send(c, o),
          close: () => inner.close(),
        };
      },
    };
    expect(await failedCases(lax)).toContain(name("malformed command"));
  });

  it("skip leaves cases out", () => {
    const all = transportConformanceCases({ open: example });
    const some = transportConformanceCases({ open: example, skip: [all[0]!.name] });
    expect(some.length).toBe(all.length - 1);
    expect(new TssError("ABORTED", "x").code).toBe("ABORTED");
    // A name that is no case's is an error, not a silent no-op.
    expect(() => transportConformanceCases({ open: example, skip: ["no such case"] })).toThrow(/no such case/);
  });
});

/** The transient objects and loaded sessions in swtpm now. */
async function loaded(): Promise<number[]> {
  const t = example();
  try {
    const handles: number[] = [];
    for (const first of [testCommands.TRANSIENT_FIRST, testCommands.LOADED_SESSION_FIRST]) {
      const r = await t.send(testCommands.getHandles(first));
      expect(testCommands.responseCode(r)).toBe(0);
      handles.push(...testCommands.handlesInResponse(r, first));
    }
    return handles;
  } finally {
    await t.close();
  }
}

describe("the kit cleans up and reports", () => {
  it("two runs against one simulator pass, and leave no transient object or session loaded", async () => {
    const before = await loaded();
    const skipped = [name("framing: 48 commands")];
    for (const run of [1, 2]) {
      const report = await runTransportConformance({ open: example, skip: skipped });
      expect(
        report.failed.map((f) => `${f.name}: ${String(f.error)}`),
        `run ${run}`,
      ).toEqual([]);
      // Every case is in exactly one list; the skipped one is reported as skipped.
      expect(report.skipped).toEqual(skipped);
      expect(report.passed.length + report.skipped.length).toBe(transportConformanceCaseNames().length);
      expect(await loaded()).toEqual(before);
    }
  });

  it("a TPM whose object slots are full is reported as TPM_RC_OBJECT_MEMORY by name", async () => {
    expect(responseCodeText(0x902)).toBe("TPM_RC_OBJECT_MEMORY (0x902)");
    const t = example();
    const filled: number[] = [];
    try {
      // swtpm (libtpms) holds 3 transient objects; fill them all.
      for (let i = 0; i < 8; i++) {
        const r = await t.send(testCommands.createPrimaryRsaStorage());
        if (testCommands.responseCode(r) !== 0) break;
        filled.push(testCommands.firstResponseHandle(r));
      }
      expect(filled.length).toBeGreaterThan(0);
      await t.close(); // swtpm serves one connection at a time; the objects stay loaded
      const report = await runTransportConformance({
        open: example,
        skip: transportConformanceCaseNames().filter((n) => !n.includes("larger than 1 KiB")),
      });
      expect(report.failed).toHaveLength(1);
      expect(String(report.failed[0]!.error)).toContain("TPM_RC_OBJECT_MEMORY (0x902)");
    } finally {
      for (const h of filled) await t.send(testCommands.flushContext(h));
      await t.close();
    }
  });
});

describe("docs/writing-a-transport.md", () => {
  it("embeds the example transport verbatim", () => {
    const guide = readFileSync(new URL("../../../docs/writing-a-transport.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("./example-raw-tcp-transport.ts", import.meta.url), "utf8");
    expect(guide).toContain(source.trim());
  });
});
