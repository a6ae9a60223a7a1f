/** checkSendOptions: the check every transport's send makes before anything is sent. */
import { checkSendOptions, isAbortSignal, isLocality, TssError } from "@tss/marshal";
import { describe, expect, it } from "vitest";

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(TssError);
    return (e as TssError).code;
  }
}

describe("checkSendOptions", () => {
  it("accepts undefined, {}, a real AbortSignal and every TPM locality", () => {
    expect(checkSendOptions(undefined)).toEqual({});
    expect(checkSendOptions({})).toEqual({});
    const signal = new AbortController().signal;
    expect(checkSendOptions({ signal }).signal).toBe(signal);
    for (const locality of [0, 1, 2, 3, 4, 32, 100, 255])
      expect(checkSendOptions({ locality }).locality).toBe(locality);
    expect(checkSendOptions({ locality: undefined, signal: undefined })).toEqual({
      locality: undefined,
      signal: undefined,
    });
  });

  it("rejects what is not an AbortSignal, with BAD_PARAMETER naming the field", () => {
    for (const signal of [
      { aborted: false },
      { aborted: false, addEventListener: () => undefined },
      "x",
      null,
      0,
      [],
    ]) {
      expect(
        code(() => checkSendOptions({ signal })),
        JSON.stringify(signal),
      ).toBe("BAD_PARAMETER");
    }
    expect(() => checkSendOptions({ signal: "x" })).toThrow(/options\.signal/);
  });

  it("rejects localities that are not 0..4 or 32..255, and options that are not an object", () => {
    for (const locality of [5, 7, 31, 256, -1, 1.5, Number.NaN, "0", null, 0n]) {
      expect(
        code(() => checkSendOptions({ locality })),
        String(locality),
      ).toBe("BAD_PARAMETER");
    }
    expect(() => checkSendOptions({ locality: 7 })).toThrow(/options\.locality: 7/);
    for (const options of [null, "x", 3, [], true]) {
      expect(
        code(() => checkSendOptions(options)),
        String(options),
      ).toBe("BAD_PARAMETER");
    }
  });

  it("isAbortSignal and isLocality", () => {
    expect(isAbortSignal(AbortSignal.abort())).toBe(true);
    expect(isAbortSignal({ aborted: true, addEventListener() {}, removeEventListener() {} })).toBe(false);
    expect(isLocality(4)).toBe(true);
    expect(isLocality(5)).toBe(false);
  });
});
