// An IBM-style shell script (tools/reg/scripts/keyset.sh: "${PREFIX}utility"
// lines, as the IBM TSS's regression scripts are written) runs unchanged with
// PREFIX="tss " (our dispatcher) and with PREFIX=tss (our tss<utility>
// commands first on PATH, ahead of Debian's IBM utilities in /usr/bin), each
// time against a fresh swtpm: the regression's key set under RSA and ECC
// primaries, with policies, creation tickets and creation data, and every key used.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { type CliEnv, commandDir, startCliEnv } from "./support/cli-runner.js";

const run = promisify(execFile);
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), "..", "scripts");

async function runScript(cli: CliEnv, prefix: string, script = "keyset.sh") {
  const work = join(cli.dir, "work");
  mkdirSync(work);
  const env = { ...cli.env, PATH: `${commandDir(cli.dir)}:${cli.env.PATH}`, PREFIX: prefix };
  // The commands the script will find: ours.
  const which = await run("bash", ["-c", "command -v tsscreateprimary tss"], { env });
  expect(
    which.stdout
      .split("\n")
      .filter(Boolean)
      .every((p) => p.startsWith(cli.dir)),
  ).toBe(true);
  try {
    return await run("bash", [join(SCRIPTS, script)], { env, cwd: work, timeout: 240_000, maxBuffer: 8 << 20 });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    throw new Error(`${script} with PREFIX="${prefix}" failed:\n${x.stdout}${x.stderr}`);
  }
}

describe("an IBM-style regression script", () => {
  let cli: CliEnv | undefined;
  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
  });

  for (const prefix of ["tss ", "tss"]) {
    it(`keyset.sh passes with PREFIX="${prefix}"`, async () => {
      cli = await startCliEnv();
      const { stdout } = await runScript(cli, prefix);
      expect(stdout).toMatch(/Success: \d+ steps\n$/);
      expect(stdout).not.toContain("FAILED");
      const steps = Number(/Success: (\d+) steps/.exec(stdout)![1]);
      expect(steps).toBeGreaterThan(50);
    }, 240_000);
  }

  // NV indexes of every type, PCRs, and a policy built with policymaker and satisfied. IBM's own utilities
  // (Debian's tss2, PREFIX=/usr/bin/tss) run it too: the script's expectations are the reference TSS's.
  // (The tss<utility> names are proven by keyset.sh above.)
  for (const prefix of ["tss ", ...(existsSync("/usr/bin/tsspolicymaker") ? ["/usr/bin/tss"] : [])]) {
    it(`nvpcrpolicy.sh passes with PREFIX="${prefix}"`, async () => {
      cli = await startCliEnv();
      const { stdout } = await runScript(cli, prefix, "nvpcrpolicy.sh");
      expect(stdout).toMatch(/Success: \d+ steps\n$/);
      expect(stdout).not.toContain("FAILED");
      expect(Number(/Success: (\d+) steps/.exec(stdout)![1])).toBe(54);
    }, 240_000);
  }
});
