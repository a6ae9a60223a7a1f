// Builds the page into dist/: app.js (esbuild: platform browser, a minified
// ESM bundle of the page and the packages' browser builds; the EK vendor roots
// in a chunk loaded on demand), index.html, style.css, and meta.json (esbuild's
// metafile: what went into the bundle).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: { app: join(here, "src", "main.ts") },
  outdir: out,
  // The vendor roots (@tss/ekcert-roots, large) are a chunk of their own, loaded when the EK panel is used.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "es2022",
  minify: true,
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(here, "src", f), join(out, f));
writeFileSync(join(out, "meta.json"), JSON.stringify(result.metafile));
