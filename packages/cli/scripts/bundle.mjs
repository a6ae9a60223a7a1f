#!/usr/bin/env node
// Bundles the CLI's commands (run by the build, after tsc and generate.mjs --bins):
// dist/bin/tss.js and every dist/bin/tss<utility>.js become esbuild entry points
// over dist/main.js, with code splitting: what every call needs (the dispatcher,
// flag parsing, the manifest) is one small chunk, and each utility, loaded on
// demand through src/utilities/loaders.ts, is its own chunk with what it shares
// with others in shared chunks (dist/bin/chunks/). A call then reads a few files
// instead of resolving hundreds of modules across the workspace packages.
// esbuild puts modules reached by the same set of entry points (the commands and
// every dynamic import) into one chunk; main's own imports were reached by different
// sets (each utility imports some of them), which made 9 chunks on every call's path.
// The "one-core-chunk" plugin has every dynamic import's module also reach main, so
// all of main's static closure is one chunk: an entry loads 2 files (itself and that
// chunk; test/start-bundle.test.ts checks), `tss returncode -rc 0` 6 instead of 13.
// The wrapper of a utility that opens the TPM (its module calls ctx.tss()) also imports
// @tss/tss's Node entry, which such a call loads anyway: the TSS and the marshal codecs
// and constants those utilities share are then reached by one set and make a few large
// chunks, not ~20 of 200-4000 bytes (`getrandom -by 8` 15 files instead of 25). The
// cost: such a utility's -h now loads the TSS too.
// Measured (paired whole-process runs, wall medians): returncode -rc 0 0.91 of before
// (40 pairs); getrandom -by 8 on swtpm: one core chunk 0.98 of before, TSS import on
// top 0.97 of that (60 pairs, twice), pcrread -ha 16 0.95; getrandom -h 1.28.
// main imports failure-text statically (src/main.ts), so the response-code text a
// TPM utility loads anyway, and `tss returncode` needs, is in the core chunk too:
// returncode 3 files instead of 6, 0.98 of before (60, 80, 100 pairs); getrandom 1.00;
// `tss --help` 1.02 (it parses ~24 KB more). `tss returncode -rc 0` / `node -e 0`:
// 1.28 before all of this, 1.20 after.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const bin = join(dist, "bin");
// @tss/tss's Node entry, which a utility that opens the TPM loads (see one-core-chunk).
const tssNode = join(root, "..", "tss", "dist", "node.js");
const { UTILITY_SUMMARIES } = await import("../dist/utilities/manifest.js");

/** The source of one command's entry: `tss` itself, or `tss<utility>` as `tss <utility>`. */
function entrySource(utility) {
  const args =
    utility === undefined ? "process.argv.slice(2)" : `[${JSON.stringify(utility)}, ...process.argv.slice(2)]`;
  return [
    "#!/usr/bin/env node",
    `import { main } from ${JSON.stringify(join(dist, "main.js"))};`,
    `process.exitCode = await main(${args});`,
    "",
  ].join("\n");
}

/**
 * Where each name of @tss/marshal's main entry is defined in its per-module dist:
 * name -> absolute file, from the `export const|function|class` lines tsc writes and
 * the `export * from` lines of the index modules.
 */
function marshalDefinitions(dist) {
  const out = new Map();
  const visit = (file) => {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^export (?:async )?(?:const|let|var|function\*?|class) ([A-Za-z0-9_$]+)/gm))
      if (!out.has(m[1])) out.set(m[1], file);
    for (const m of text.matchAll(/^export \* from "(\.[^"]+)";$/gm)) visit(join(dirname(file), m[1]));
  };
  visit(join(dist, "index.js"));
  return out;
}

/** A module's `import { a, b as c } from "@tss/marshal"` (and `export { ... } from`) as imports from the defining files. */
function deepMarshalImports(text, definedIn) {
  return text.replace(/^(import|export) \{([^}]*)\} from "@tss\/marshal";?$/gm, (whole, verb, list) => {
    const byFile = new Map();
    for (const spec of list
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)) {
      const name = spec.split(/\s+as\s+/)[0];
      const file = definedIn.get(name);
      if (!file) return whole;
      if (!byFile.has(file)) byFile.set(file, []);
      byFile.get(file).push(spec);
    }
    return [...byFile]
      .map(([file, specs]) => `${verb} { ${specs.join(", ")} } from ${JSON.stringify(file)};`)
      .join("\n");
  });
}

const entries = { tss: undefined };
for (const name of UTILITY_SUMMARIES.keys()) entries[`tss${name}`] = name;

