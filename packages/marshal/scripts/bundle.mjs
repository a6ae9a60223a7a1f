#!/usr/bin/env node
// Bundles the package's entry points for Node (run by the build, after tsc), the
// "node" export condition. Bundlers for the browser take "default", tsc's one file
// per module, which they tree-shake module by module.
//
// dist/node/index.js is a small ESM facade and dist/node/body.cjs the rest (issue 13:
// the command table and the type codecs are built on first use, not at import).
// Importing a module makes V8 compile all of its source (it pre-parses every
// function); a CommonJS file is compiled only when it is required. So:
// - the facade holds the modules that are cheap or must exist at import (FACADE_SEEDS
//   and what they import: the constants, the error classes, ByteReader/ByteWriter,
//   SampleRng, the byte helpers and the lazy-value machinery), and declares every other
//   export of the package:
//   - a codec or command schema (a `lazy` placeholder in the source) as a placeholder of
//     its own, whose builder loads the body and runs the body's builder of that value;
//   - a table built on first use (`lazyTable`: COMMANDS, ALL_TYPES ...) the same way;
//   - a function as `export let f = function () {...}` that loads the body, after which
//     the binding is the body's function itself (ESM bindings are live);
//   - a number or bigint as its value.
// - body.cjs is `module.exports = function build(facade) {...}`: every other module,
//   built by esbuild as ESM with the facade's modules external, then its imports of
//   them turned into reads of `facade` and its exports into the returned object. While
//   the factory runs, `lazy` and `lazyTable` hand back the facade's placeholders (by
//   the order of the calls, recorded here at build time and checked at load), so every
//   codec exists once: the body's schemas refer to the very objects the facade exports.
// The body is loaded with `require` when the facade is bundled for Node by a bundler
// that follows it, else with createRequire (process.getBuiltinModule, Node >= 20.16).
// dist/node/plugin-support/index.js takes what it shares with the main entry (TssError,
// TPM_ECC_CURVE ...) from "../index.js", so that classes stay one class.
//
// What the import costs, measured with tools/bench/marshal-import.mjs (Node 20):
// - one-file bundle (before the facade): 6.9 ms in process; the facade: see the
//   changeset of this change and the bench. What remains is mostly the ~560 export
//   bindings themselves and the constants' ~700 properties.
// - arrow functions as function expressions (`supported: { arrow: false }`): V8
//   compiles the several hundred `lazy(() => ...)` of the top level ~0.5 ms faster.
// - not minified: the stack traces keep their names and lines; minifying saved nothing.
// TSS_MARSHAL_BUNDLE_OUT=dir writes the bundle elsewhere (to measure it).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const outdir = process.env.TSS_MARSHAL_BUNDLE_OUT ?? join(root, "dist", "node");
const pluginSupport = join(src, "plugin-support");
const BODY_FILE = "body.cjs";
/** The modules (under src, with what they import) that the facade evaluates at import. */
const FACADE_SEEDS = [
  "constants/index.ts",
  "tss-error.ts",
  "errors.ts",
  "codec/lazy.ts",
  "codec/byte-reader.ts",
  "codec/byte-writer.ts",
  "codec/rng.ts",
  "codec/bytes.ts",
  "codec/primitives.ts",
  "response-code/rc-text.ts",
  "types/handle-ranges.ts",
  "types/hash-algorithms.ts",
  "commands/command-aliases.ts",
];
const LAZY_MODULE = "codec/lazy.ts";
const common = {
  bundle: true,
  format: "esm",
  // The same code as the browser's: no Node built-ins.
  platform: "neutral",
  target: "es2022",
  supported: { arrow: false },
  logLevel: "warning",
};
const tmp = mkdtempSync(join(tmpdir(), "tss-marshal-bundle-"));
const relSrc = (p) => relative(src, p).split("\\").join("/");

