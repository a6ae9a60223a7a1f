import { nodeCrypto } from "@tss/crypto-node";
import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";

describe("@tss/crypto-node passes the Crypto conformance kit", () => {
  for (const c of cryptoConformanceCases()) {
    it(c.name, () => c.run(nodeCrypto));
  }
});
