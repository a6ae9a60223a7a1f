import { forgeCrypto } from "@tss/crypto-forge";
import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";

describe("@tss/crypto-forge passes the Crypto conformance kit", () => {
  for (const c of cryptoConformanceCases()) {
    it(c.name, () => c.run(forgeCrypto));
  }
});
