/**
 * The differential run against libtss2-mu: for every type both sides know,
 * random valid values (our codecs' samples) and mutations of them go through
 * both unmarshallers; where both accept an input they must read the same number
 * of bytes and marshal the value back to the same bytes, and libtss2-mu's bytes
 * must read and re-marshal identically on our side too. Where only one side
 * accepts, the reason is classified (a 1.83 selector libtss2-mu lacks, one of
 * our interface-type checks libtss2-mu does not make, ...).
 */
import { fromHex, toHex } from "./bridge.mjs";
import { selectorsOf, unionDefinitions } from "./codec-tree.mjs";
import { mutate, recordFields } from "./mutate.mjs";

/** A small stable hash of a string, to seed each type differently. */
function hashName(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** The name libtss2 would know a codec by: our name without the "+" qualifier. */
export function baseName(typeName) {
  return typeName.endsWith("+") ? typeName.slice(0, -1) : typeName;
}

function ours(M, codec, bytes) {
  const r = new M.ByteReader(bytes);
  let value;
  try {
    value = codec.read(r, codec.typeName);
  } catch (e) {
    return { ok: false, error: e };
  }
  const consumed = r.offset;
  const w = new M.ByteWriter();
  try {
    codec.write(w, value, codec.typeName);
  } catch (e) {
    return { ok: false, error: e, value, consumed, rewrite: true };
  }
  return { ok: true, value, consumed, out: w.finish() };
}

function describeError(M, e) {
  if (e instanceof M.MarshalError) return `${e.code} ${e.message}`;
  return `${e?.name ?? typeof e}: ${e?.message ?? String(e)}`;
}

/** True when a sized-structure value is the absent form (size 0) of an optional TPM2B. */
function isAbsent(codec, value) {
  return codec.kind === "tpm2bStruct" && value !== null && typeof value === "object" && !(codec.field in value);
}

/**
 * Why libtss2-mu accepts a sized structure (TPM2B_PUBLIC, ...) that we reject, or
 * null when the known reasons do not apply. tpm2-tss's TPM2B_UNMARSHAL_SUBTYPE
 * (src/tss2-mu/tpm2b-types.c) drops the inner unmarshal's return code, and does
 * not bind the inner structure to the size field (fixed upstream by tpm2-tss pull
 * request #3122, "Size bound sub-types when unmarshalling TPM2B types"). The TPM
 * reference code answers both with TPM_RC_SIZE, as we do.
 */
function sizedStructureQuirk(M, codec, bytes) {
  if (codec.kind !== "tpm2bStruct" || bytes.length < 2) return null;
  const size = (bytes[0] << 8) | bytes[1];
  const r = new M.ByteReader(bytes.subarray(2));
  try {
    codec.inner.read(r, codec.typeName);
  } catch (e) {
    return e instanceof M.MarshalError ? "inner error ignored" : null;
  }
  return r.offset !== size ? "size not bound" : null;
}

/**
 * Runs the differential over every codec of ALL_TYPES (or `opts.codecs`).
 * Options: seed, samples (valid values per type), mutations (per sample).
 */
export async function runDifferential(M, bridge, opts = {}) {
  const seed = opts.seed ?? 1;
  const samples = opts.samples ?? 100;
  const mutations = opts.mutations ?? 4;
  const codecs = opts.codecs ?? M.ALL_TYPES;
  const info = await bridge.request({ op: "info" });
  const names = [...new Set(codecs.map((c) => baseName(c.typeName)))];
  const { resolved } = await bridge.request({ op: "resolve", names });

  // Which union members libtss2-mu has (a selector it lacks is BAD_VALUE there).
  const unions = unionDefinitions(M);
  const probeReq = {};
  for (const [name, def] of unions) probeReq[name] = Object.keys(def.members).map(Number);
  const { supported } = await bridge.request({ op: "probe", unions: probeReq });
  const libSelectors = new Map(Object.entries(supported).map(([u, s]) => [u, s ? new Set(s) : null]));
  const libKnows = (u, s) => libSelectors.get(u)?.has(s) === true;
  const unknownSelectors = (codec, value) =>
    selectorsOf(codec, value, unions)
      .filter(([u, s]) => !libKnows(u, s))
      .map(([u, s]) => `${u}[0x${Number(s).toString(16)}]`);

  const types = [];
  const oursOnly = [];
  const usedFunctions = new Set();
  for (const codec of codecs) {
    const name = baseName(codec.typeName);
    const res = resolved[name];
    if (!res?.fn) {
      oursOnly.push({ typeName: codec.typeName, declaredInTss2Headers: res?.declared === true });
      continue;
    }
    usedFunctions.add(res.fn);
    const t = {
      typeName: codec.typeName,
      fn: res.fn,
      via: res.via,
      samples: 0,
      samplesAgreed: 0,
      samplesWith183Selector: 0,
      samplesAbsent: 0,
      valuesEqual: 0,
      valuesEqualButNames: 0,
      fieldNameDifferences: new Set(),
      mutated: 0,
      bothAccept: 0,
      bothReject: 0,
      oursOnlyAccept183: 0,
      absentOptional: 0,
      innerErrorIgnored: 0,
      sizeNotBound: 0,
      nullSelectorAsEmpty: 0,
      libOnlyAcceptValueCheck: 0,
      libOnlyAccept: {},
      libBytesReread: 0,
      findings: [],
    };
    const finding = (kind, input, detail) => {
      if (t.findings.length < 20) t.findings.push({ kind, input: toHex(input).slice(0, 400), detail });
    };
    const rng = new M.SampleRng(BigInt(seed) * 0x100000000n + BigInt(hashName(codec.typeName)));
    const inputs = [];
    for (let i = 0; i < samples; i++) {
      const value = codec.sample(rng);
      const w = new M.ByteWriter();
      codec.write(w, value, codec.typeName);
      const bytes = w.finish();
      inputs.push({ sample: true, bytes, value });
      if (mutations > 0) {
        const fields = recordFields(M, bytes, (b) => codec.read(new M.ByteReader(b), codec.typeName));
        for (let j = 0; j < mutations; j++) inputs.push({ sample: false, bytes: mutate(rng, bytes, fields).bytes });
      }
    }
    const results = await bridge.roundtrip(
      res.fn,
      inputs.map((x) => toHex(x.bytes)),
    );
    // Field by field: what libtss2-mu read from our valid bytes is the value we wrote.
    const agreed = inputs.filter((x, i) => x.sample && results[i][0] === 0 && results[i][2] === toHex(x.bytes));
    const diffs = await bridge.compare(
      res.fn,
      agreed.map((x) => [toHex(x.bytes), x.value]),
    );
    diffs.forEach((list, i) => {
      if (list.length === 0) {
        t.valuesEqual++;
        return;
      }
      const names = list.filter((d) => d.includes(": NAME "));
      for (const d of names) t.fieldNameDifferences.add(d.replace(/\[\d+\]/g, "[]"));
      const real = list.filter((d) => !d.includes(": NAME "));
      if (real.length > 0)
        finding("libtss2-mu reads a different value from our bytes", agreed[i].bytes, real.slice(0, 3).join("; "));
      else t.valuesEqualButNames++;
    });
    inputs.forEach((input, i) => {
      const [rc, consumed, libHex] = results[i];
      const o = ours(M, codec, input.bytes);
      if (!o.ok && !(o.error instanceof M.MarshalError)) {
        finding("crash", input.bytes, describeError(M, o.error));
        return;
      }
      if (input.sample) {
        t.samples++;
        const agreed = rc === 0 && consumed === input.bytes.length && libHex === toHex(input.bytes);
        if (agreed) t.samplesAgreed++;
        else if (isAbsent(codec, input.value)) t.samplesAbsent++;
        else if (rc !== 0 && unknownSelectors(codec, input.value).length > 0) t.samplesWith183Selector++;
        else if (rc !== 0) finding("lib rejects our valid value", input.bytes, `rc 0x${rc.toString(16)}`);
        else
          finding(
            "libtss2-mu re-marshals our value differently",
            input.bytes,
            `consumed ${consumed}, lib ${libHex?.slice(0, 400)}`,
          );
        return;
      }
      t.mutated++;
      if (rc === 0 && libHex !== null) {
        // libtss2-mu's own bytes for what it read must read back identically here too.
        const lib = fromHex(libHex);
        const again = ours(M, codec, lib);
        if (again.ok) {
          t.libBytesReread++;
          if (again.consumed !== lib.length || toHex(again.out) !== libHex) {
            finding("our re-marshal of libtss2-mu bytes differs", lib, `ours ${toHex(again.out).slice(0, 400)}`);
          }
        } else if (!(again.error instanceof M.MarshalError)) {
          finding("crash", lib, describeError(M, again.error));
        }
      }
      if (o.ok && (rc !== 0 || o.consumed !== consumed || toHex(o.out) !== libHex) && isAbsent(codec, o.value)) {
        t.absentOptional++;
      } else if (o.ok && rc === 0) {
        t.bothAccept++;
        if (o.consumed !== consumed || toHex(o.out) !== libHex) {
          finding(
            "both accept, results differ",
            input.bytes,
            `ours read ${o.consumed} -> ${toHex(o.out).slice(0, 200)}; lib read ${consumed} -> ${libHex?.slice(0, 200)}`,
          );
        }
      } else if (o.ok) {
        const unknown = unknownSelectors(codec, o.value);
        if (unknown.length > 0) t.oursOnlyAccept183++;
        else
          finding("we accept, libtss2-mu rejects", input.bytes, `rc 0x${rc.toString(16)}; we read ${o.consumed} bytes`);
      } else if (rc === 0) {
        const e = o.error;
        const quirk = o.rewrite ? null : sizedStructureQuirk(M, codec, input.bytes);
        if (quirk === "inner error ignored") {
          t.innerErrorIgnored++;
        } else if (quirk === "size not bound") {
          t.sizeNotBound++;
        } else if (e.code === "SELECTOR" && / selector 0x10$/.test(e.message)) {
          // libtss2-mu's union code takes 0x0010 (TPM_ALG_NULL) as an empty member of every
          // union, even where the selector is a TPM_CAP (TPMU_CAPABILITIES) and 0x10 is none.
          t.nullSelectorAsEmpty++;
        } else if (e.code === "VALUE" && !o.rewrite) {
          // One of our value checks (interface types, TPM_GENERATED, TPMI_YES_NO) that libtss2-mu does not make.
          t.libOnlyAcceptValueCheck++;
        } else {
          const key = `${e.code} at ${e.path.replace(/\[\d+\]/g, "[]")}${o.rewrite ? " (on re-marshal)" : ""}`;
          if (!t.libOnlyAccept[key]) {
            t.libOnlyAccept[key] = {
              count: 0,
              example: toHex(input.bytes).slice(0, 400),
              lib: libHex?.slice(0, 400) ?? "",
            };
          }
          t.libOnlyAccept[key].count++;
        }
      } else {
        t.bothReject++;
      }
    });
    types.push(t);
  }

  // Values built by tpm2-pytss itself, read and re-marshalled by us.
  const templates = [];
  for (const [type, label, hex] of (await bridge.request({ op: "templates" })).templates) {
    const codec = M[type];
    if (!codec || typeof codec.read !== "function") {
      templates.push({ type, label, ok: false, detail: "no such codec" });
      continue;
    }
    const o = ours(M, codec, fromHex(hex));
    const ok = o.ok && o.consumed === hex.length / 2 && toHex(o.out) === hex;
    templates.push({ type, label, ok, detail: ok ? "" : o.ok ? `ours ${toHex(o.out)}` : describeError(M, o.error) });
  }

  const libOnly = info.functions.filter((f) => !usedFunctions.has(f) && !f.startsWith("TPMU_"));
  return { version: info.version, functions: info.functions, types, oursOnly, libOnly, templates };
}

/** A text summary of a differential report (what the test prints and the script writes). */
export function formatReport(report) {
  const lines = [];
  const compared = report.types;
  const direct = compared.filter((t) => t.via === "direct").length;
  const typedef = compared.filter((t) => t.via === "typedef").length;
  const scalar = compared.filter((t) => t.via === "scalar").length;
  const sum = (f) => compared.reduce((a, t) => a + f(t), 0);
  lines.push(`libtss2-mu through tpm2-pytss ${report.version}: ${report.functions.length} Tss2_MU_ marshal functions`);
  lines.push(
    `compared ${compared.length} of our codecs (${direct} by their own Tss2_MU_ function, ${typedef} by a C typedef of a structure, ${scalar} as an integer typedef)`,
  );
  lines.push(
    `samples: ${sum((t) => t.samples)} (${sum((t) => t.samplesAgreed)} byte-identical both ways, ${sum((t) => t.samplesWith183Selector)} with a selector libtss2-mu lacks)`,
  );
  lines.push(
    `values libtss2-mu read from our samples, compared field by field: ${sum((t) => t.valuesEqual)} equal, ${sum((t) => t.valuesEqualButNames)} equal where the field names match`,
  );
  const names = [...new Set(compared.flatMap((t) => [...t.fieldNameDifferences]))];
  lines.push(`field names libtss2-mu spells differently (${names.length}):`);
  for (const n of names) lines.push(`  ${n}`);
  lines.push(
    `mutated inputs: ${sum((t) => t.mutated)} (both accept and agree: ${sum((t) => t.bothAccept)}, both reject: ${sum((t) => t.bothReject)}, ` +
      `only we accept with a 1.83 selector: ${sum((t) => t.oursOnlyAccept183)}, libtss2-mu bytes re-read by us: ${sum((t) => t.libBytesReread)})`,
  );
  lines.push(
    `absent optional sized structures (size 0; libtss2-mu has no absent form, marshals an empty inner structure or fails): ${sum((t) => t.samplesAbsent)} samples, ${sum((t) => t.absentOptional)} mutated inputs`,
  );
  lines.push("inputs only libtss2-mu accepts:");
  lines.push(
    `  ${sum((t) => t.libOnlyAcceptValueCheck)} fail one of our value checks (interface types, TPM_GENERATED, TPMI_YES_NO) libtss2-mu does not make`,
  );
  lines.push(
    `  ${sum((t) => t.innerErrorIgnored)} sized structures whose inner structure is malformed: libtss2-mu's TPM2B_UNMARSHAL_SUBTYPE drops the inner return code`,
  );
  lines.push(
    `  ${sum((t) => t.sizeNotBound)} sized structures whose size field does not match the inner structure: libtss2-mu does not bind it (tpm2-tss PR #3122)`,
  );
  lines.push(
    `  ${sum((t) => t.nullSelectorAsEmpty)} with selector 0x0010 where the union has no such member: libtss2-mu takes TPM_ALG_NULL as an empty member of every union`,
  );
  lines.push("  unexplained (each is a finding):");
  for (const t of compared) {
    for (const [k, e] of Object.entries(t.libOnlyAccept)) {
      lines.push(
        `  ${String(e.count).padStart(6)}  ${t.typeName}: ${k}  e.g. ${e.example.slice(0, 120)} -> lib ${e.lib.slice(0, 120)}`,
      );
    }
  }
  const findings = compared.flatMap((t) => t.findings.map((f) => ({ type: t.typeName, ...f })));
  lines.push(`findings: ${findings.length}`);
  for (const f of findings) lines.push(`  ${f.type}: ${f.kind}: ${f.detail} [input ${f.input}]`);
  lines.push(
    `templates built by tpm2-pytss: ${report.templates.filter((t) => t.ok).length}/${report.templates.length} read and re-marshalled identically`,
  );
  for (const t of report.templates.filter((x) => !x.ok)) lines.push(`  ${t.type} ${t.label}: ${t.detail}`);
  lines.push(`our types libtss2-mu does not know (${report.oursOnly.length}):`);
  lines.push(`  ${report.oursOnly.map((t) => t.typeName + (t.declaredInTss2Headers ? "*" : "")).join(" ")}`);
  lines.push("  (* declared in the tss2 headers, but with no Tss2_MU_ function)");
  lines.push(
    `libtss2-mu types we do not have (${report.libOnly.length}, unions left out: they go through their structures):`,
  );
  lines.push(`  ${report.libOnly.join(" ")}`);
  return lines.join("\n");
}
