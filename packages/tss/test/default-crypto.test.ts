// openTss's default crypto: @tss/crypto-node first under Node, then
// @tss/crypto-webcrypto, then @tss/crypto-forge (all three are installed here).
import { nodeCrypto } from "@tss/crypto-node";
import { webCrypto } from "@tss/crypto-webcrypto";
import { CRYPTO_PACKAGES, defaultCrypto } from "@tss/tss";
import { afterEach, describe, expect, it, vi } from "vitest";

describe("the default crypto plugin", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("tries @tss/crypto-node, @tss/crypto-webcrypto, @tss/crypto-forge in that order", () => {
    expect(CRYPTO_PACKAGES).toEqual(["@tss/crypto-node", "@tss/crypto-webcrypto", "@tss/crypto-forge"]);
  });

  it("is @tss/crypto-node under Node (its verifyRsa, not WebCrypto's)", async () => {
    const c = await defaultCrypto();
    expect(c?.verifyRsa).toBe(nodeCrypto.verifyRsa);
    expect(c?.verifyRsa).not.toBe(webCrypto.verifyRsa);
  });

  it("is @tss/crypto-webcrypto where there is no Node (a browser), without trying node:crypto", async () => {
    vi.stubGlobal("process", { ...process, versions: {} });
    const c = await defaultCrypto();
    vi.unstubAllGlobals();
    expect(c?.verifyRsa).toBe(webCrypto.verifyRsa);
  });
});
