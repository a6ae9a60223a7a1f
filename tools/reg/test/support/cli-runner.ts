/**
 * The `tss` CLI as separate processes against a private swtpm, for the cli-*
 * suites: `startCliEnv()` starts swtpm with a temporary TPM_DATA_DIR (also the
 * working directory for files) and the IBM TSS environment; `runTss()` runs the
 * built binary (`node packages/cli/dist/bin/tss.js <utility> ...`), building it
 * first if dist is missing; `runIbm()` runs Debian's IBM TSS utilities
 * (`/usr/bin/tss<utility>`, package tss2) against the same swtpm for
 * cross-checks. Every runner resolves with { code, out, err }, never rejects on
 * a non-zero exit; `tssOk()` and `ibmOk()` expect exit status 0.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Swtpm, type SwtpmOptions, startSwtpm } from "../../src/swtpm.js";
import { provisionEkState } from "../../src/swtpm-ek.js";

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

/** The built CLI's entry point. */
export const TSS_BIN = join(repo, "packages", "cli", "dist", "bin", "tss.js");

/** Where Debian installs the IBM utilities (absolute, so that a `tss<utility>` of ours on PATH is not taken instead). */
export const IBM_BIN_DIR = "/usr/bin";

/** What a process printed and its exit status. */
export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A private swtpm, a temporary folder and the environment that points the CLI at them. */
export interface CliEnv {
  readonly tpm: Swtpm;
  /** TPM_DATA_DIR, and the working directory of every run. */
  readonly dir: string;
  /** The environment of `tss` runs (socsim, MS framing, swtpm's control channel as platform port). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `tss <args>` in this environment. */
  tss(...args: string[]): Promise<RunResult>;
  /** Runs our `tss<utility> <args>` (the per-utility command name) in this environment. */
  tssCommand(utility: string, ...args: string[]): Promise<RunResult>;
  /** Runs IBM's `tss<utility> <args>` against the same swtpm (own TPM_DATA_DIR, same working directory). */
  ibm(utility: string, ...args: string[]): Promise<RunResult>;
  /** Stops swtpm and removes the folder. */
  stop(): Promise<void>;
}

let built: Promise<void> | undefined;

/** Builds @tss/cli and what it needs, once per test process, when dist is missing. */
export function ensureCliBuilt(): Promise<void> {
  if (existsSync(TSS_BIN) && existsSync(join(dirname(TSS_BIN), "tssreturncode.js"))) return Promise.resolve();
  built ??= run("pnpm", ["exec", "turbo", "run", "build", "--filter", "@tss/cli...", "--output-logs=errors-only"], {
    cwd: repo,
  }).then(() => undefined);
  return built;
}

/** True when Debian's IBM TSS utilities (package tss2) are installed. */
export function haveIbmTss(): boolean {
  return spawnSync(join(IBM_BIN_DIR, "tssreturncode"), ["0"], { stdio: "ignore" }).status === 0;
}

async function exec(file: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, timeout: number) {
  try {
    const { stdout, stderr } = await run(file, [...args], { env, cwd, timeout, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, out: x.stdout ?? "", err: x.stderr ?? String(e) };
  }
}

/** Runs the built `tss` binary with `args`. */
export function runTss(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return exec(
    process.execPath,
    [TSS_BIN, ...args],
    env,
    options.cwd ?? env.TPM_DATA_DIR ?? ".",
    options.timeoutMs ?? 30_000,
  );
}

/** Runs the built `tss<utility>` command (dist/bin/tss<utility>.js, what `npm install` puts on PATH) with `args`. */
export function runTssCommand(
  utility: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return exec(
    process.execPath,
    [join(dirname(TSS_BIN), `tss${utility}.js`), ...args],
    env,
    options.cwd ?? env.TPM_DATA_DIR ?? ".",
    options.timeoutMs ?? 30_000,
  );
}

/**
 * Makes `<parent>/bin` holding `tss` and every `tss<utility>` as executable
 * links to the built entries, and returns its path: put it first on PATH and a
 * shell script's `tsscreateprimary ...` (or `tss createprimary ...`) runs ours.
 */
export function commandDir(parent: string): string {
  const bin = join(parent, "bin");
  mkdirSync(bin, { recursive: true });
  for (const file of readdirSync(dirname(TSS_BIN))) {
    const m = /^(tss[a-z0-9]*)\.js$/.exec(file);
    if (m) symlinkSync(join(dirname(TSS_BIN), file), join(bin, m[1]!));
  }
  return bin;
}

/** The environment IBM's 1.4.5 utilities need for the same swtpm: raw framing, their own TPM_DATA_DIR, the session key. */
export function ibmEnvOf(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: env.PATH,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: env.TPM_SERVER_NAME,
    TPM_COMMAND_PORT: env.TPM_COMMAND_PORT,
    TPM_PLATFORM_PORT: env.TPM_PLATFORM_PORT,
    TPM_SERVER_TYPE: "raw",
    TPM_DATA_DIR: dataDir,
    // IBM's TSS seals session state under this key; without it each process picks its own and a session
    // started by one utility cannot be used by the next.
    TPM_SESSION_ENCKEY: env.TPM_SESSION_ENCKEY,
  };
}

