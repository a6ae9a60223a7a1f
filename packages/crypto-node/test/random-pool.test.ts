// randomBytes: requests of up to 64 bytes come from a 4 KiB pool, larger ones
// straight from OpenSSL. Every byte is handed out once (no two nonces equal,
// across many refills), the pool is wiped as it goes (a byte handed out twice
// would show up as a run of zeros), and results are plain, exactly sized arrays.
import { createNodeCrypto } from "@tss/crypto-node";
import { describe, expect, it } from "vitest";

describe("crypto-node randomBytes pool", () => {
  it("never repeats a nonce across pool refills, and its bytes look uniform", () => {
    const c = createNodeCrypto();
    const seen = new Set<string>();
    const counts = new Array<number>(256).fill(0);
    let total = 0;
    for (let i = 0; i < 4000; i++) {
      const n = [16, 20, 32, 48, 64][i % 5]!;
      const r = c.randomBytes(n);
      expect(r.length).toBe(n);
      const hex = Buffer.from(r).toString("hex");
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
      for (const b of r) counts[b]!++;
      total += n;
    }
    // 144,000 bytes: each value about 562 times; zeros would dominate if wiped bytes leaked.
    for (const k of counts) {
      expect(k).toBeGreaterThan(total / 256 / 2);
      expect(k).toBeLessThan((total / 256) * 2);
    }
  });

  it("gives exact, plain arrays of every size, pooled or not, and refuses bad sizes", () => {
    const c = createNodeCrypto();
    for (const n of [0, 1, 63, 64, 65, 4095, 4096, 4097, 100_000]) {
      const r = c.randomBytes(n);
      expect(Object.getPrototypeOf(r)).toBe(Uint8Array.prototype);
      expect(r.length).toBe(n);
      expect(r.byteLength).toBe(r.buffer.byteLength);
    }
    expect(() => c.randomBytes(-1)).toThrow(/randomBytes/);
    expect(() => c.randomBytes(1.5)).toThrow(/randomBytes/);
  });

  it("two instances do not share pooled bytes", () => {
    const a = createNodeCrypto();
    const b = createNodeCrypto();
    const fromA = new Set(Array.from({ length: 200 }, () => Buffer.from(a.randomBytes(32)).toString("hex")));
    for (let i = 0; i < 200; i++) expect(fromA.has(Buffer.from(b.randomBytes(32)).toString("hex"))).toBe(false);
  });
});
