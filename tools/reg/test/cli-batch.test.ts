// `tss batch FILE|-`: utility lines in one process over one connection, against
// a private swtpm. The same getrandom/pcrread/nvread/sign lines (with an HMAC
// session started by one line and used by later ones) print the same as when
// each runs as its own process; a failing line stops the batch with its status,
// and -k runs on; standard input works as FILE.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, startCliEnv, TSS_BIN, tssOk } from "./support/cli-runner.js";

describe("tss batch against swtpm", () => {
  let cli: CliEnv;
  let key: string;
  beforeAll(async () => {
    cli = await startCliEnv();
    writeFileSync(join(cli.dir, "msg.bin"), "message to sign");
    key = handleOf(await tssOk(cli, "createprimary", "-hi", "o", "-si", "-ecc", "nistp256", "-pwdk", "sig"));
    await tssOk(cli, "nvdefinespace", "-ha", "01500010", "-hi", "o", "-sz", "8", "-pwdn", "nnn");
    await tssOk(cli, "nvwrite", "-ha", "01500010", "-ic", "abcdefgh", "-pwdn", "nnn");
  }, 120_000);
  afterAll(async () => {
    await cli?.stop();
  });

  /** The lines: each prints something that must match between the two ways of running them. */
  const script = () => [
    "# a comment line, then a blank one",
    "",
    "pcrreset -ha 16",
    "getrandom -by 16 -of rnd.bin   # a trailing comment",
    "pcrextend -ha 16 -ic 'two words'",
    "pcrread -ha 16",
    "tss nvread -ha 01500010 -sz 8 -pwdn nnn",
    "startauthsession -se h",
    "nvread -ha 01500010 -sz 8 -pwdn nnn -se0 02000000 1",
    `sign -hk ${key} -salg ecc -if msg.bin -os sig.bin -pwdk sig -se0 02000000 1`,
    `tssverifysignature -hk ${key} -ecc -if msg.bin -is sig.bin -v`,
    "getcapability -cap 1 -pr 02000000",
    "flushcontext -ha 02000000",
  ];

  it("prints what the same lines print as separate processes; sessions carry from line to line", async () => {
    // Separate processes first (each line's words as a shell would split them).
    const words = (line: string) =>
      (line.replace(/#.*$/, "").match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, "$1"));
    let separate = "";
    for (const line of script()) {
      const w = words(line);
      if (w.length === 0) continue;
      const args = w[0] === "tss" ? w.slice(1) : w[0]!.startsWith("tssv") ? [w[0]!.slice(3), ...w.slice(1)] : w;
      separate += await tssOk(cli, ...args);
    }
    const rndSeparate = readFileSync(join(cli.dir, "rnd.bin"));
    rmSync(join(cli.dir, "rnd.bin"));
    rmSync(join(cli.dir, "sig.bin"));

    writeFileSync(join(cli.dir, "script.txt"), `${script().join("\n")}\n`);
    const batch = await cli.tss("batch", "script.txt");
    // Only the -v line traces (to standard error); the lines after it do not.
    expect(batch.err).toContain("VerifySignature");
    expect(batch.err).not.toMatch(/GetCapability|FlushContext|failed/);
    expect(batch.code).toBe(0);
    // getrandom prints its random bytes: those lines differ, and are the bytes of rnd.bin.
    const random = /( randomBytes length 16\n)([ 0-9a-f]+)\n/;
    expect(batch.out.replace(random, "$1<random>\n")).toBe(separate.replace(random, "$1<random>\n"));
    // The lines ran: a PCR value, the NV data twice, the session's handle, the verification.
    expect(batch.out).toContain("61 62 63 64 65 66 67 68");
    expect(batch.out).toMatch(/Handle 02000000/);
    expect(batch.out).toMatch(/verifysignature: success/);
    const rnd = readFileSync(join(cli.dir, "rnd.bin"));
    expect(rnd.length).toBe(16);
    expect(rnd.equals(rndSeparate)).toBe(false);
    expect(random.exec(batch.out)![2]!.trim()).toBe([...rnd].map((b) => b.toString(16).padStart(2, "0")).join(" "));
    expect(existsSync(join(cli.dir, "sig.bin"))).toBe(true);
    // The session was flushed by the last line.
    expect((await cli.tss("flushcontext", "-ha", "02000000")).code).toBe(1);
  }, 120_000);

  it("stops at the first failing line with its status; -k runs the rest; - reads standard input", async () => {
    const lines = ["getrandom -by 4 -of a.bin", "nvread -ha 01500099 -sz 4", "getrandom -by 4 -of b.bin", ""];
    writeFileSync(join(cli.dir, "fail.txt"), lines.join("\n"));
    const stopped = await cli.tss("batch", "fail.txt");
    expect(stopped.code).toBe(1);
    expect(stopped.err).toContain("nvread: failed, rc ");
    expect(existsSync(join(cli.dir, "a.bin"))).toBe(true);
    expect(existsSync(join(cli.dir, "b.bin"))).toBe(false);

    const kept = await cli.tss("batch", "-k", "fail.txt");
    expect(kept.code).toBe(1);
    expect(kept.err).toContain("nvread: failed, rc ");
    expect(existsSync(join(cli.dir, "b.bin"))).toBe(true);

    // Standard input; a usage error, an unknown utility and an unterminated quote each fail their line.
    const piped = spawnSync(process.execPath, [TSS_BIN, "batch", "-k", "-"], {
      cwd: cli.dir,
      env: cli.env,
      encoding: "utf8",
      timeout: 60_000,
      input: "getrandom -by 3\nnosuchutility\ngetrandom -by\ngetrandom -by '3\nbatch x\ngetrandom -by 2\n",
    });
    expect(piped.status).toBe(1);
    expect(piped.stdout).toMatch(
      /^ randomBytes length 3\n( [0-9a-f]{2}){3} \n randomBytes length 2\n( [0-9a-f]{2}){2} \n$/,
    );
    expect(piped.stderr).toContain('unknown utility "nosuchutility"');
    expect(piped.stderr).toContain("getrandom: ");
    expect(piped.stderr).toContain("batch: line 4: unterminated single quote");
    expect(piped.stderr).toContain("batch: line 5: batch cannot be nested");

    // An empty script succeeds; a missing file and no argument are errors, not hangs.
    writeFileSync(join(cli.dir, "empty.txt"), "# nothing\n\n");
    expect((await cli.tss("batch", "empty.txt")).code).toBe(0);
    const missing = await cli.tss("batch", "no-such-file.txt");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("batch: cannot read no-such-file.txt");
    expect((await cli.tss("batch")).code).toBe(1);
  }, 120_000);
});
