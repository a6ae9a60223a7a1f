// README code blocks, run or type-checked as written (ports and folders substituted):
// - packages/cli/README.md, the swtpm block: starts swtpm, then powerup, startup,
//   getrandom with TPM_PLATFORM_TYPE=swtpm; without that setting, powerup fails;
// - README.md "Using it": createTss, GetRandom, an NV index defined, written and read
//   back through an encrypting HMAC session, then openTss from the environment;
//   run against that swtpm;
// - packages/session/README.md and packages/tss/README.md's browser block: type-checked
//   by tsc --strict against the built declarations.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freeAdjacentPorts } from "../src/index.js";
import { ensureCliBuilt, TSS_BIN } from "./support/cli-runner.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
let dir: string;
let port = 0;
let pidFile = "";
let baseEnv: Record<string, string> = {};

/** The fenced blocks of one language in a Markdown file. */
function blocks(file: string, lang: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1]!);
}

function run(cmd: string, args: string[], env: Record<string, string>, cwd = dir) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  await ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), "tss-readme-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "tss"), `#!/bin/sh\nexec "${process.execPath}" "${TSS_BIN}" "$@"\n`, { mode: 0o755 });
  pidFile = join(dir, "swtpm.pid");
  baseEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: dir };
});

afterAll(() => {
  try {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (pid > 0) process.kill(pid, "SIGTERM");
  } catch {
    // swtpm never started
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("the CLI README's swtpm block: powerup, startup and getrandom against swtpm", async () => {
  const block = blocks("packages/cli/README.md", "sh").find((b) => b.includes("TPM_PLATFORM_TYPE=swtpm"));
  expect(block, "the CLI README has a swtpm block").toBeDefined();
  // The block binds two adjacent ports; another test's server may take one of them
  // between our check and swtpm's bind, so a bind failure is retried on new ports.
  let r: ReturnType<typeof run> = { code: null, out: "", err: "" };
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freeAdjacentPorts();
    rmSync(join(dir, "state"), { recursive: true, force: true });
    rmSync(join(dir, "data"), { recursive: true, force: true });
    const script = block!
      .replaceAll("/tmp/swtpm-state", join(dir, "state"))
      .replaceAll("/tmp/tpmdata", join(dir, "data"))
      .replaceAll("2321", String(port))
      .replaceAll("2322", String(port + 1))
      .replace("--daemon", `--daemon --pid file=${pidFile}`);
    r = run("bash", ["--norc", "--noprofile", "-euc", script], baseEnv);
    if (!r.err.includes("Address already in use")) break;
  }
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/randomBytes length 8\n( [0-9a-f]{2}){8}/);

  // The note's claim: without TPM_PLATFORM_TYPE=swtpm, powerup fails on swtpm.
  const mssimDialect = run("tss", ["powerup"], {
    ...baseEnv,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: "localhost",
    TPM_COMMAND_PORT: String(port),
    TPM_PLATFORM_PORT: String(port + 1),
    TPM_DATA_DIR: join(dir, "data"),
  });
  expect(mssimDialect.code).not.toBe(0);
  expect(mssimDialect.err).not.toBe("");
});

it("the root README's sample runs against swtpm (NV index defined, written, read back encrypted)", async () => {
  const block = blocks("README.md", "ts").find((b) => b.includes("nvDefineSpace"));
  expect(block, "README.md has the NV sample").toBeDefined();
  const source = `${block!.replace("port: 2321", `port: ${port}`)}
console.log(JSON.stringify({ random: [...randomBytes], same: same.randomBytes.length, data: [...data], tss2: (await tss2.getRandom({ bytesRequested: 4 })).randomBytes.length }));
`;
  const js = (await transform(source, { loader: "ts", format: "esm", target: "es2022" })).code;
  // In tools/reg, so that the sample's imports resolve as a user's project would (the built packages).
  const file = join(here, "..", `.readme-sample-${process.pid}.mjs`);
  writeFileSync(file, js);
  try {
    const r = run(process.execPath, [file], {
      ...baseEnv,
      TPM_INTERFACE_TYPE: "socsim",
      TPM_SERVER_NAME: "localhost",
      TPM_COMMAND_PORT: String(port),
      TPM_PLATFORM_PORT: String(port + 1),
      TPM_PLATFORM_TYPE: "swtpm",
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { random: number[]; same: number; data: number[]; tss2: number };
    expect(out.random).toHaveLength(16);
    expect(out.data).toEqual(out.random);
    expect(out.same).toBe(16);
    expect(out.tss2).toBe(4);
  } finally {
    rmSync(file, { force: true });
  }
});

it("the session README's fragment and the tss README's browser block type-check (strict)", () => {
  const consumer = join(dir, "consumer");
  mkdirSync(join(consumer, "node_modules", "@tss"), { recursive: true });
  for (const name of ["marshal", "session", "tss", "crypto-webcrypto"])
    symlinkSync(join(root, "packages", name), join(consumer, "node_modules", "@tss", name), "dir");
  writeFileSync(join(consumer, "package.json"), '{ "name": "consumer", "private": true, "type": "module" }\n');
  const session = blocks("packages/session/README.md", "ts");
  const browser = blocks("packages/tss/README.md", "ts").filter((b) => b.includes("openInBrowser"));
  expect(session).toHaveLength(1);
  expect(browser).toHaveLength(1);
  writeFileSync(join(consumer, "session.ts"), session[0]!);
  writeFileSync(join(consumer, "browser.ts"), browser[0]!);
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "es2022",
        module: "preserve",
        moduleResolution: "bundler",
        lib: ["es2022", "esnext.disposable", "dom"],
        types: [],
        noEmit: true,
        noUnusedLocals: true,
      },
      files: ["session.ts", "browser.ts"],
    }),
  );
  const r = run(join(root, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], baseEnv, consumer);
  expect(r.out + r.err).toBe("");
  expect(r.code).toBe(0);
});
