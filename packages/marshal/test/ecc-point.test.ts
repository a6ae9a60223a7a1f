// plugin-support's point encoding, which every crypto plugin hands its library:
// coordinates left-padded to the curve size, SEC 1 uncompressed form.
import { padCoordinate, uncompressedPoint } from "@tss/marshal/plugin-support";
import { describe, expect, it } from "vitest";

/** A TssError of `code`, for toThrow. */
const tssError = (code: string) => expect.objectContaining({ name: "TssError", code });

describe("plugin-support padCoordinate and uncompressedPoint", () => {
  it("pads short coordinates on the left and keeps whole ones", () => {
    expect(padCoordinate(Uint8Array.of(1, 2), 4, "x")).toEqual(Uint8Array.of(0, 0, 1, 2));
    expect(padCoordinate(new Uint8Array(0), 2, "x")).toEqual(Uint8Array.of(0, 0));
    const whole = Uint8Array.of(9, 8, 7);
    const padded = padCoordinate(whole, 3, "x");
    expect(padded).toEqual(whole);
    padded[0] = 0;
    expect(whole[0]).toBe(9);
  });

  it("encodes 04 || x || y with each coordinate at the curve size", () => {
    expect(uncompressedPoint({ x: Uint8Array.of(1), y: Uint8Array.of(2, 3) }, 3)).toEqual(
      Uint8Array.of(4, 0, 0, 1, 0, 2, 3),
    );
  });

  it("refuses a longer coordinate, a coordinate that is not octets and a missing point with BAD_PARAMETER", () => {
    expect(() => padCoordinate(Uint8Array.of(1, 2, 3), 2, "x")).toThrow(tssError("BAD_PARAMETER"));
    expect(() => padCoordinate("0102" as unknown as Uint8Array, 2, "x")).toThrow(tssError("BAD_PARAMETER"));
    expect(() => uncompressedPoint({ x: Uint8Array.of(1), y: [2] as unknown as Uint8Array }, 2)).toThrow(
      tssError("BAD_PARAMETER"),
    );
    expect(() => uncompressedPoint(null as never, 2)).toThrow(tssError("BAD_PARAMETER"));
  });
});
