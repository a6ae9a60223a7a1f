import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";
import { UINT8, UINT16, UINT32 } from "./primitives.js";
import type { SampleRng } from "./rng.js";

/** An inclusive range of allowed values, such as the transient handle range. */
export interface ValueRange {
  readonly first: number;
  readonly last: number;
}

/** An interface type (TPMI_): a base type restricted to a set of values. */
export interface InterfaceCodec extends Codec<number> {
  /** The base type's width in bytes. */
  readonly size: 1 | 2 | 4;
  /** True when `v` is allowed. */
  allows(v: number): boolean;
  /** The same type with its conditional value (`+TPM_ALG_NULL`, `+TPM_RH_NULL`, ...) allowed: the spec's `TPMI_X+`. */
  readonly plus: InterfaceCodec;
}

/**
 * Defines a TPMI_ type over UINT8, UINT16 or UINT32: the allowed values, ranges,
 * and an optional conditional value that only `.plus` admits. Values outside are
 * a VALUE error, both ways.
 */
export function tpmi(
  typeName: string,
  size: 1 | 2 | 4,
  allowed: { values?: readonly number[]; ranges?: readonly ValueRange[]; conditional?: number },
): InterfaceCodec {
  const base = size === 1 ? UINT8 : size === 2 ? UINT16 : UINT32;
  const values = new Set(allowed.values ?? []);
  const ranges = allowed.ranges ?? [];
  const make = (withConditional: boolean): InterfaceCodec => {
    const allows = (v: number) =>
      values.has(v) ||
      ranges.some((x) => v >= x.first && v <= x.last) ||
      (withConditional && allowed.conditional !== undefined && v === allowed.conditional);
    const check = (v: number, p: string) => {
      if (!allows(v)) {
        throw new MarshalError(
          "VALUE",
          p,
          `0x${v.toString(16)} is not a valid ${typeName}${withConditional ? "+" : ""}`,
        );
      }
      return v;
    };
    const sample = (rng: SampleRng): number => {
      const choices = values.size + ranges.length + (withConditional && allowed.conditional !== undefined ? 1 : 0);
      let i = rng.int(choices);
      if (i < values.size) return [...values][i] as number;
      i -= values.size;
      const range = ranges[i];
      if (range) return range.first + rng.int(range.last - range.first + 1);
      return allowed.conditional as number;
    };
    const codec: InterfaceCodec = {
      typeName: withConditional ? `${typeName}+` : typeName,
      kind: "interface",
      size,
      allows,
      write: (w, v, p) => {
        if (typeof v !== "number") throw new MarshalError("VALUE", p, `expected a number for ${typeName}`);
        base.write(w, check(v, p), p);
      },
      read: (r, p) => check(base.read(r, p), p),
      sample,
      get plus(): InterfaceCodec {
        return withConditional ? codec : plusCodec;
      },
    };
    return codec;
  };
  const plusCodec = make(true);
  return make(false);
}
