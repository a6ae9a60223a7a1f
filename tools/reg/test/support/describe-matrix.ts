import { afterAll, beforeAll, describe } from "vitest";
import {
  type Combination,
  combinations,
  type MatrixContext,
  type MatrixFilter,
  openMatrixContext,
} from "../../src/index.js";
import type { SwtpmOptions } from "../../src/swtpm.js";

/**
 * Runs `body` once per plugin combination, each against its own swtpm. Inside,
 * `ctx()` returns the running context (valid inside tests and hooks).
 */
export function describeMatrix(
  title: string,
  body: (ctx: () => MatrixContext, combination: Combination) => void,
  options: { filter?: MatrixFilter; swtpm?: SwtpmOptions } = {},
): void {
  for (const combination of combinations(options.filter)) {
    describe(`${title} ${combination.label}`, () => {
      let context: MatrixContext | undefined;
      beforeAll(async () => {
        context = await openMatrixContext(combination, options.swtpm);
      });
      afterAll(async () => {
        await context?.dispose();
      });
      body(() => {
        if (!context) throw new Error("matrix context not open");
        return context;
      }, combination);
    });
  }
}
