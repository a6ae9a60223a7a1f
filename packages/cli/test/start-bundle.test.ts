// The CLI's start (issue 13): `tss returncode` loads the dispatcher and the marshal
// modules it uses, not every command schema and codec. scripts/bundle.mjs reads each
// `import { x } from "@tss/marshal"` as an import from the module that defines x; without
// that, esbuild would put all of marshal (the package index re-exports everything) into
// a chunk every call loads. Checked on the built dist/bin: the files `tss returncode`
// loads (tss.js's static imports and the returncode chunk's), their size, and that no
// command schema or structure codec is among them.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const binDir = join(root, "dist", "bin");

beforeAll(async () => {
  // `npm test` builds first; a bare vitest run builds the package (and what it needs) here.
  if (!existsSync(join(binDir, "tss.js"))) {
    await run("pnpm", ["exec", "turbo", "run", "build", "--filter", "@tss/cli...", "--output-logs=errors-only"], {
      cwd: join(root, "..", ".."),
    });
  }
}, 600_000);

/** The files a module loads statically, itself included, by absolute path. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/(?:import|from)\s*"(\.\.?\/[^"]+\.js)"/g)) {
    staticClosure(join(dirname(file), m[1]!), seen);
  }
  return seen;
}

// Text only a command schema (defineCommand's struct names), GetRandom's schema, or a
// structure codec carries.
const MARKERS = ["_RESPONSE`", "{bytesRequested:", '"TPMT_PUBLIC"'];

it("tss returncode loads no command schema and no structure codec, and little else", () => {
  const start = staticClosure(join(binDir, "tss.js"));
  const dispatcher = [...start].map((f) => readFileSync(f, "utf8")).join("\n");
  const lazy = /import\("\.\/(returncode-[A-Z0-9]+\.js)"\)/.exec(dispatcher);
  expect(lazy, "the dispatcher loads returncode on demand").not.toBeNull();
  const files = staticClosure(join(binDir, "chunks", lazy![1]!), start);
  const texts = [...files].map((f) => readFileSync(f, "utf8"));
  for (const marker of MARKERS) {
    expect(
      [...files].filter((_, i) => texts[i]!.includes(marker)),
      marker,
    ).toEqual([]);
  }
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  console.log(`tss returncode loads ${files.size} files, ${bytes} bytes`);
  expect(bytes).toBeLessThan(100_000);
  // tss.js, the one chunk main's static imports make (failure-text and the response-code
  // text included, see src/main.ts) and returncode's own chunk.
  expect(files.size).toBeLessThanOrEqual(3);

  // The markers are real: the bundle does carry them, in chunks other calls load.
  const all = readdirSync(join(binDir, "chunks")).map((f) => readFileSync(join(binDir, "chunks", f), "utf8"));
  for (const marker of MARKERS)
    expect(
      all.some((t) => t.includes(marker)),
      marker,
    ).toBe(true);
});

it("every command's entry loads one chunk: main and all it imports statically", () => {
  // scripts/bundle.mjs (one-core-chunk): each module loaded by a dynamic import also
  // reaches main, so esbuild does not split main's imports into several small chunks.
  for (const entry of ["tss.js", "tssreturncode.js", "tssgetrandom.js"]) {
    const files = staticClosure(join(binDir, entry));
    expect(
      [...files].map((f) => f.slice(binDir.length + 1)),
      entry,
    ).toEqual([entry, expect.stringMatching(/^chunks\/chunk-[A-Z0-9]+\.js$/)]);
  }
});

it("tss getrandom loads few files: the TSS and the codecs it shares with other TPM utilities are few chunks", () => {
  // scripts/bundle.mjs: a utility that calls ctx.tss() also imports @tss/tss's Node
  // entry, so what those utilities share is reached by one set of entries (25 files before).
  const start = staticClosure(join(binDir, "tss.js"));
  const dispatcher = [...start].map((f) => readFileSync(f, "utf8")).join("\n");
  const lazy = /import\("\.\/(getrandom-[A-Z0-9]+\.js)"\)/.exec(dispatcher);
  expect(lazy, "the dispatcher loads getrandom on demand").not.toBeNull();
  const files = staticClosure(join(binDir, "chunks", lazy![1]!), start);
  const texts = [...files].map((f) => readFileSync(f, "utf8")).join("\n");
  const tss = /import\("\.\/(node-[A-Z0-9]+\.js)"\)/.exec(texts);
  expect(tss, "utility.ts loads @tss/tss on demand").not.toBeNull();
  staticClosure(join(binDir, "chunks", tss![1]!), files);
  console.log(`tss getrandom loads ${files.size} files`);
  expect(files.size).toBeLessThanOrEqual(16);
});
