// README truths: every ```ts / ```js / ```sh / ```bash block of every README (the root one,
// packages/*/README.md) and of docs/*.md is accounted for. Each is run against one private
// swtpm, or type-checked only, or skipped with the reason its README gives:
//
//   <!-- readme-test: typecheck-only (reason) -->   just before a block: platform-specific code
//   <!-- readme-test: skip (reason) -->             a fragment, an output sample, a set-up step
//
// Blocks of only `npm install ...` lines are accounted as installs (packages-registry.test.ts
// installs every package from a real registry), and `npm install` lines inside a shell block
// that runs are left out. A block under `<!-- file: NAME.ts -->` is saved as NAME.ts beside
// the other blocks of its Markdown file, which may import it. Before each block runs, the
// loaded sessions and transient objects are flushed. TS/JS blocks are written to .mts files in
// tools/reg/.readme-blocks (where @tss/* resolve to the built workspace packages), type-checked
// with the repository's tsc in one run, lowered with esbuild (so `await using` works on
// Node 20) and run with node. Shell blocks run with bash -e, the built CLI as `tss` on PATH.
// The samples name the simulator's usual ports (2321, 2322) and /tmp folders: the test
// substitutes its swtpm's ports and temporary folders before running a block, and sets
// TPM_PLATFORM_TYPE=swtpm (the CLI README's note: the MS simulator's platform protocol is
// the default, swtpm's control channel needs that setting).
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { TPM_CAP } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { transformSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SwtpmProcess, startSwtpm } from "../src/index.js";
import { ensureCliBuilt, TSS_BIN } from "./support/cli-runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const blocksDir = join(here, "..", ".readme-blocks");

/** One fenced code block of a Markdown file, with what the test does with it. */
interface Block {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly lang: "ts" | "js" | "sh";
  readonly code: string;
  /** From `<!-- file: NAME -->` above the block: saved under that name, so other blocks of its file import it. */
  readonly saveAs?: string;
  readonly mode: "run" | "typecheck-only" | "skip" | "install";
  readonly reason: string;
}

/** The Markdown files whose code blocks are users' samples. */
function markdownFiles(): string[] {
  const files = [join(root, "README.md")];
  for (const dir of readdirSync(join(root, "packages")).sort()) {
    const f = join(root, "packages", dir, "README.md");
    if (existsSync(f)) files.push(f);
  }
  for (const f of readdirSync(join(root, "docs")).sort()) {
    if (f.endsWith(".md")) files.push(join(root, "docs", f));
  }
  return files;
}

const LANGS: Record<string, Block["lang"]> = {
  ts: "ts",
  typescript: "ts",
  js: "js",
  javascript: "js",
  sh: "sh",
  bash: "sh",
  shell: "sh",
};

/** Splits a Markdown file into its code blocks and reads each one's readme-test marker. */
function extractBlocks(file: string): Block[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const blocks: Block[] = [];
  const name = relative(root, file);
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\S*)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] ?? "")) end++;
    i = end;
    const lang = LANGS[(open[1] ?? "").toLowerCase()];
    if (lang === undefined) continue; // diagrams, JSON, output: not code
    const code = lines.slice(start + 1, end).join("\n");
    // The HTML comments just above the fence: a readme-test marker, a file name.
    const comments: string[] = [];
    for (let before = start - 1; before >= 0; before--) {
      const text = (lines[before] ?? "").trim();
      if (text === "") continue;
      if (!/^<!--.*-->$/.test(text)) break;
      comments.push(text);
    }
    let marker: RegExpExecArray | null = null;
    let saveAs: string | undefined;
    for (const c of comments) {
      marker ??= /<!--\s*readme-test:\s*(skip|typecheck-only|run)\s*(?:\((.*)\))?\s*-->/.exec(c);
      saveAs ??= /<!--\s*file:\s*([\w.-]+\.ts)\s*-->/.exec(c)?.[1];
    }
    const commands = code.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    let mode: Block["mode"] = "run";
    let reason = "";
    if (marker) {
      mode = marker[1] as Block["mode"];
      reason = marker[2] ?? "";
    } else if (
      lang === "sh" &&
      commands.length > 0 &&
      commands.every((l) => /^\s*(npm|pnpm) (install|add|i) /.test(l))
    ) {
      mode = "install";
      reason = "installs from the registry (packages-registry.test.ts does that)";
    }
    blocks.push({ id: `${name}:${start + 1}`, file: name, line: start + 1, lang, code, mode, reason, saveAs });
  }
  return blocks;
}

