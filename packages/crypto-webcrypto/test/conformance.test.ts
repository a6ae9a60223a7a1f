import { webCrypto } from "@tss/crypto-webcrypto";
import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";

describe("@tss/crypto-webcrypto passes the Crypto conformance kit", () => {
  for (const c of cryptoConformanceCases()) {
    // WebCrypto answers only with promises: it has no sync facet, and the cases for one are skipped.
    const run = c.requires !== undefined && webCrypto[c.requires] === undefined ? it.skip : it;
    run(c.name, () => c.run(webCrypto));
  }
});