const options = {
  entryPoints: Object.keys(entries).map((out) => ({ in: `entry:${out}`, out })),
  outdir: bin,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  // A native module, loaded only for the Windows TBS transport.
  external: ["koffi"],
  // Chunks use `require` only through node: modules that esbuild may emit as require calls;
  // it is made on a chunk's first require call, not when each of a call's chunks loads.
  banner: {
    js: 'import { createRequire as __tssCreateRequire } from "node:module"; let __tssRequire; const require = (id) => (__tssRequire ??= __tssCreateRequire(import.meta.url))(id);',
  },
  logLevel: "warning",
  metafile: true,
  plugins: [
    {
      // @tss/marshal from its per-module dist (the browser entry), not its one-file Node
      // bundle, and each `import { x } from "@tss/marshal"` of the workspace's dist read
      // as an import from the module that defines x: esbuild puts every file reachable
      // from an entry into that entry's chunks, and the package's index re-exports all,
      // so without this every call would load every codec and schema. With it, a call
      // loads only the marshal modules its utility uses (`tss returncode` no schema).
      name: "marshal-per-module",
      setup(b) {
        const marshalDist = join(root, "..", "marshal", "dist");
        const definedIn = marshalDefinitions(marshalDist);
        b.onResolve({ filter: /^@tss\/marshal(\/plugin-support)?$/ }, (a) => ({
          path: join(marshalDist, a.path === "@tss/marshal" ? "index.js" : "plugin-support/index.js"),
        }));
        b.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/, namespace: "file" }, (a) => {
          if (a.path.startsWith(marshalDist)) return undefined;
          const text = readFileSync(a.path, "utf8");
          if (!text.includes('"@tss/marshal"')) return undefined;
          return { contents: deepMarshalImports(text, definedIn), loader: "js", resolveDir: dirname(a.path) };
        });
      },
    },
    {
      // Every module loaded by a dynamic import (each utility, batch, a transport) is
      // read through a wrapper that also re-exports main: then every entry point, static
      // or dynamic, reaches main and all it statically imports, and esbuild, which groups
      // modules by the set of entry points reaching them, puts that whole set into ONE
      // chunk instead of one chunk per such set (9 files on every call's path before).
      name: "one-core-chunk",
      setup(b) {
        b.onResolve({ filter: /.*/ }, async (a) => {
          if (a.kind !== "dynamic-import" || a.pluginData === "core-wrap") return undefined;
          const real = await b.resolve(a.path, {
            kind: a.kind,
            resolveDir: a.resolveDir,
            importer: a.importer,
            pluginData: "core-wrap",
          });
          if (real.errors.length > 0 || real.external || !real.path.endsWith(".js")) return undefined;
          return { path: real.path, namespace: "core-wrap" };
        });
        b.onLoad({ filter: /.*/, namespace: "core-wrap" }, (a) => ({
          contents: [
            `export * from ${JSON.stringify(a.path)};`,
            `import { main } from ${JSON.stringify(join(dist, "main.js"))};`,
            "export const __tssMain = main;",
            ...(/\bctx\.tss\(/.test(readFileSync(a.path, "utf8"))
              ? [`import * as tss from ${JSON.stringify(tssNode)};`, "export const __tssNode = tss;"]
              : []),
            "",
          ].join("\n"),
          resolveDir: dirname(a.path),
          loader: "js",
        }));
      },
    },
    {
      name: "command-entries",
      setup(b) {
        b.onResolve({ filter: /^entry:/ }, (a) => ({ path: a.path.slice("entry:".length), namespace: "entry" }));
        b.onLoad({ filter: /.*/, namespace: "entry" }, (a) => ({
          contents: entrySource(entries[a.path]),
          resolveDir: bin,
          loader: "js",
        }));
      },
    },
  ],
};
const result = await build(options);
for (const f of readdirSync(bin)) if (f.endsWith(".js")) chmodSync(join(bin, f), 0o755);

if (process.env.TSS_BUNDLE_META) writeFileSync(process.env.TSS_BUNDLE_META, JSON.stringify(result.metafile));
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"));
// Chunks of earlier builds go after the new ones are written (a call running meanwhile keeps its files).
const current = new Set(outputs.map((f) => f.split("/").pop()));
for (const f of readdirSync(join(bin, "chunks"))) if (!current.has(f)) rmSync(join(bin, "chunks", f));
console.log(`bundled ${Object.keys(entries).length} commands into ${outputs.length} files`);
