/** Optional vitest glue: one `it` per conformance case. */
import { describe, it } from "vitest";
import { type ConformanceOptions, transportConformanceCases } from "./conformance-cases.js";

/** Declares a vitest suite `title` with one test per conformance case. */
export function describeTransportConformance(
  title: string,
  options: ConformanceOptions | (() => ConformanceOptions),
  testTimeoutMs = 60_000,
): void {
  describe(title, () => {
    const resolved = () => (typeof options === "function" ? options() : options);
    // Case names are fixed; the options are read when each test runs (after beforeAll hooks).
    const names = transportConformanceCases({ open: () => Promise.reject(new Error("unused")) }).map((c) => c.name);
    for (const name of names) {
      it(
        name,
        async () => {
          const c = transportConformanceCases(resolved()).find((x) => x.name === name);
          if (!c) return; // skipped by the options
          await c.run();
        },
        testTimeoutMs,
      );
    }
  });
}
