import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

describe("conformance kit against a node:crypto Crypto (sanity of the kit itself)", () => {
  for (const c of cryptoConformanceCases()) {
    // Skipped: the cases for a member this test crypto leaves out. It has no sync facet on
    // purpose, so that the session engine's own tests take the promise path WebCrypto takes;
    // the crypto-node and crypto-forge projects run those cases on their facets.
    const run = c.requires !== undefined && nodeCrypto[c.requires] === undefined ? it.skip : it;
    run(c.name, () => c.run(nodeCrypto));
  }
});
