import { MarshalError } from "../errors.js";
import type { Codec } from "./codec.js";

function checkInt(path: string, v: unknown, bits: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
    throw new MarshalError("VALUE", path, `expected an unsigned ${bits}-bit integer, got ${String(v)}`);
  }
  return v;
}

function checkSigned(path: string, v: unknown, bits: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < -(2 ** (bits - 1)) || v >= 2 ** (bits - 1)) {
    throw new MarshalError("VALUE", path, `expected a signed ${bits}-bit integer, got ${String(v)}`);
  }
  return v;
}

/** UINT8 / BYTE. */
export const UINT8: Codec<number> = {
  typeName: "UINT8",
  kind: "primitive",
  write: (w, v, p) => w.u8(checkInt(p, v, 8)),
  read: (r, p) => r.u8(p),
  sample: (rng) => rng.int(0x100),
};
/** BYTE, the same as UINT8. */
export const BYTE: Codec<number> = { ...UINT8, typeName: "BYTE" };
/** INT8. */
export const INT8: Codec<number> = {
  typeName: "INT8",
  kind: "primitive",
  write: (w, v, p) => w.u8(checkSigned(p, v, 8) & 0xff),
  read: (r, p) => (r.u8(p) << 24) >> 24,
  sample: (rng) => rng.int(0x100) - 0x80,
};
/** UINT16. */
export const UINT16: Codec<number> = {
  typeName: "UINT16",
  kind: "primitive",
  write: (w, v, p) => w.u16(checkInt(p, v, 16)),
  read: (r, p) => r.u16(p),
  sample: (rng) => rng.int(0x10000),
};
/** INT16. */
export const INT16: Codec<number> = {
  typeName: "INT16",
  kind: "primitive",
  write: (w, v, p) => w.u16(checkSigned(p, v, 16) & 0xffff),
  read: (r, p) => (r.u16(p) << 16) >> 16,
  sample: (rng) => rng.int(0x10000) - 0x8000,
};
/** UINT32. */
export const UINT32: Codec<number> = {
  typeName: "UINT32",
  kind: "primitive",
  write: (w, v, p) => w.u32(checkInt(p, v, 32)),
  read: (r, p) => r.u32(p),
  sample: (rng) => rng.u32(),
};
/** INT32. */
export const INT32: Codec<number> = {
  typeName: "INT32",
  kind: "primitive",
  write: (w, v, p) => w.u32(checkSigned(p, v, 32) >>> 0),
  read: (r, p) => r.u32(p) | 0,
  sample: (rng) => rng.u32() | 0,
};
/** UINT64, as bigint. */
export const UINT64: Codec<bigint> = {
  typeName: "UINT64",
  kind: "primitive",
  write: (w, v, p) => {
    if (typeof v !== "bigint" || v < 0n || v >= 1n << 64n) {
      throw new MarshalError("VALUE", p, `expected an unsigned 64-bit bigint, got ${String(v)}`);
    }
    w.u64(v);
  },
  read: (r, p) => r.u64(p),
  sample: (rng) => (BigInt(rng.u32()) << 32n) | BigInt(rng.u32()),
};
/** INT64, as bigint. */
export const INT64: Codec<bigint> = {
  typeName: "INT64",
  kind: "primitive",
  write: (w, v, p) => {
    if (typeof v !== "bigint" || v < -(1n << 63n) || v >= 1n << 63n) {
      throw new MarshalError("VALUE", p, `expected a signed 64-bit bigint, got ${String(v)}`);
    }
    w.u64(BigInt.asUintN(64, v));
  },
  read: (r, p) => BigInt.asIntN(64, r.u64(p)),
  sample: (rng) => BigInt.asIntN(64, (BigInt(rng.u32()) << 32n) | BigInt(rng.u32())),
};
/** TPMI_YES_NO as a boolean (0 = NO, 1 = YES; anything else is rejected). */
export const TPMI_YES_NO: Codec<boolean> = {
  typeName: "TPMI_YES_NO",
  kind: "interface",
  write: (w, v, p) => {
    if (typeof v !== "boolean") throw new MarshalError("VALUE", p, `expected a boolean, got ${String(v)}`);
    w.u8(v ? 1 : 0);
  },
  read: (r, p) => {
    const v = r.u8(p);
    if (v > 1) throw new MarshalError("VALUE", p, `TPMI_YES_NO must be 0 or 1, got ${v}`);
    return v === 1;
  },
  sample: (rng) => rng.chance(0.5),
};
