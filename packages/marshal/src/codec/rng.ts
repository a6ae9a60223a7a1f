/**
 * A small seeded pseudo-random generator (xorshift128+), used to draw sample
 * values from schemas for round-trip, differential and fuzz tests. Not for keys.
 */
export class SampleRng {
  private s0: bigint;
  private s1: bigint;

  constructor(seed: number | bigint = 1) {
    let x = BigInt.asUintN(64, BigInt(seed) ^ 0x9e3779b97f4a7c15n);
    const next = () => {
      x = BigInt.asUintN(64, x + 0x9e3779b97f4a7c15n);
      let z = x;
      z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
      z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
      return z ^ (z >> 31n);
    };
    this.s0 = next();
    this.s1 = next() | 1n;
  }

  /** 32 random bits as an unsigned number. */
  u32(): number {
    let a = this.s0;
    const b = this.s1;
    this.s0 = b;
    a = BigInt.asUintN(64, a ^ (a << 23n));
    this.s1 = a ^ b ^ (a >> 17n) ^ (b >> 26n);
    return Number(BigInt.asUintN(64, this.s1 + b) >> 32n);
  }
  /** A whole number in [0, n). */
  int(n: number): number {
    if (n <= 1) return 0;
    if (n <= 0x100000000) return Math.floor((this.u32() / 0x100000000) * n);
    return Math.floor(((this.u32() * 0x100000000 + this.u32()) / 2 ** 64) * n);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }
  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}
