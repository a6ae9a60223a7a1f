/**
 * A slice of the seeded fuzz run (support/fuzz-core.mjs) over every type and every
 * response schema: only MarshalError may be thrown, nothing may take longer than
 * the time bound, and what unmarshals re-marshals stably. The full run (a million
 * inputs and more) is `node packages/marshal/scripts/fuzz.mjs --inputs 1000000 --seed 1`.
 */
import * as M from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { fuzzTargets, runFuzz } from "./support/fuzz-core.mjs";

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

describe("fuzz", () => {
  it("covers every type and every response schema", () => {
    const targets = fuzzTargets(M);
    const responses = Object.keys(M.COMMANDS).length * 3;
    expect(targets.length).toBe(M.ALL_TYPES.length + responses);
  });

  it("a sparse array is a MarshalError, not a short list (found by this fuzz: TPML_* wrote count 2 and no elements)", () => {
    for (const list of [M.TPML_CC, M.TPML_DIGEST, M.TPML_PCR_SELECTION]) {
      expect(() => list.write(new M.ByteWriter(), new Array(2), list.typeName)).toThrow(M.MarshalError);
    }
  });

  it(`${INPUTS} inputs from seed ${SEED}: only MarshalError, within the time bound`, () => {
    const stats = runFuzz(M, { inputs: INPUTS, seed: SEED, timeBoundMs: 250 });
    console.log(
      `fuzz: ${stats.inputs} inputs over ${stats.targets} targets in ${stats.ms.toFixed(0)} ms; ` +
        `accepted ${stats.accepted}, rejected ${JSON.stringify(stats.rejected)}; ` +
        `damaged values ${stats.writeInputs} (${stats.writeRejected} rejected); by kind ${JSON.stringify(stats.byKind)}; ` +
        `slowest ${stats.slowest.ms.toFixed(2)} ms (${stats.slowest.target}, ${stats.slowest.kind})`,
    );
    for (const f of stats.failures)
      console.log(`FAILURE ${f.target}: ${f.kind} (${f.note})\n  ${f.error}\n  input ${f.input ?? "-"}`);
    expect(stats.failures).toEqual([]);
    // The mutations reach both outcomes and every error family.
    expect(stats.accepted).toBeGreaterThan(INPUTS / 20);
    for (const code of ["INSUFFICIENT", "SIZE", "VALUE", "SELECTOR", "TRAILING"])
      expect(stats.rejected[code], code).toBeGreaterThan(0);
  }, 300_000);
});
