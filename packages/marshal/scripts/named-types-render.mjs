/**
 * Renders src/types/named-types.ts from the runtime codecs: one named TypeScript
 * type per TPM structure (TPMS_, TPMT_, TPM2B_ structure wrappers, TPML_, TPMU_),
 * declared into the module that exports the codec of the same name (a module
 * augmentation, so that `TPMT_PUBLIC` is both the codec and its value type), and
 * the NamedTypes registry the codec builders take their value types from.
 *
 * A structure whose union members are chosen by one of its fields (TPMT_PUBLIC by
 * `type`, TPMT_SIGNATURE by `sigAlg`, ...) becomes a discriminated union: one
 * variant per selector value, each with only the member that selector allows.
 * A structure with a "+" form (`.plus`) is rendered from that form, so its type
 * admits the conditional value (TPM_ALG_NULL); the codec without `.plus` still
 * rejects it at run time.
 *
 * Used by scripts/generate-named-types.mjs (writes the file) and by
 * test/named-types.test.ts (checks the file is current). Plain JavaScript so that
 * both can load it.
 */

/** The modules under src/types that define structure codecs, by file name. */
export const TYPE_MODULE_FILES = [
  "structures.ts",
  "algorithm-parameters.ts",
  "key-object.ts",
  "capabilities.ts",
  "nv-storage.ts",
  "context-data.ts",
  "creation-data.ts",
  "attached-components.ts",
  "ntc2-cfg-struct.ts",
];

const STRUCTURE_KINDS = new Set(["struct", "tpm2bStruct", "tpml"]);

const isCodec = (x) =>
  x !== null && typeof x === "object" && typeof x.typeName === "string" && typeof x.read === "function";
const isUnionDefinition = (x) =>
  x !== null && typeof x === "object" && typeof x.selectedBy === "function" && typeof x.members === "object";

/** The doc comment text before each `export const NAME` of a source file, by NAME. */
function docComments(source) {
  const out = new Map();
  const re = /\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*export const (\w+)/g;
  for (const m of source.matchAll(re)) {
    const text = m[1]
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, "").trimEnd())
      .join(" ")
      .replace(/\s+/g, " ")
      .trim();
    out.set(m[2], text);
  }
  return out;
}

/** Reverse lookup of a constants table: value → NAME (the last name declared wins, e.g. SHA1 over SHA). */
function reverse(table) {
  const out = new Map();
  for (const [k, v] of Object.entries(table)) if (typeof v === "number") out.set(v, k);
  return out;
}

/**
 * Renders the file.
 * @param {object} input
 * @param {Record<string, Record<string, unknown>>} input.modules each types module's exports, by file name
 * @param {Record<string, string>} input.sources each types module's source text, by file name
 * @param {{ TPM_ALG_ID: object, TPM_ST: object, TPM_CAP: object, TPM_HT: object }} input.constants selector tables
 * @param {(codec: object) => unknown} input.sample draws one value of a codec (to tell number, bigint, boolean)
 * @param {(codec: object) => boolean} input.acceptsEmpty whether a TPM2B structure codec reads size 0 (optional)
 * @returns {string} the TypeScript source (before formatting)
 */
