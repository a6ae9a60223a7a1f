import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

describe("conformance kit against a node:crypto Crypto (sanity of the kit itself)", () => {
  for (const c of cryptoConformanceCases()) {
    const run = c.requires !== undefined && nodeCrypto[c.requires] === undefined ? it.skip : it;
    run(c.name, () => c.run(nodeCrypto));
  }
});
