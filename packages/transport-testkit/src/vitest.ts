/** Optional vitest glue: one `it` per conformance case. */
import { describe, it } from "vitest";
import {
  type ConformanceOptions,
  transportConformanceCaseNames,
  transportConformanceCases,
} from "./conformance-cases.js";

/** Declares a vitest suite `title` with one test per conformance case; cases in `skip` are reported as skipped. */
export function describeTransportConformance(
  title: string,
  options: ConformanceOptions | (() => ConformanceOptions),
  testTimeoutMs = 60_000,
): void {
  describe(title, () => {
    const resolved = () => (typeof options === "function" ? options() : options);
    // Case names are fixed; the options are read when each test runs (after beforeAll hooks).
    for (const name of transportConformanceCaseNames()) {
      it(
        name,
        async (ctx) => {
          const c = transportConformanceCases(resolved()).find((x) => x.name === name);
          if (!c) {
            ctx.skip("left out by the options' skip list");
            return;
          }
          await c.run();
        },
        testTimeoutMs,
      );
    }
  });
}
