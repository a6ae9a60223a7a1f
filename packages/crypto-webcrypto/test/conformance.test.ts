import { webCrypto } from "@tss/crypto-webcrypto";
import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";

describe("@tss/crypto-webcrypto passes the Crypto conformance kit", () => {
  for (const c of cryptoConformanceCases()) {
    // A case for an optional part the plugin leaves out is skipped (it has them all: the sync facet too).
    const run = c.requires !== undefined && webCrypto[c.requires] === undefined ? it.skip : it;
    run(c.name, () => c.run(webCrypto));
  }
});
