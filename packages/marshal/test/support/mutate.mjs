/**
 * Input mutations for the fuzz and differential tests: bit flips, byte edits,
 * truncations, extensions, splices, edits of the integer fields the codec read
 * (sizes, counts, selectors: field-aligned, so a TPM2B size or a TPML count is
 * hit on purpose), and random bytes of random length.
 */

/** The mutation kinds, with their weights. */
export const MUTATIONS = [
  ["field", 25],
  ["bitflip", 20],
  ["truncate", 15],
  ["byte", 10],
  ["extend", 10],
  ["splice", 10],
  ["random", 10],
];
const TOTAL = MUTATIONS.reduce((a, [, w]) => a + w, 0);

/**
 * The integer fields (offset, width) a parse reads from `bytes`, found by
 * watching the marshal module's ByteReader while `parse(bytes)` runs. Reads from
 * other buffers (copies) are ignored. An error of the parse is swallowed.
 */
export function recordFields(M, bytes, parse) {
  const proto = M.ByteReader.prototype;
  const fields = [];
  const saved = {};
  for (const [name, width] of [
    ["u8", 1],
    ["u16", 2],
    ["u32", 4],
    ["u64", 8],
  ]) {
    const original = proto[name];
    saved[name] = original;
    proto[name] = function (path) {
      const view = this.view;
      if (view && view.buffer === bytes.buffer && typeof this.pos === "number") {
        fields.push({ offset: view.byteOffset - bytes.byteOffset + this.pos, width });
      }
      return original.call(this, path);
    };
  }
  try {
    parse(bytes);
  } catch {
    // A parse that fails still leaves the fields it read.
  } finally {
    for (const [name, f] of Object.entries(saved)) proto[name] = f;
  }
  return fields.filter((f) => f.offset >= 0 && f.offset + f.width <= bytes.length);
}

/** Random bytes of a random length: mostly short, sometimes up to 4 KiB. */
export function randomInput(rng) {
  const r = rng.int(10);
  const n = r < 4 ? rng.int(17) : r < 8 ? rng.int(257) : rng.int(4097);
  return rng.bytes(n);
}

function pickKind(rng) {
  let x = rng.int(TOTAL);
  for (const [kind, w] of MUTATIONS) {
    if (x < w) return kind;
    x -= w;
  }
  return "bitflip";
}

const INTERESTING8 = [0, 1, 0x7f, 0x80, 0xfe, 0xff];

function writeUint(out, offset, width, v) {
  for (let i = width - 1; i >= 0; i--) {
    out[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
function readUint(b, offset, width) {
  let v = 0n;
  for (let i = 0; i < width; i++) v = (v << 8n) | BigInt(b[offset + i]);
  return v;
}

/**
 * One mutation of `bytes` (never modified): `{ kind, bytes }`. `fields` are the
 * integer fields of `bytes` (from recordFields); without them a field edit lands
 * on a random offset.
 */
export function mutate(rng, bytes, fields = []) {
  let kind = pickKind(rng);
  if (bytes.length === 0 && kind !== "extend") kind = "random";
  const n = bytes.length;
  switch (kind) {
    case "bitflip": {
      const out = bytes.slice();
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips; i++) out[rng.int(n)] ^= 1 << rng.int(8);
      return { kind, bytes: out };
    }
    case "byte": {
      const out = bytes.slice();
      const edits = 1 + rng.int(3);
      for (let i = 0; i < edits; i++) out[rng.int(n)] = rng.chance(0.5) ? rng.pick(INTERESTING8) : rng.int(256);
      return { kind, bytes: out };
    }
    case "truncate":
      return { kind, bytes: bytes.slice(0, rng.int(n)) };
    case "extend": {
      const extra = rng.bytes(rng.chance(0.9) ? 1 + rng.int(64) : 1 + rng.int(1024));
      const out = new Uint8Array(n + extra.length);
      out.set(bytes);
      out.set(extra, n);
      return { kind, bytes: out };
    }
    case "splice": {
      const a = rng.int(n);
      const len = 1 + rng.int(Math.min(32, n - a));
      if (rng.chance(0.5)) {
        // delete a chunk
        const out = new Uint8Array(n - len);
        out.set(bytes.subarray(0, a));
        out.set(bytes.subarray(a + len), a);
        return { kind, bytes: out };
      }
      // duplicate a chunk somewhere
      const at = rng.int(n + 1);
      const chunk = bytes.slice(a, a + len);
      const out = new Uint8Array(n + len);
      out.set(bytes.subarray(0, at));
      out.set(chunk, at);
      out.set(bytes.subarray(at), at + len);
      return { kind, bytes: out };
    }
    case "field": {
      const out = bytes.slice();
      const f = fields.length > 0 ? rng.pick(fields) : { offset: rng.int(n), width: Math.min(n, rng.pick([1, 2, 4])) };
      const width = Math.min(f.width, n - f.offset);
      if (width <= 0) return { kind, bytes: out };
      const bits = BigInt(width * 8);
      const max = (1n << bits) - 1n;
      const v = readUint(bytes, f.offset, width);
      const remaining = BigInt(n - f.offset - width);
      const choices = [
        0n,
        1n,
        max,
        max - 1n,
        v + 1n,
        v - 1n,
        v + BigInt(rng.int(17)) - 8n,
        remaining,
        remaining + 1n,
        1n << (bits - 1n),
      ];
      let nv = rng.chance(0.85) ? rng.pick(choices) : BigInt(rng.u32()) | (BigInt(rng.u32()) << 32n);
      nv = BigInt.asUintN(Number(bits), nv);
      writeUint(out, f.offset, width, nv);
      return { kind, bytes: out };
    }
    default:
      return { kind: "random", bytes: randomInput(rng) };
  }
}
