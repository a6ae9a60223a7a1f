#!/usr/bin/env node
// Bundles the package's entry points for Node (run by the build, after tsc):
// dist/node/index.js and dist/node/plugin-support/index.js are esbuild bundles of
// src with code splitting (what both use, TssError among them, is one shared
// chunk in dist/node/chunks, so that classes stay one class), the "node" export
// condition. Importing @tss/marshal under Node then reads three files instead of
// resolving about a hundred modules. Bundlers for the browser take "default",
// tsc's one file per module, which they tree-shake module by module.
// TSS_MARSHAL_BUNDLE_OUT=dir writes the bundle elsewhere (to measure it).
import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = process.env.TSS_MARSHAL_BUNDLE_OUT ?? join(root, "dist", "node");
const result = await build({
  entryPoints: [
    { in: join(root, "src", "index.ts"), out: "index" },
    { in: join(root, "src", "plugin-support", "index.ts"), out: "plugin-support/index" },
  ],
  outdir,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  // The same code as the browser's: no Node built-ins.
  platform: "neutral",
  target: "es2022",
  logLevel: "warning",
  metafile: true,
});
// Chunks of earlier builds go after the new ones are written.
const current = new Set(Object.keys(result.metafile.outputs).map((f) => f.split("/").pop()));
const chunks = join(outdir, "chunks");
for (const f of existsSync(chunks) ? readdirSync(chunks) : []) if (!current.has(f)) rmSync(join(chunks, f));