const blocks = markdownFiles().flatMap(extractBlocks);
/** Where a block is written: one folder per Markdown file, so its blocks import each other's files. */
const fileOf = (b: Block) => join(blocksDir, b.file.replace(/[^A-Za-z0-9]+/g, "_"), b.saveAs ?? `block_${b.line}.mts`);
/** The JavaScript esbuild makes of a block's file, beside it. */
const jsOf = (b: Block) =>
  fileOf(b)
    .replace(/\.mts$/, ".mjs")
    .replace(/\.ts$/, ".js");

let tpm: SwtpmProcess;
let work: string;
let env: NodeJS.ProcessEnv;

/** The sample's fixed ports and folders, replaced by the test's swtpm and temporary folders. */
function localize(code: string): string {
  return code
    .replaceAll("2321", String(tpm.port))
    .replaceAll("2322", String(tpm.ctrlPort))
    .replaceAll("/tmp/tpmdata", join(work, "tpmdata"))
    .replaceAll("/tmp/swtpm-state", join(work, "swtpm-state"));
}

/**
 * Flushes every loaded session and transient object, so each block starts with the TPM's
 * slots free (swtpm has three object slots) whatever the blocks before it left loaded.
 */
async function flushLoaded(): Promise<void> {
  const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }) });
  try {
    const loaded = new Set<number>();
    for (const first of [0x02000000, 0x80000000]) {
      const { capabilityData } = await tss.getCapability({
        capability: TPM_CAP.HANDLES,
        property: first,
        propertyCount: 64,
      });
      // The loaded-session range lists HMAC (0x02) and policy (0x03) session handles.
      for (const h of (capabilityData.data as { handles: number[] }).handles) {
        if ([0x02, 0x03, 0x80].includes(h >>> 24)) loaded.add(h);
      }
    }
    for (const h of loaded) await tss.flushContext({ flushHandle: h });
  } finally {
    await tss.close();
  }
}

/** Runs one block in a fresh folder: shell with bash -e and `tss` on PATH, TS/JS with node after esbuild. */
function runBlock(b: Block): { status: number | null; stdout: string; stderr: string; error?: Error } {
  const cwd = mkdtempSync(join(work, "run-"));
  if (b.lang === "sh") {
    // Install lines install from the registry (packages-registry.test.ts does that): not run here.
    const script = localize(b.code)
      .split("\n")
      .filter((l) => !/^\s*(npm|pnpm) (install|add|i) /.test(l))
      .join("\n");
    return spawnSync("bash", ["-e", "-c", script], { cwd, env, encoding: "utf8", timeout: 50_000 });
  }
  const js = transformSync(localize(b.code), { loader: "ts", format: "esm", target: "es2022" }).code;
  const file = jsOf(b);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, js);
  return spawnSync(process.execPath, [file], { cwd, env, encoding: "utf8", timeout: 50_000 });
}