/** Runs IBM's `tss<utility>` (from IBM_BIN_DIR) with `args`. */
export function runIbm(
  utility: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return exec(join(IBM_BIN_DIR, `tss${utility}`), args, env, options.cwd ?? ".", options.timeoutMs ?? 30_000);
}

/** Runs `tss <args>` in `cli` and expects exit status 0; returns standard output. */
export async function tssOk(cli: CliEnv, ...args: string[]): Promise<string> {
  const r = await cli.tss(...args);
  if (r.code !== 0) throw new Error(`tss ${args.join(" ")} exited ${r.code}:\n${r.err}${r.out}`);
  return r.out;
}

/** Runs IBM's `tss<utility> <args>` in `cli` and expects exit status 0; returns standard output. */
export async function ibmOk(cli: CliEnv, utility: string, ...args: string[]): Promise<string> {
  const r = await cli.ibm(utility, ...args);
  if (r.code !== 0) throw new Error(`tss${utility} ${args.join(" ")} exited ${r.code}:\n${r.out}${r.err}`);
  return r.out;
}

/** The handle of a "Handle xxxxxxxx" line (createprimary, load, startauthsession, createek -noflush). */
export function handleOf(out: string): string {
  const m = /Handle ([0-9a-f]{8})/.exec(out);
  if (!m) throw new Error(`no handle in ${JSON.stringify(out)}`);
  return m[1]!;
}

/**
 * Makes in `dir` an swtpm state folder provisioned by swtpm_setup --create-ek-cert (RSA 2048 EK certificate at
 * 01c00002, ECC P-384 at 01c00016, SHA-256 bank unless `pcrBanks` names others, e.g. "sha1,sha256") and its local
 * CA's folder; start it with `{ swtpm: { stateDir: state } }`.
 */
export function provisionWithSwtpmSetup(
  dir: string,
  options: { readonly pcrBanks?: string } = {},
): { state: string; ca: string } {
  const ek = provisionEkState({ dir, pcrBanks: options.pcrBanks, platformCertificate: false, lockNvram: false });
  return { state: ek.stateDir, ca: ek.caDir };
}

/** Starts swtpm (after building the CLI if needed) and returns the environment to run `tss` in. */
export async function startCliEnv(options: { swtpm?: SwtpmOptions; env?: NodeJS.ProcessEnv } = {}): Promise<CliEnv> {
  await ensureCliBuilt();
  const tpm = await startSwtpm(options.swtpm);
  const dir = mkdtempSync(join(tmpdir(), "tss-cli-reg-"));
  const ibmDir = join(dir, ".ibm");
  mkdirSync(ibmDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: tpm.host,
    TPM_SERVER_TYPE: "mssim",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_PLATFORM_TYPE: "swtpm",
    TPM_DATA_DIR: dir,
    TPM_SESSION_ENCKEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ...options.env,
  };
  const ibmEnv = ibmEnvOf(env, ibmDir);
  return {
    tpm,
    dir,
    env,
    tss: (...args) => runTss(args, env, { cwd: dir }),
    tssCommand: (utility, ...args) => runTssCommand(utility, args, env, { cwd: dir }),
    ibm: (utility, ...args) => runIbm(utility, args, ibmEnv, { cwd: dir }),
    async stop() {
      await tpm.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
