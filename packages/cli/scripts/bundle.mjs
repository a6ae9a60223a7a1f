#!/usr/bin/env node
// Bundles the CLI's commands (run by the build, after tsc and generate.mjs --bins):
// dist/bin/tss.js and every dist/bin/tss<utility>.js become esbuild entry points
// over dist/main.js, with code splitting: what every call needs (the dispatcher,
// flag parsing, the manifest) is one small chunk, and each utility, loaded on
// demand through src/utilities/loaders.ts, is its own chunk with what it shares
// with others in shared chunks (dist/bin/chunks/). A call then reads a few files
// instead of resolving hundreds of modules across the workspace packages.
import { chmodSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const bin = join(dist, "bin");
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

const entries = { tss: undefined };
for (const name of UTILITY_SUMMARIES.keys()) entries[`tss${name}`] = name;

const result = await build({
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
  // Chunks use `require` only through node: modules that esbuild may emit as require calls.
  banner: {
    js: 'import { createRequire as __tssCreateRequire } from "node:module"; const require = __tssCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
  metafile: true,
  plugins: [
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
});
for (const f of readdirSync(bin)) if (f.endsWith(".js")) chmodSync(join(bin, f), 0o755);

if (process.env.TSS_BUNDLE_META) writeFileSync(process.env.TSS_BUNDLE_META, JSON.stringify(result.metafile));
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"));
// Chunks of earlier builds go after the new ones are written (a call running meanwhile keeps its files).
const current = new Set(outputs.map((f) => f.split("/").pop()));
for (const f of readdirSync(join(bin, "chunks"))) if (!current.has(f)) rmSync(join(bin, "chunks", f));
console.log(`bundled ${Object.keys(entries).length} commands into ${outputs.length} files`);
