// plugin-support's KeyedCache: values by (hash algorithm, key octets), the least
// recently used dropped first, nothing kept when making a value fails.
import { KeyedCache } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

const key = (...octets: number[]) => Uint8Array.from(octets);

describe("KeyedCache", () => {
  it("makes a value once per (algorithm, key octets), not per key array", () => {
    const cache = new KeyedCache<string>(4);
    let made = 0;
    const make = () => `value ${++made}`;
    expect(cache.get(0x0b, key(1, 2), make)).toBe("value 1");
    expect(cache.get(0x0b, key(1, 2), make)).toBe("value 1");
    expect(cache.get(0x0c, key(1, 2), make)).toBe("value 2");
    expect(cache.get(0x0b, key(1, 2, 0), make)).toBe("value 3");
    expect(cache.get(0x0b, key(), make)).toBe("value 4");
    expect(made).toBe(4);
    expect(cache.size).toBe(4);
  });

  it("keeps at most `limit` values, dropping the least recently used", () => {
    const cache = new KeyedCache<number>(2);
    cache.get(1, key(1), () => 1);
    cache.get(1, key(2), () => 2);
    cache.get(1, key(1), () => -1); // used again: now the most recent
    cache.get(1, key(3), () => 3); // drops key 2
    expect(cache.size).toBe(2);
    expect(cache.get(1, key(1), () => -1)).toBe(1);
    expect(cache.get(1, key(2), () => 22)).toBe(22);
  });

  it("keeps nothing when making a value throws, and forgets on request", () => {
    const cache = new KeyedCache<number>(2);
    expect(() =>
      cache.get(1, key(9), () => {
        throw new Error("unsupported");
      }),
    ).toThrow("unsupported");
    expect(cache.size).toBe(0);
    cache.get(1, key(9), () => 9);
    cache.forget(1, key(9));
    expect(cache.size).toBe(0);
    expect(cache.get(1, key(9), () => 10)).toBe(10);
  });

  it("refuses a key that is not a Uint8Array (its octets could not name it)", () => {
    const cache = new KeyedCache<number>(2);
    for (const bad of ["ab", [1, 2], undefined]) {
      expect(() => cache.get(1, bad as never, () => 1)).toThrow(
        expect.objectContaining({ name: "TssError", code: "BAD_PARAMETER" }),
      );
    }
    expect(cache.size).toBe(0);
  });
});
