/**
 * The seeded fuzz run: random and mutated inputs over every type (ALL_TYPES) and
 * every response schema (COMMANDS, with 0, 1 and 2 sessions). The oracle:
 *
 * - unmarshalling throws nothing but MarshalError, and returns within a time bound;
 * - what unmarshals re-marshals, and those bytes read back to the same bytes;
 * - marshalling a damaged value (a leaf replaced by junk: wrong type, out of range,
 *   sparse array, oversized buffer, ...) throws nothing but MarshalError, and
 *   bytes it does produce read back and re-marshal identically.
 *
 * Deterministic for a seed; the marshal module is passed in, so the tests run it
 * on the sources and scripts/fuzz.mjs on the built package.
 */
import { mutate, randomInput, recordFields } from "./mutate.mjs";

/** Lower-case hex of bytes (at most `max` bytes shown). */
function hex(bytes, max = 4096) {
  let s = "";
  for (const b of bytes.subarray(0, max)) s += b.toString(16).padStart(2, "0");
  return bytes.length > max ? `${s}...(${bytes.length} bytes)` : s;
}

/** Frames a successful response: header, handles, [parameterSize], parameters, sessions. */
function frameResponse(M, handles, parameters, auths) {
  const w = new M.ByteWriter();
  w.u16(auths.length > 0 ? M.TPM_ST.SESSIONS : M.TPM_ST.NO_SESSIONS);
  w.u32(0);
  w.u32(0);
  for (const h of handles) w.u32(h);
  if (auths.length > 0) w.u32(parameters.length);
  w.bytes(parameters);
  for (const a of auths) M.TPMS_AUTH_RESPONSE.write(w, a, "auth");
  const out = w.finish();
  new DataView(out.buffer).setUint32(2, out.length);
  return out;
}

/**
 * The fuzz targets: every codec of ALL_TYPES, and every response schema with 0,
 * 1 and 2 sessions. Each can draw a valid input and parse an input.
 */
export function fuzzTargets(M) {
  const targets = [];
  for (const codec of M.ALL_TYPES) {
    targets.push({
      name: codec.typeName,
      codec,
      sample(rng) {
        const value = codec.sample(rng);
        const w = new M.ByteWriter();
        codec.write(w, value, codec.typeName);
        return { bytes: w.finish(), value };
      },
      parse(bytes) {
        const r = new M.ByteReader(bytes);
        return codec.read(r, codec.typeName);
      },
    });
  }
  for (const schema of Object.values(M.COMMANDS)) {
    for (const sessions of [0, 1, 2]) {
      targets.push({
        name: `${schema.name} response (${sessions} sessions)`,
        sample(rng) {
          const handles = schema.responseHandleNames.map((n) => schema.responseHandles[n].sample(rng));
          const w = new M.ByteWriter();
          schema.response.write(w, schema.response.sample(rng), schema.name);
          const auths = Array.from({ length: sessions }, () => M.TPMS_AUTH_RESPONSE.sample(rng));
          return { bytes: frameResponse(M, handles, w.finish(), auths) };
        },
        parse: (bytes) => M.unmarshalResponse(schema, bytes, sessions),
      });
    }
  }
  return targets;
}

/** Junk to put where a value belongs. */
function junk(rng) {
  switch (rng.int(20)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2:
      return -1;
    case 3:
      return 1.5;
    case 4:
      return Number.NaN;
    case 5:
      return 2 ** 32;
    case 6:
      return 2 ** 53 + 2;
    case 7:
      return "0x10";
    case 8:
      return {};
    case 9:
      return [];
    case 10:
      return -1n;
    case 11:
      return 1n << 64n;
    case 12:
      return true;
    case 13:
      return new Uint8Array(rng.chance(0.5) ? 70000 : rng.int(600));
    case 14:
      return new Array(1 + rng.int(4)); // sparse
    case 15:
      return Number.POSITIVE_INFINITY;
    case 16:
      return 5n;
    case 17:
      return [1, 2, 3];
    case 18:
      return { size: 4, buffer: new Uint8Array(4) };
    default:
      return rng.u32();
  }
}

/** A copy of `value` with one leaf (or the whole value) replaced by junk. */
export function damageValue(rng, value) {
  if (rng.chance(0.1) || value === null || typeof value !== "object" || value instanceof Uint8Array) return junk(rng);
  const copy = structuredClone(value);
  // Walk down a random path, then replace what is there.
  let parent = copy;
  for (let depth = 0; depth < 8; depth++) {
    const keys = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    const k = rng.pick(keys);
    const child = parent[k];
    if (child !== null && typeof child === "object" && !(child instanceof Uint8Array) && rng.chance(0.7)) {
      parent = child;
      continue;
    }
    if (rng.chance(0.15)) delete parent[k];
    else parent[k] = junk(rng);
    return copy;
  }
  if (Array.isArray(parent)) parent.push(junk(rng));
  else parent[`extra${rng.int(3)}`] = junk(rng);
  return copy;
}