try {
  // 1. The facade's modules: the seeds and everything they import.
  const graph = await build({
    ...common,
    entryPoints: [join(src, "index.ts")],
    write: false,
    metafile: true,
    outdir: tmp,
  });
  const inputs = graph.metafile.inputs;
  const facadeModules = new Set();
  const visit = (f) => {
    if (facadeModules.has(f)) return;
    facadeModules.add(f);
    for (const i of inputs[f].imports) if (!i.external) visit(i.path);
  };
  for (const s of FACADE_SEEDS) {
    const key = relative(root, join(src, s)).split("\\").join("/");
    if (!inputs[key]) throw new Error(`FACADE_SEEDS: ${s} is not part of the package`);
    visit(key);
  }
  const facadeRel = new Set([...facadeModules].map((f) => relSrc(join(root, f))));

  // 2. The body: the package with the facade's modules external ("facade:<module>").
  const externalFacade = {
    name: "external-facade",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (a) => {
        const rel = relSrc(resolve(dirname(a.importer), a.path.replace(/\.js$/, ".ts")));
        return facadeRel.has(rel) ? { path: `facade:${rel}`, external: true } : undefined;
      });
    },
  };
  const bodyOut = await build({
    ...common,
    entryPoints: [join(src, "index.ts")],
    write: false,
    outdir: tmp,
    plugins: [externalFacade],
  });
  if (process.env.TSS_MARSHAL_BODY_DEBUG)
    writeFileSync(process.env.TSS_MARSHAL_BODY_DEBUG, bodyOut.outputFiles[0].text);
  /** What the body reads from each facade module: module -> names ("*": all). */
  const needs = new Map();
  const bodyBuild = bodyFactory(bodyOut.outputFiles[0].text, needs);
  writeFileSync(join(tmp, BODY_FILE), bodyBuild);

  // 3. What the body exports: run it over the facade's modules, recording the order of
  //    its lazy/lazyTable calls.
  const nsEntry = [...facadeRel].map((r, i) => `export * as m${i} from ${JSON.stringify(join(src, r))};`).join("\n");
  await build({ ...common, stdin: { contents: nsEntry, resolveDir: src, loader: "ts" }, outfile: join(tmp, "ns.js") });
  const nsMod = await import(pathToFileURL(join(tmp, "ns.js")).href);
  const namespaces = Object.fromEntries([...facadeRel].map((r, i) => [r, nsMod[`m${i}`]]));
  const realLazy = namespaces[LAZY_MODULE];
  const lazyCalls = [];
  const tableCalls = [];
  const recorded = {
    ...namespaces,
    [LAZY_MODULE]: {
      ...realLazy,
      lazy: (b) => {
        const p = realLazy.lazy(b);
        lazyCalls.push(p);
        return p;
      },
      lazyTable: (b, shape) => {
        const t = realLazy.lazyTable(b, shape);
        tableCalls.push({ t, shape });
        return t;
      },
    },
  };
  const body = createRequire(import.meta.url)(join(tmp, BODY_FILE))(recorded);
  const nLazy = lazyCalls.length;
  const nTables = tableCalls.length;

  // What the package exports (one bundle of it all).
  await build({ ...common, entryPoints: [join(src, "index.ts")], outfile: join(tmp, "whole.js") });
  const wholeModule = await import(pathToFileURL(join(tmp, "whole.js")).href);
  const whole = Object.keys(wholeModule).sort();

  // 4. The facade's declaration of each body export.
  const decls = [];
  const functions = [];
  const eager = [];
  const arrays = [];
  const slots = new Map(); // lazy call index -> local name
  const slotOrder = []; // the lazy call indexes with a placeholder in the facade
  const tables = new Map();
  const local = (name) => `__${name}`;
  for (const [name, value] of Object.entries(body)) {
    // Re-exported (by name) from a facade module: the facade re-exports it too.
    const home = [...facadeRel].find((r) => Object.hasOwn(namespaces[r], name) && namespaces[r][name] === value);
    if (home !== undefined) {
      decls.push(`export { ${name} } from ${JSON.stringify(join(src, home))};`);
      continue;
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`unexpected export name ${name}`);
    const i = lazyCalls.indexOf(value);
    const j = tableCalls.findIndex((c) => c.t === value);
    if (i >= 0) {
      if (!slots.has(i)) {
        slots.set(i, local(name));
        slotOrder.push(i);
        decls.push(`const ${local(name)} = __S[${slots.size - 1}];`);
      }
      decls.push(`export { ${slots.get(i)} as ${name} };`);
    } else if (j >= 0) {
      const shape = tableCalls[j].shape;
      const shapeText = Array.isArray(shape)
        ? "[]"
        : shape instanceof Map
          ? "new Map()"
          : Object.getPrototypeOf(shape) === Object.prototype
            ? "{}"
            : null;
      if (shapeText === null || Reflect.ownKeys(shape).length > (Array.isArray(shape) ? 1 : 0) || shape.size)
        throw new Error(`${name}: a lazyTable shape the facade cannot copy`);
      if (!tables.has(j)) {
        tables.set(j, local(name));
        decls.push(`const ${local(name)} = __tableSlot(${j}, ${shapeText});`);
      }
      decls.push(`export { ${tables.get(j)} as ${name} };`);
    } else if (typeof value === "function" && !/^class\b/.test(Function.prototype.toString.call(value))) {
      functions.push(name);
      decls.push(`export let ${name} = function () {\n  __load();\n  return ${name}.apply(this, arguments);\n};`);
    } else if (typeof value === "number" && Number.isFinite(value)) {
      decls.push(`export const ${name} = ${Object.is(value, -0) ? "-0" : String(value)};`);
    } else if (typeof value === "bigint") {
      decls.push(`export const ${name} = ${value}n;`);
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => lazyCalls.includes(v))) {
      // An array of codecs (TYPES_WITHOUT_VALUES): the facade's array of the same
      // placeholders (the body keeps its own for its internal use).
      arrays.push({ name, value });
    } else {
      eager.push(name);
    }
  }
  // The rest are the facade modules' own exports (the body re-exports them with `export *`).
  const fromBody = new Set(Object.keys(body));
  for (const name of whole) {
    if (fromBody.has(name)) continue;
    const homes = [...facadeRel].filter((r) => Object.hasOwn(namespaces[r], name));
    if (homes.length === 0 || homes.some((r) => namespaces[r][name] !== namespaces[homes[0]][name]))
      throw new Error(
        `${name}: exported by ${homes.length === 0 ? "none" : "different values"} of the facade's modules`,
      );
    decls.push(`export { ${name} } from ${JSON.stringify(join(src, homes[0]))};`);
  }
  for (const { name, value } of arrays) {
    const items = value.map((v) => slots.get(lazyCalls.indexOf(v)));
    if (items.includes(undefined)) eager.push(name);
    const array = `[${items.join(", ")}]`;
    decls.push(`export const ${name} = ${Object.isFrozen(value) ? `Object.freeze(${array})` : array};`);
  }
  if (eager.length > 0)
    throw new Error(
      `@tss/marshal's exports ${eager.join(", ")} are built at import outside the facade's modules: make them lazy or add their modules to FACADE_SEEDS`,
    );

  // The facade imports by name what the body reads; the body gets them at load.
  const needImports = [];
  const objectText = (r) => {
    const wanted = needs.get(r);
    const names = wanted.has("*") ? Object.keys(namespaces[r]) : [...wanted];
    if (r === LAZY_MODULE) names.splice(0, names.length, ...names.filter((n) => n !== "lazy" && n !== "lazyTable"));
    const k = needImports.length;
    needImports.push(
      `import { ${names.map((n) => `${n} as __n${k}_${n}`).join(", ")} } from ${JSON.stringify(join(src, r))};`,
    );
    return names.map((n) => `${n}: __n${k}_${n}`).join(", ");
  };
  const moduleObjects = [...needs.keys()]
    .filter((r) => r !== LAZY_MODULE)
    .map((r) => `${JSON.stringify(r)}: { ${objectText(r)} }`)
    .join(", ");
  const lazyNeeds = needs.has(LAZY_MODULE) ? `${objectText(LAZY_MODULE)},` : "";
  const facadeEntry = [
    `import { lazy as __lazy, lazyTable as __lazyTable } from ${JSON.stringify(join(src, LAZY_MODULE))};`,
    ...needImports,
    "const __lazyBuilds = [];",
    "const __tableBuilds = [];",
    "const __lazySlots = new Map();",
    "const __tableSlots = new Map();",
    "let __loaded = false;",
    "let __loading = false;",
    "/** Placeholders of the body's lazy values (by call index), each built by the body's builder. */",
    "function __lazySlots_(indexes) {",
    "  const out = [];",
    "  for (const i of indexes) {",
    "    const p = __lazy(function () {",
    "      __load();",
    "      return __lazyBuilds[i]();",
    "    });",
    "    __lazySlots.set(i, p);",
    "    out.push(p);",
    "  }",
    "  return out;",
    "}",
    "/** The body's j-th table built on first use. */",
    "function __tableSlot(j, shape) {",
    "  const t = __lazyTable(function () {",
    "    __load();",
    "    return __tableBuilds[j]();",
    "  }, shape);",
    "  __tableSlots.set(j, t);",
    "  return t;",
    "}",
    "/** Loads and runs the body once; the function exports become the body's functions. */",
    "function __load() {",
    "  if (__loaded) return;",
    '  if (__loading) throw new Error("@tss/marshal: the body refers to the facade while it loads");',
    "  __loading = true;",
    "  try {",
    "    let li = 0;",
    "    let ti = 0;",
    "    const lazyModule = {",
    `      ${lazyNeeds}`,
    "      lazy(build) {",
    "        const i = li++;",
    "        const p = __lazySlots.get(i);",
    "        if (p === undefined) return __lazy(build);",
    "        __lazyBuilds[i] = build;",
    "        return p;",
    "      },",
    "      lazyTable(build, shape) {",
    "        const j = ti++;",
    "        const t = __tableSlots.get(j);",
    "        if (t === undefined) return __lazyTable(build, shape);",
    "        __tableBuilds[j] = build;",
    "        return t;",
    "      },",
    "    };",
    `    const b = __tssBody()({ ${moduleObjects}, ${JSON.stringify(LAZY_MODULE)}: lazyModule });`,
    `    if (li !== ${nLazy} || ti !== ${nTables})`,
    `      throw new Error(\`@tss/marshal: ${BODY_FILE} does not match index.js (\${li} lazy values, \${ti} tables; built with ${nLazy}, ${nTables})\`);`,
    ...functions.map((f) => `    ${f} = b.${f};`),
    "    __loaded = true;",
    "  } finally {",
    "    __loading = false;",
    "  }",
    "}",
    `const __S = __lazySlots_([${slotOrder.join(",")}]);`,
    ...decls,
    "",
  ].join("\n");

  // 5. Write: the facade, the body, plugin-support (its imports from outside
  //    plugin-support become imports of the main entry).
  const shareMainEntry = {
    name: "share-main-entry",
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const inside = (p) => !relative(pluginSupport, p).startsWith("..");
        if (!args.importer || !inside(args.importer)) return undefined;
        if (inside(resolve(dirname(args.importer), args.path))) return undefined;
        return { path: "../index.js", external: true };
      });
    },
  };
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    stdin: { contents: facadeEntry, resolveDir: src, loader: "js", sourcefile: "node-facade.js" },
    outfile: join(outdir, "index.js"),
    banner: {
      js: [
        `// @tss/marshal for Node: the facade. The codecs, schemas and functions are in ${BODY_FILE},`,
        "// loaded on first use (packages/marshal/scripts/bundle.mjs).",
        "const __tssBody = () =>",
        `  typeof require === "function" ? require("./${BODY_FILE}") : process.getBuiltinModule("node:module").createRequire(import.meta.url)("./${BODY_FILE}");`,
      ].join("\n"),
    },
  });
  writeFileSync(join(outdir, BODY_FILE), bodyBuild);
  await build({
    ...common,
    entryPoints: [{ in: join(pluginSupport, "index.ts"), out: "plugin-support/index" }],
    outdir,
    plugins: [shareMainEntry],
  });

  // 6. Checks: the facade declares what the whole package exports; loading the body
  //    keeps one object per codec (ALL_TYPES, built by the body, holds the exported ones).
  const facade = await import(pathToFileURL(join(outdir, "index.js")).href);
  const declared = Object.keys(facade).sort();
  if (JSON.stringify(declared) !== JSON.stringify(whole))
    throw new Error(
      `the facade's exports differ from the package's: ${whole.filter((n) => !declared.includes(n))} missing, ${declared.filter((n) => !whole.includes(n))} extra`,
    );
  const exportedTypes = wholeModule.ALL_TYPES.filter((c) => wholeModule[c.typeName] === c).map((c) => c.typeName);
  if (exportedTypes.length < 100) throw new Error("ALL_TYPES: fewer exported codecs than expected");
  const inFacade = new Set(facade.ALL_TYPES);
  for (const name of exportedTypes)
    if (!inFacade.has(facade[name])) throw new Error(`${name}: the body's codec is not the facade's`);
  for (const f of functions)
    if (facade[f] !== body[f] && facade[f].toString() !== body[f].toString())
      throw new Error(`${f}: still the facade's stub after loading`);
  // Every name plugin-support takes from the main entry is one it exports (else this import fails).
  await import(pathToFileURL(join(outdir, "plugin-support", "index.js")).href);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * The body's ESM (imports of "facade:<module>", an export list at the end) as a
 * CommonJS factory: `module.exports = function build(facade) { ...; return {...}; }`.
 */
