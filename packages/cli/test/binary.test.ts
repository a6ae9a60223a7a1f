// The built `tss` binary (node dist/bin/tss.js) as a separate process per call,
// against its own swtpm: exit codes, output, and session state shared only
// through TPM_DATA_DIR.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Swtpm, startSwtpm } from "@tss/reg";
import { afterAll, beforeAll, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "bin", "tss.js");

let tpm: Swtpm;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // `npm test` builds first; a bare vitest run builds the package (and what it needs) here.
  if (!existsSync(bin)) {
    await run("pnpm", ["exec", "turbo", "run", "build", "--filter", "@tss/cli...", "--output-logs=errors-only"], {
      cwd: join(root, "..", ".."),
    });
  }
  tpm = await startSwtpm();
  dir = mkdtempSync(join(tmpdir(), "tss-cli-bin-"));
  env = {
    PATH: process.env.PATH,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: "127.0.0.1",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_PLATFORM_TYPE: "swtpm",
    TPM_DATA_DIR: dir,
    TPM_SESSION_ENCKEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
  };
}, 120_000);
afterAll(async () => {
  await tpm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the binary; resolves with the exit code and output (never rejects on a non-zero exit). */
async function tss(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, cwd: dir, timeout: 20_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, out: x.stdout ?? "", err: x.stderr ?? "" };
  }
}

it("--help and returncode need no TPM", async () => {
  const help = await tss("--help");
  expect(help.code).toBe(0);
  expect(help.out).toContain("startauthsession");
  const rc = await tss("returncode", "9a2");
  expect(rc).toMatchObject({ code: 0, out: expect.stringMatching(/^TPM_RC_BAD_AUTH - .* Session number 1\n$/) });
  const bad = await tss("getrandom", "-by", "4", "-xyz");
  expect(bad.code).toBe(1);
  expect(bad.err).toContain("-xyz is not a valid option");
});

it("getrandom, an HMAC session across processes, and a TPM error's exit code", async () => {
  const random = await tss("getrandom", "-by", "16", "-ns");
  expect(random).toMatchObject({ code: 0, out: expect.stringMatching(/^[0-9a-f]{32}\n$/) });
  const started = await tss("startauthsession", "-se", "h", "-sym", "aes");
  expect(started.code).toBe(0);
  const session = /Handle ([0-9a-f]{8})/.exec(started.out)![1]!;
  // Another process continues the session (response encryption) from the sealed state file.
  const enc = await tss("getrandom", "-by", "8", "-ns", "-se0", session, "41");
  expect(enc).toMatchObject({ code: 0, out: expect.stringMatching(/^[0-9a-f]{16}\n$/) });
  expect((await tss("flushcontext", "-ha", session)).code).toBe(0);
  // Flushing it again: TPM_RC_HANDLE at parameter 1 (flushHandle is a parameter, not a handle); exit code 1.
  const again = await tss("flushcontext", "-ha", session);
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/flushcontext: failed, rc 000001cb\nTPM_RC_HANDLE - .* Parameter number 1\n/);
});