function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 4).join("\n")}`;
  return `non-Error thrown: ${String(e)}`;
}

/**
 * Runs `inputs` fuzz inputs from `seed`. Options: timeBoundMs (per input, default
 * 250), onProgress(count) every 10,000 inputs, onInput(targetName, bytes) before
 * each parse (a watchdog hook), targets (default fuzzTargets(M)), maxFailures.
 * Returns counts and the failures (each with the input in hex, to reproduce).
 */
export function runFuzz(M, opts = {}) {
  const inputs = opts.inputs ?? 10_000;
  const seed = opts.seed ?? 1;
  const timeBoundMs = opts.timeBoundMs ?? 250;
  const maxFailures = opts.maxFailures ?? 50;
  const targets = opts.targets ?? fuzzTargets(M);
  const rng = new M.SampleRng(seed);
  const state = targets.map(() => ({ base: null, fields: [], uses: 0 }));
  const stats = {
    inputs: 0,
    targets: targets.length,
    byKind: {},
    accepted: 0,
    rejected: {},
    writeInputs: 0,
    writeRejected: 0,
    writeAccepted: 0,
    slowest: { ms: 0, target: "", kind: "" },
    pauses: 0,
    failures: [],
    ms: 0,
  };
  const fail = (target, kind, bytes, error, note) => {
    if (stats.failures.length < maxFailures) {
      stats.failures.push({ target: target.name, kind, input: bytes ? hex(bytes) : undefined, error, note });
    }
  };
  const started = performance.now();
  for (let i = 0; i < inputs; i++) {
    const ti = i % targets.length;
    const target = targets[ti];
    const st = state[ti];
    if (st.base === null || st.uses >= 24) {
      st.base = target.sample(rng);
      st.fields = recordFields(M, st.base.bytes, target.parse);
      st.uses = 0;
    }
    st.uses++;
    const r = rng.int(100);
    let kind;
    let bytes;
    if (r < 6) {
      kind = "valid";
      st.base = target.sample(rng);
      st.fields = recordFields(M, st.base.bytes, target.parse);
      bytes = st.base.bytes;
    } else if (r < 84) {
      const m = mutate(rng, st.base.bytes, st.fields);
      kind = m.kind;
      bytes = m.bytes;
    } else if (r < 92 || !target.codec) {
      kind = "random";
      bytes = randomInput(rng);
    } else {
      kind = "damaged value";
    }
    stats.inputs++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;

    if (kind === "damaged value") {
      // Marshal a damaged value: MarshalError, or bytes that read back.
      stats.writeInputs++;
      const value = damageValue(rng, st.base.value);
      const t0 = performance.now();
      let out;
      try {
        const w = new M.ByteWriter();
        target.codec.write(w, value, target.name);
        out = w.finish();
      } catch (e) {
        if (e instanceof M.MarshalError) stats.writeRejected++;
        else fail(target, "exception on marshal", null, describe(e), `seed ${seed}, input ${i}`);
      }
      const dt = performance.now() - t0;
      if (dt > timeBoundMs) fail(target, "slow marshal", null, `${dt.toFixed(1)} ms`, `seed ${seed}, input ${i}`);
      if (out) {
        stats.writeAccepted++;
        try {
          const back = target.codec.read(new M.ByteReader(out), target.name);
          const w2 = new M.ByteWriter();
          target.codec.write(w2, back, target.name);
          if (hex(w2.finish()) !== hex(out))
            fail(target, "marshalled bytes re-marshal differently", out, "", `seed ${seed}, input ${i}`);
        } catch (e) {
          fail(
            target,
            "marshalled a value into bytes that do not unmarshal",
            out,
            describe(e),
            `seed ${seed}, input ${i}`,
          );
        }
      }
      continue;
    }

    opts.onInput?.(target.name, bytes);
    const t0 = performance.now();
    let value;
    let ok = false;
    try {
      value = target.parse(bytes);
      ok = true;
    } catch (e) {
      if (e instanceof M.MarshalError) stats.rejected[e.code] = (stats.rejected[e.code] ?? 0) + 1;
      else fail(target, "exception on unmarshal", bytes, describe(e), `seed ${seed}, input ${i}`);
    }
    const dt = performance.now() - t0;
    if (dt > stats.slowest.ms) stats.slowest = { ms: dt, target: target.name, kind };
    if (dt > timeBoundMs) {
      // Once more, to tell a slow input from a pause of the runtime (GC, compilation).
      const t1 = performance.now();
      try {
        target.parse(bytes);
      } catch {
        // judged above
      }
      const again = performance.now() - t1;
      if (again > timeBoundMs)
        fail(
          target,
          "slow unmarshal",
          bytes,
          `${dt.toFixed(1)} ms, then ${again.toFixed(1)} ms`,
          `seed ${seed}, input ${i}`,
        );
      else stats.pauses++;
    }
    if (ok) {
      stats.accepted++;
      if (target.codec) {
        // What unmarshals must re-marshal, to bytes that read back identically.
        try {
          const w = new M.ByteWriter();
          target.codec.write(w, value, target.name);
          const once = w.finish();
          const again = new M.ByteWriter();
          target.codec.write(again, target.codec.read(new M.ByteReader(once), target.name), target.name);
          if (hex(again.finish()) !== hex(once))
            fail(target, "re-marshal is not stable", bytes, "", `seed ${seed}, input ${i}`);
        } catch (e) {
          fail(target, "an unmarshalled value does not re-marshal", bytes, describe(e), `seed ${seed}, input ${i}`);
        }
      }
    }
    if (opts.onProgress && stats.inputs % 10_000 === 0) opts.onProgress(stats.inputs);
  }
  stats.ms = performance.now() - started;
  return stats;
}
