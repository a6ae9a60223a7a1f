import { webCrypto } from "@tss/crypto-webcrypto";
import { cryptoConformanceCases } from "@tss/session/testkit";
import { describe, it } from "vitest";

describe("@tss/crypto-webcrypto passes the Crypto conformance kit", () => {
  for (const c of cryptoConformanceCases()) {
    it(c.name, () => c.run(webCrypto));
  }
});
