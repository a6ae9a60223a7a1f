#!/usr/bin/env node
// Bundles the package's entry points for Node (run by the build, after tsc), the
// "node" export condition: dist/node/index.js is one self-contained file (importing
// @tss/marshal under Node reads and compiles one file instead of resolving about a
// hundred modules), and dist/node/plugin-support/index.js takes what it shares with
// the main entry (TssError, TPM_ECC_CURVE) from "../index.js", so that classes stay
// one class. Bundlers for the browser take "default", tsc's one file per module,
// which they tree-shake module by module.
//
// What the import costs, measured with tools/bench/marshal-import.mjs (Node 20):
// - no shared chunk: a second module file costs the main entry ~1.2 ms to resolve,
//   read and link, more than the chunk's few lines; its users import the main
//   entry anyway (the crypto plugins do).
// - arrow functions as function expressions (`supported: { arrow: false }`): V8
//   compiles the several hundred `lazy(() => ...)` of the top level ~0.5 ms faster
//   (no `this` or `arguments` to rewrite in this code; the same speed when run).
// - not minified: the stack traces keep their names and lines; minifying saved ~0.3 ms.
//   Whitespace alone (esbuild minifyWhitespace, names kept; 214 -> 148 KB) also saves only
//   ~0.3 ms in process (-0.5 ms import + first use), and puts the bundle on one line, which
//   Node prints whole (148 KB) above an uncaught error's stack; lineLimit: 120 saves ~0.2 ms.
// Also measured and not taken (in-process import, pair by pair, 2 runs of 30, Node 20):
// - the 37 constant objects (TPM_CC, TPM_RC_TEXT, ...) as JSON.parse("...") of a string
//   literal: ~0.1 ms (the parse moves from compile to evaluation).
// - what the bundle costs: read ~0.5 ms, compile ~4.1-4.5 ms, evaluate ~1.4 ms (of which
//   ~0.4 ms the 385 lazy() placeholders). Emptying all 385 lazy() bodies (95 KB, measurement
//   only) cut compile by just ~0.55 ms: the schema bodies are not where the compile goes.
//   Exporting only 2 of the 561 names (measurement only) saved ~1.0 ms on a loaded machine:
//   the export list (module bindings, namespace object) is the public API's own cost.
// TSS_MARSHAL_BUNDLE_OUT=dir writes the bundle elsewhere (to measure it).
import { rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = process.env.TSS_MARSHAL_BUNDLE_OUT ?? join(root, "dist", "node");
const pluginSupport = join(root, "src", "plugin-support");

/** Imports of plugin-support's modules from outside plugin-support become imports of the main entry's bundle. */
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

// What an earlier build left (another layout's files) goes first: dist/node is this script's alone.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [
    { in: join(root, "src", "index.ts"), out: "index" },
    { in: join(pluginSupport, "index.ts"), out: "plugin-support/index" },
  ],
  outdir,
  bundle: true,
  format: "esm",
  // The same code as the browser's: no Node built-ins.
  platform: "neutral",
  target: "es2022",
  supported: { arrow: false },
  plugins: [shareMainEntry],
  logLevel: "warning",
});
// Every name plugin-support takes from the main entry is one it exports (else this import fails).
await import(pathToFileURL(join(outdir, "plugin-support", "index.js")).href);