function bodyFactory(text, needs) {
  // ESM imports are hoisted: their reads of the facade go first.
  const reads = [];
  let out = text.replace(
    /^import\s+(?:\{([^}]*)\}|\*\s+as\s+([\w$]+))\s+from\s+"facade:([^"]+)";\n/gm,
    (_, list, star, mod) => {
      const from = `__tssFacade[${JSON.stringify(mod)}]`;
      if (!needs.has(mod)) needs.set(mod, new Set());
      if (list === undefined) needs.get(mod).add("*");
      else for (const item of list.split(",")) if (item.trim()) needs.get(mod).add(item.trim().split(/\s+as\s+/)[0]);
      reads.push(
        list !== undefined ? `const {${list.replace(/\s+as\s+/g, ": ")}} = ${from};` : `const ${star} = ${from};`,
      );
      return "";
    },
  );
  // The facade's modules' own exports are the facade's.
  out = out.replace(/^export\s+\*\s+from\s+"facade:[^"]+";\n/gm, "");
  const exportList = /^export\s+\{([^}]*)\};\n?$/m;
  const m = out.match(exportList);
  if (!m) throw new Error("the body bundle has no export list");
  const entries = m[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [localName, exported = localName] = s.split(/\s+as\s+/);
      return exported === localName ? localName : `${exported}: ${localName}`;
    });
  out = out.replace(exportList, `return {\n  ${entries.join(",\n  ")}\n};\n`);
  if (/^\s*(import|export)\b/m.test(out)) throw new Error("the body bundle has an import or export left");
  if (/\bimport\.meta\b|\bimport\s*\(/.test(out)) throw new Error("the body bundle uses import.meta or import()");
  return [
    '"use strict";',
    "// @tss/marshal for Node: the body, loaded by index.js on first use (packages/marshal/scripts/bundle.mjs).",
    "module.exports = function build(__tssFacade) {",
    ...reads,
    out,
    "};",
    "",
  ].join("\n");
}
