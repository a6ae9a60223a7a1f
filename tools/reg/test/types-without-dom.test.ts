// The published types of @tss/marshal and @tss/tss need neither the DOM library
// nor @types/node: a strict consumer with lib ["es2022"] (plus esnext.disposable
// for Tss's Symbol.asyncDispose) and types [] type-checks against the built .d.ts
// files; and a real AbortSignal, the DOM's or Node's, is accepted where the TSS
// takes one (AbortSignalLike).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const tsc = join(root, "node_modules", ".bin", "tsc");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tss-types-"));
  mkdirSync(join(dir, "node_modules", "@tss"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  for (const name of ["marshal", "session", "tss"])
    symlinkSync(join(root, "packages", name), join(dir, "node_modules", "@tss", name), "dir");
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"), "dir");
  writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const consumer = `import { type AbortSignalLike, checkSendOptions, type SendOptions, type Transport, TssError } from "@tss/marshal";
import { createTss, type ExecuteOptions, TpmError } from "@tss/tss";

export class Loopback implements Transport {
  async send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
    const checked = checkSendOptions(options);
    const signal: AbortSignalLike | undefined = checked.signal;
    if (signal?.aborted) throw new TssError("ABORTED", String(signal.reason));
    return command;
  }
  async close(): Promise<void> {}
}
export const tss = createTss({ transport: new Loopback() });
export const isTpm = (e: unknown): boolean => e instanceof TpmError;
export const options: ExecuteOptions = {};
`;

/** Writes a consumer with the given extra source and compiler options, and runs tsc on it. */
function check(name: string, extra: string, compilerOptions: Record<string, unknown>): string {
  writeFileSync(join(dir, `${name}.ts`), `${consumer}${extra}`);
  writeFileSync(
    join(dir, `${name}.tsconfig.json`),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        noEmit: true,
        skipLibCheck: false,
        ...compilerOptions,
      },
      files: [`${name}.ts`],
    }),
  );
  const r = spawnSync(tsc, ["-p", `${name}.tsconfig.json`], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  return `${r.stdout}${r.stderr}`.trim() + (r.status === 0 ? "" : ` (exit ${r.status})`);
}

it("a consumer with lib es2022 and no types type-checks (no DOM, no @types/node)", () => {
  expect(check("bare", "", { lib: ["es2022", "esnext.disposable"], types: [] })).toBe("");
});

it("the same consumer under moduleResolution bundler (the browser entry's types)", () => {
  expect(
    check("bundler", "", {
      module: "preserve",
      moduleResolution: "bundler",
      lib: ["es2022", "esnext.disposable"],
      types: [],
    }),
  ).toBe("");
});

it("a DOM AbortSignal is an AbortSignalLike", () => {
  const extra = `
const controller = new AbortController();
export const withDom: SendOptions = { signal: controller.signal };
export const execute: ExecuteOptions = { signal: AbortSignal.timeout(5) };
`;
  expect(check("dom", extra, { lib: ["es2022", "esnext.disposable", "dom"], types: [] })).toBe("");
});

it("a Node AbortSignal is an AbortSignalLike", () => {
  const extra = `
const controller = new AbortController();
export const withNode: SendOptions = { signal: controller.signal };
`;
  expect(check("node", extra, { lib: ["es2022", "esnext.disposable"], types: ["node"] })).toBe("");
});

it("the check can fail: a signal of the wrong shape is a type error", () => {
  const extra = `
export const wrong: SendOptions = { signal: { aborted: "no" } };
`;
  expect(check("wrong", extra, { lib: ["es2022", "esnext.disposable"], types: [] })).toMatch(/TS2322|TS2353|TS2739/);
});
