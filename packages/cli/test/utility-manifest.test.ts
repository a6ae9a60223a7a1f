/**
 * The lazy registry cannot drift from the registry: src/utilities/manifest.ts
 * (names and summaries, for `tss --help` without loading any utility) and
 * src/utilities/loaders.ts (one dynamic import per utility) name exactly the
 * utilities of src/utilities/index.ts, and each loader yields the registry's
 * own Utility object. When a utility is added to index.ts: build, then
 * `node scripts/generate-lazy.mjs` (or add its line to both by hand).
 */
import { UTILITIES } from "@tss/cli";
import { describe, expect, it } from "vitest";
import { UTILITY_LOADERS } from "../src/utilities/loaders.js";
import { UTILITY_SUMMARIES } from "../src/utilities/manifest.js";

describe("the utility manifest and loaders", () => {
  it("list the registry's names, sorted, with the registry's summaries", () => {
    const names = [...UTILITIES.keys()].sort();
    expect([...UTILITY_SUMMARIES.keys()]).toEqual(names);
    expect([...UTILITY_LOADERS.keys()].sort()).toEqual(names);
    for (const [name, u] of UTILITIES) expect(UTILITY_SUMMARIES.get(name), name).toBe(u.summary);
  });

  it("load the registry's own utility for every name", async () => {
    for (const [name, load] of UTILITY_LOADERS) expect(await load(), name).toBe(UTILITIES.get(name));
  });
});
