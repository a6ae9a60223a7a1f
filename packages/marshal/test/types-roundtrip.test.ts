import { ALL_TYPES, ByteReader, ByteWriter, SampleRng } from "@tss/marshal";
import { describe, expect, it } from "vitest";

const SAMPLES = 300;

describe("Part 2 codecs: round trip", () => {
  it("lists every codec once", () => {
    expect(ALL_TYPES.length).toBeGreaterThan(150);
    expect(new Set(ALL_TYPES).size).toBe(ALL_TYPES.length);
  });

  for (const codec of ALL_TYPES) {
    it(`${codec.typeName}: write, read back, write again`, () => {
      const rng = new SampleRng(0x5eed + codec.typeName.length);
      for (let i = 0; i < SAMPLES; i++) {
        const value = codec.sample(rng);
        const w = new ByteWriter();
        codec.write(w, value, codec.typeName);
        const bytes = w.finish();
        const r = new ByteReader(bytes);
        const back = codec.read(r, codec.typeName);
        r.expectEnd(codec.typeName);
        expect(back).toEqual(value);
        const w2 = new ByteWriter();
        codec.write(w2, back, codec.typeName);
        expect(w2.finish()).toEqual(bytes);
      }
    });
  }
});