export function renderNamedTypes({ modules, sources, constants, sample, acceptsEmpty }) {
  const codecName = new Map(); // codec object → exported name
  const moduleOf = new Map(); // exported name → file
  const unionDefs = new Map(); // union typeName → definition
  const structs = []; // [name, codec, file]
  const aliases = []; // [name, targetName, file]
  const unions = []; // [name, def, file]
  const fieldsOwner = new Map(); // fields object → name of the struct that defined it
  // `X = renamed("X", Y)`: X is another name of Y (read from the sources: at run time
  // the two codecs differ only in typeName).
  const renamedTo = new Map();
  for (const file of TYPE_MODULE_FILES) {
    for (const m of (sources[file] ?? "").matchAll(/renamed\(\s*"(\w+)",\s*(\w+)\s*\)/g)) renamedTo.set(m[1], m[2]);
  }
  const isAlias = (name, value) =>
    value.kind === "struct" && renamedTo.has(name) && modules[moduleOf.get(renamedTo.get(name)) ?? ""] !== undefined;

  for (const file of TYPE_MODULE_FILES) {
    for (const name of Object.keys(modules[file] ?? {})) moduleOf.set(name, file);
  }
  // Declarations follow the source order of the codecs (module namespaces list their
  // exports in an order that differs between loaders).
  const position = (file, name) => {
    const at = (sources[file] ?? "").search(new RegExp(`export const ${name}\\b`));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  for (const file of TYPE_MODULE_FILES) {
    const mod = modules[file];
    if (!mod) throw new Error(`named types: module ${file} not given`);
    const ordered = Object.entries(mod).sort(
      ([a], [b]) => position(file, a) - position(file, b) || (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const [name, value] of ordered) {
      if (isUnionDefinition(value)) {
        unionDefs.set(value.typeName, value);
        unions.push([name, value, file]);
        moduleOf.set(name, file);
        continue;
      }
      if (!isCodec(value) || !STRUCTURE_KINDS.has(value.kind)) continue;
      moduleOf.set(name, file);
      if (isAlias(name, value)) {
        aliases.push([name, renamedTo.get(name), file]);
        codecName.set(value, name);
        continue;
      }
      if (value.kind === "struct" && fieldsOwner.has(value.fields)) {
        throw new Error(`named types: ${name} shares its fields with ${fieldsOwner.get(value.fields)}`);
      }
      if (value.kind === "struct") fieldsOwner.set(value.fields, name);
      codecName.set(value, name);
      if (isCodec(value.plus)) codecName.set(value.plus, name);
      structs.push([name, value, file]);
    }
  }

  const tables = {
    TPM_ALG_ID: reverse(constants.TPM_ALG_ID),
    TPM_ST: reverse(constants.TPM_ST),
    TPM_CAP: reverse(constants.TPM_CAP),
    TPM_HT: reverse(constants.TPM_HT),
  };
  /** The constants table a selector's values come from, by the selector's type name; and its hex width. */
  const selectorTable = (selectorCodec) => {
    const t = selectorCodec.typeName.replace(/\+$/, "");
    if (t.startsWith("TPMI_ALG_") || t === "TPM_ALG_ID") return ["TPM_ALG_ID", 4];
    if (t.startsWith("TPMI_ST_") || t === "TPM_ST") return ["TPM_ST", 4];
    if (t === "TPM_CAP") return ["TPM_CAP", 8];
    if (t === "TPM_HT") return ["TPM_HT", 2];
    throw new Error(`named types: no constants table for selector type ${t}`);
  };

  const referenced = new Set();
  const ref = (name) => {
    referenced.add(name);
    return name;
  };

  /** The TypeScript type of a field codec. */
  function typeOf(codec) {
    const named = codecName.get(codec);
    if (named !== undefined) return ref(named);
    switch (codec.kind) {
      case "primitive":
      case "interface":
      case "attributes": {
        const t = typeof sample(codec);
        return t === "bigint" ? "bigint" : t === "boolean" ? "boolean" : "number";
      }
      case "tpm2b":
      case "array":
        return "Uint8Array";
      case "tpml":
        return `${typeOf(codec.element)}[]`;
      case "tpm2bStruct": {
        // An unnamed TPM2B form (TPM2B_ECC_POINT.optional): the named type, its field optional.
        const base = [...codecName.entries()].find(([c]) => c.kind === "tpm2bStruct" && c.typeName === codec.typeName);
        const opt = acceptsEmpty(codec);
        if (base && opt) return `Partial<${ref(base[1])}>`;
        if (base) return ref(base[1]);
        return `{ ${codec.field}${opt ? "?" : ""}: ${typeOf(codec.inner)} }`;
      }
      case "struct": {
        // An unexported form of a named structure (a narrower TPMS_NV_PUBLIC): the named type,
        // when the field names agree.
        const base = codec.typeName.replace(/\+$/, "");
        const same = structs.find(([n]) => n === base);
        const keys = (c) => Object.keys(c.fields).join(",");
        if (same && same[1].kind === "struct" && keys(same[1]) === keys(codec)) return ref(base);
        return `{ ${Object.entries(codec.fields)
          .map(([f, c]) => `${f}: ${typeOf(c)}`)
          .join("; ")} }`;
      }
      default:
        throw new Error(`named types: no TypeScript type for ${codec.typeName} (${codec.kind})`);
    }
  }

  const EMPTY_MEMBER = "{ [member: string]: never }";
  const memberType = (member) => (member === null ? EMPTY_MEMBER : `{ ${member.name}: ${typeOf(member.codec)} }`);

  const docs = new Map();
  for (const file of TYPE_MODULE_FILES) for (const [k, v] of docComments(sources[file] ?? "")) docs.set(k, v);
  const doc = (name) => {
    const text = docs.get(name) ?? `${name}: the value of the codec of the same name.`;
    return `/** ${text.replace(/\*\//g, "* /")} */`;
  };

  const blocks = new Map(TYPE_MODULE_FILES.map((f) => [f, []]));
  const registry = [];

  for (const [name, codec, file] of structs) {
    const out = blocks.get(file);
    if (codec.kind === "tpml") {
      out.push(`${doc(name)}\ntype ${name} = ${typeOf(codec.element)}[];`);
    } else if (codec.kind === "tpm2bStruct") {
      const opt = acceptsEmpty(codec) ? "?" : "";
      out.push(`${doc(name)}\ninterface ${name} {\n${codec.field}${opt}: ${typeOf(codec.inner)};\n}`);
    } else {
      out.push(`${doc(name)}\n${renderStruct(name, isCodec(codec.plus) ? codec.plus : codec)}`);
    }
    registry.push(name);
  }
  for (const [name, target, file] of aliases) {
    blocks.get(file).push(`${doc(name)}\ntype ${name} = ${ref(target)};`);
  }
  for (const [name, def, file] of unions) {
    const members = Object.values(def.members);
    const variants = [...new Set(members.map(memberType))];
    const body = variants.length === 0 ? "never" : variants.map((v) => `| ${v}`).join("\n");
    blocks.get(file).push(`${doc(name)}\ntype ${name} =\n${body};`);
    registry.push(name);
  }

  function renderStruct(name, codec) {
    const entries = Object.entries(codec.fields);
    const unionFields = entries.filter(([, c]) => c.kind === "union");
    if (entries.length === 0) return `type ${name} = ${EMPTY_MEMBER};`;
    if (unionFields.length === 0) {
      return `interface ${name} {\n${entries.map(([f, c]) => `${f}: ${typeOf(c)};`).join("\n")}\n}`;
    }
    const selectors = new Set(unionFields.map(([, c]) => c.selectorField));
    if (selectors.size !== 1) throw new Error(`named types: ${name} has unions with different selectors`);
    const [selector] = selectors;
    const selectorCodec = codec.fields[selector];
    const defs = unionFields.map(([f, c]) => {
      const def = unionDefs.get(c.typeName);
      if (!def) throw new Error(`named types: union ${c.typeName} of ${name} is not exported`);
      return [f, def];
    });
    // Selector values every union of the structure has a member (or an empty member) for.
    const values = Object.keys(defs[0][1].members)
      .map(Number)
      .filter((v) => defs.every(([, d]) => Object.hasOwn(d.members, v)))
      .filter((v) => typeof selectorCodec.allows !== "function" || selectorCodec.allows(v))
      .sort((a, b) => a - b);
    if (values.length === 0) {
      // No selector value has a member (TPMU_SET_CAPABILITIES in 1.83): no value exists.
      return `interface ${name} {\n${entries
        .map(([f, c]) => `${f}: ${c.kind === "union" ? ref(c.typeName) : typeOf(c)};`)
        .join("\n")}\n}`;
    }
    const [table, width] = selectorTable(selectorCodec);
    const variants = values.map((v) => {
      const label = tables[table].get(v);
      const literal = `0x${v.toString(16).padStart(width, "0")}`;
      const lines = entries.map(([f, c]) => {
        if (f === selector) return `${label ? `/** ${table}.${label} */\n` : ""}${f}: ${literal};`;
        if (c.kind === "union") {
          const def = defs.find(([uf]) => uf === f)[1];
          return `${f}: ${memberType(def.members[v])};`;
        }
        return `${f}: ${typeOf(c)};`;
      });
      return `| {\n${lines.join("\n")}\n}`;
    });
    return `type ${name} =\n${variants.join("\n")};`;
  }

  // ---- assemble ----
  const declaredIn = (n) => moduleOf.get(n);
  const imports = new Map();
  for (const n of [...referenced, ...registry]) {
    const file = declaredIn(n);
    if (file === undefined) throw new Error(`named types: ${n} is referenced but not exported by a types module`);
    if (!imports.has(file)) imports.set(file, new Set());
    imports.get(file).add(n);
  }
  const js = (file) => `./${file.replace(/\.ts$/, ".js")}`;
  const lines = [
    "/**",
    " * Named value types of the Part 2 structures: generated by",
    " * scripts/generate-named-types.mjs from the codecs; do not edit (test/named-types.test.ts",
    " * checks that this file is current). Each type is declared into the module that",
    " * exports the codec of the same name, so `TPMT_PUBLIC` names both the codec and",
    " * the value it marshals.",
    " */",
  ];
  for (const file of TYPE_MODULE_FILES) {
    const names = imports.get(file);
    if (names) lines.push(`import type { ${[...names].sort().join(", ")} } from "${js(file)}";`);
  }
  lines.push("");
  for (const file of TYPE_MODULE_FILES) {
    const decls = blocks.get(file);
    if (decls.length === 0) continue;
    lines.push(`declare module "${js(file)}" {`, decls.join("\n\n"), "}", "");
  }
  lines.push(
    "/**",
    " * Every named structure type by its specification name. The codec builders",
    " * (`struct`, `tpm2bStruct`, `tpml`, `union`) look their value type up here by the",
    ' * type name they are given, so `struct("TPMT_PUBLIC", ...)` is a `Codec<TPMT_PUBLIC>`.',
    " */",
    "export interface NamedTypes {",
    ...registry.sort().map((n) => `${n}: ${n};`),
    "}",
    "",
  );
  return lines.join("\n");
}