beforeAll(async () => {
  await ensureCliBuilt();
  tpm = await startSwtpm();
  work = mkdtempSync(join(tmpdir(), "tss-readme-"));
  mkdirSync(join(work, "bin"));
  mkdirSync(join(work, "tpmdata"));
  writeFileSync(join(work, "bin", "tss"), `#!/bin/sh\nexec "${process.execPath}" "${TSS_BIN}" "$@"\n`);
  chmodSync(join(work, "bin", "tss"), 0o755);
  env = {
    ...process.env,
    PATH: `${join(work, "bin")}:${process.env.PATH ?? ""}`,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: tpm.host,
    TPM_SERVER_TYPE: "mssim",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_PLATFORM_TYPE: "swtpm",
    TPM_DATA_DIR: join(work, "tpmdata"),
  };
  rmSync(blocksDir, { recursive: true, force: true });
  mkdirSync(blocksDir, { recursive: true });
  writeFileSync(
    join(blocksDir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../tsconfig.base.json",
      compilerOptions: { noEmit: true, types: ["node"], lib: ["es2023", "esnext.disposable", "dom"] },
      include: ["**/*.mts", "**/*.ts"],
    }),
  );
  for (const b of blocks) {
    if (b.lang === "sh" || b.mode === "skip") continue;
    mkdirSync(dirname(fileOf(b)), { recursive: true });
    writeFileSync(fileOf(b), `${b.code}\nexport {};\n`);
    // A named file is imported by the blocks after it: its JavaScript is ready before any runs.
    if (b.saveAs)
      writeFileSync(jsOf(b), transformSync(localize(b.code), { loader: "ts", format: "esm", target: "es2022" }).code);
  }
}, 60_000);

afterAll(async () => {
  await tpm?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  rmSync(blocksDir, { recursive: true, force: true });
});

describe("README code blocks", () => {
  it("every block is accounted for: run, type-checked, an install, or skipped with a reason", () => {
    expect(blocks.length).toBeGreaterThan(20);
    const table = blocks.map((b) => `${b.id} ${b.lang} ${b.mode}${b.reason ? ` (${b.reason})` : ""}`);
    console.log(`README blocks:\n${table.join("\n")}`);
    for (const b of blocks) {
      if (b.mode === "skip" || b.mode === "typecheck-only") expect(b.reason, `${b.id} needs a reason`).not.toBe("");
    }
  });

  it("every relative link of the READMEs and docs/*.md names a file inside the repository", () => {
    const bad: string[] = [];
    let links = 0;
    for (const file of markdownFiles()) {
      for (const m of readFileSync(file, "utf8").matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = (m[1] ?? "").split("#")[0] ?? "";
        if (target === "" || /^[a-z]+:/i.test(target)) continue;
        links++;
        const resolved = join(dirname(file), target);
        if (relative(root, resolved).startsWith("..") || !existsSync(resolved))
          bad.push(`${relative(root, file)}: ${m[1]}`);
      }
    }
    expect(links).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });

  it("the TS/JS blocks type-check (tsc --strict, the repository's TypeScript)", { timeout: 180_000 }, () => {
    const checked = blocks.filter((b) => b.lang !== "sh" && b.mode !== "skip");
    expect(checked.length).toBeGreaterThan(5);
    const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", blocksDir], {
      cwd: blocksDir,
      encoding: "utf8",
    });
    // Name each error by its README and line, not by the temporary file.
    let report = `${tsc.stdout}${tsc.stderr}`;
    for (const b of checked) report = report.replaceAll(relative(blocksDir, fileOf(b)), b.id);
    expect(report.trim(), report).toBe("");
    expect(tsc.status).toBe(0);
  });

  for (const b of blocks.filter((x) => x.mode === "run")) {
    it(`runs ${b.id} (${b.lang})`, { timeout: 60_000 }, async () => {
      await flushLoaded();
      const run = runBlock(b);
      expect(run.error, String(run.error)).toBeUndefined();
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      if (run.stdout.trim()) console.log(`${b.id}:\n${run.stdout.trim()}`);
    });
  }

  it("the markers are read, and a failing block fails (a shell line with a bad flag, a TS block that throws)", () => {
    const fixture = join(here, "fixtures", "readme-code", "README.md");
    const parsed = extractBlocks(fixture);
    expect(parsed.map((b) => `${b.lang} ${b.mode} ${b.reason}`)).toEqual([
      "sh install installs from the registry (packages-registry.test.ts does that)",
      "sh run ",
      "ts run ",
      "ts skip a fragment",
      "ts typecheck-only ",
    ]);
    const [, sh, ts] = parsed as [Block, Block, Block];
    const shRun = runBlock(sh);
    expect(shRun.status).not.toBe(0);
    expect(shRun.stderr).toMatch(/-by/);
    const tsRun = runBlock(ts);
    expect(tsRun.status).not.toBe(0);
    expect(tsRun.stderr).toContain("the sample failed");
  });
});
