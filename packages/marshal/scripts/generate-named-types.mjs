#!/usr/bin/env node
// Writes src/types/named-types.ts from the codecs (see named-types-render.mjs):
// bundles the sources with esbuild into a temporary module, renders, then formats
// the file with biome (format and import order). Run after changing a structure codec:
//   node packages/marshal/scripts/generate-named-types.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { renderNamedTypes, TYPE_MODULE_FILES } from "./named-types-render.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typesDir = join(root, "src", "types");
const entry = [
  ...TYPE_MODULE_FILES.map((f, i) => `export * as m${i} from ${JSON.stringify(join(typesDir, f))};`),
  `export { TPM_ALG_ID } from ${JSON.stringify(join(root, "src", "constants", "tpm-alg-id.ts"))};`,
  `export { TPM_ST } from ${JSON.stringify(join(root, "src", "constants", "tpm-st.ts"))};`,
  `export { TPM_CAP } from ${JSON.stringify(join(root, "src", "constants", "tpm-cap.ts"))};`,
  `export { TPM_HT } from ${JSON.stringify(join(root, "src", "constants", "tpm-ht.ts"))};`,
  `export { SampleRng } from ${JSON.stringify(join(root, "src", "codec", "rng.ts"))};`,
  `export { unmarshal } from ${JSON.stringify(join(root, "src", "codec", "marshal-value.ts"))};`,
].join("\n");
const tmp = mkdtempSync(join(tmpdir(), "named-types-"));
try {
  const out = join(tmp, "types.mjs");
  await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: out,
    logLevel: "warning",
  });
  const m = await import(pathToFileURL(out).href);
  const modules = Object.fromEntries(TYPE_MODULE_FILES.map((f, i) => [f, m[`m${i}`]]));
  const sources = Object.fromEntries(TYPE_MODULE_FILES.map((f) => [f, readFileSync(join(typesDir, f), "utf8")]));
  const rng = new m.SampleRng(1);
  const text = renderNamedTypes({
    modules,
    sources,
    constants: { TPM_ALG_ID: m.TPM_ALG_ID, TPM_ST: m.TPM_ST, TPM_CAP: m.TPM_CAP, TPM_HT: m.TPM_HT },
    sample: (codec) => codec.sample(rng),
    acceptsEmpty: (codec) => {
      try {
        m.unmarshal(codec, new Uint8Array([0, 0]));
        return true;
      } catch {
        return false;
      }
    },
  });
  const target = join(typesDir, "named-types.ts");
  writeFileSync(target, text);
  const biome = spawnSync("pnpm", ["exec", "biome", "check", "--write", target], { cwd: root, stdio: "inherit" });
  if (biome.status !== 0) process.exit(biome.status ?? 1);
  console.log(`wrote ${target}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
