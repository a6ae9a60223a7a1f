// The Nuvoton utilities (ntc2getconfig, ntc2preconfig, ntc2lockconfig) as the
// built `tss` binary against our fake NTC2 TPM (tools/reg/src/fake-ntc2.ts:
// swtpm has no vendor commands, and no real NTC2 chip is tested here). The
// flow of IBM's testntc group: read, write the P9 (or P8) required values,
// verify, override one register (read-modify-write), refuse Nuvoton's fixed
// registers before sending, lock, verify locked, writes refused after the lock.
// The command bytes the fake received are checked against the published
// layout, and IBM's 1.4.5 utilities (tss2) print the same from the same fake.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TPM_CC, TpmError } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeNtc2Server, startFakeNtc2 } from "../src/fake-ntc2.js";
import { ensureCliBuilt, haveIbmTss, type RunResult, runIbm, runTss } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const P9 = [0xa9, 0xa5, 0x03, 0x00, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xaa];

describe("ntc2 utilities against a fake Nuvoton TPM", () => {
  let fake: FakeNtc2Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const tss = (...args: string[]): Promise<RunResult> => runTss(args, env, { cwd: dir });
  const ok = async (...args: string[]) => {
    const r = await tss(...args);
    if (r.code !== 0) throw new Error(`tss ${args.join(" ")} exited ${r.code}:\n${r.out}${r.err}`);
    return r.out;
  };
  const fails = async (...args: string[]) => {
    const r = await tss(...args);
    expect(r.code, `tss ${args.join(" ")} should fail`).toBe(1);
    return r.out + r.err;
  };
  /**
   * The codes of the commands the fake received since `from`, without the MS-sim
   * transport's connection probe (GetCapability, answered TPM_RC_COMMAND_CODE).
   */
  const codesSince = (from: number) =>
    fake.tpm.commands
      .slice(from)
      .map((c) => c.code)
      .filter((c) => c !== TPM_CC.GetCapability);

  beforeAll(async () => {
    await ensureCliBuilt();
    fake = await startFakeNtc2();
    dir = mkdtempSync(join(tmpdir(), "tss-ntc2-"));
    env = {
      PATH: process.env.PATH,
      TPM_INTERFACE_TYPE: "socsim",
      TPM_SERVER_NAME: fake.host,
      TPM_SERVER_TYPE: "mssim",
      TPM_COMMAND_PORT: String(fake.port),
      // No platform port: nothing here powers the fake up.
      TPM_PLATFORM_PORT: "1",
      TPM_DATA_DIR: dir,
    };
  }, 180_000);
  afterAll(async () => {
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads, writes the P9 values, verifies, overrides a register, locks; refused after the lock", async () => {
    const first = await ok("ntc2getconfig");
    expect(first.split("\n").slice(0, 3)).toEqual(["i2cLoc1_2:\tff", "i2cLoc3_4:\tff", "AltCfg:\t\tff"]);
    expect(first).toContain("IsLocked:\tff\n");
    expect(await fails("ntc2getconfig", "-verify", "-p9")).toContain("ERROR: i2cLoc1_2 expect a9 actual ff");

    let n = fake.tpm.commands.length;
    await ok("ntc2preconfig", "-p9");
    expect(codesSince(n)).toEqual([TPM_CC.NTC2_PreConfig]);
    // The command as Nuvoton lays it out: no sessions, 28 bytes, the 18 registers (IsLocked 0, ignored).
    const sent = fake.tpm.commands.at(-1)!.bytes;
    expect(Buffer.from(sent.subarray(0, 10)).toString("hex")).toBe("80010000001c20000211");
    expect([...sent.subarray(10)]).toEqual([...P9, 0x00]);
    const verified = await ok("ntc2getconfig", "-verify", "-p9", "-v");
    expect(verified).toContain("CFG_H:\t\tf0\n");
    expect(verified).toContain("ntc2getconfig: success");
    // P8 differs in the I2C locations and CFG_H.
    const p8 = await fails("ntc2getconfig", "-verify", "-p8");
    expect(p8).toContain("ERROR: CFG_H expect ff actual f0");

    // -override: read, change CFG_A, write back.
    n = fake.tpm.commands.length;
    await ok("ntc2preconfig", "-override", "-CFG_A", "fd");
    expect(codesSince(n)).toEqual([TPM_CC.NTC2_GetConfig, TPM_CC.NTC2_PreConfig]);
    const json = JSON.parse(await ok("ntc2getconfig", "--json"));
    expect(json.preConfig.CFG_A).toBe(0xfd);
    expect(json.preConfig.CFG_H).toBe(0xf0);
    // A fixed register with another value: refused before anything is written.
    n = fake.tpm.commands.length;
    expect(await fails("ntc2preconfig", "-override", "-PullUp", "0")).toContain("PullUp is not the required value ff");
    expect(codesSince(n)).toEqual([TPM_CC.NTC2_GetConfig]);
    await ok("ntc2preconfig", "-override", "-CFG_A", "fe");

    expect(await fails("ntc2lockconfig")).toContain("requires -lock");
    await ok("ntc2lockconfig", "-lock");
    expect(await ok("ntc2getconfig", "-verifylocked", "-p9")).toContain("IsLocked:\taa\n");
    expect(await fails("ntc2getconfig", "-verify", "-p9")).toContain("ERROR: IsLocked is aa not ff");
    expect(await fails("ntc2preconfig", "-p8")).toContain("TPM_RC_NV_LOCKED");
    // Anything else: the fake implements nothing more.
    expect(await fails("getrandom", "-by", "8")).toContain("TPM_RC_COMMAND_CODE");
  });

  it("usage errors: exit 1 and nothing sent", async () => {
    const n = fake.tpm.commands.length;
    const cases: [string[], string][] = [
      [["ntc2preconfig"], "need either -p8, -p9, or -override"],
      [["ntc2preconfig", "-p8", "-p9"], "cannot both"],
      [["ntc2preconfig", "-p9", "-CFG_A", "fe"], "cannot specify a value"],
      [["ntc2preconfig", "-override"], "at least one value"],
      [["ntc2preconfig", "-override", "-CFG_A", "100"], "one hex byte"],
      [["ntc2getconfig", "-verify"], "-p8 or -p9"],
    ];
    const outs = await Promise.all(cases.map(([args]) => fails(...args)));
    for (const [i, out] of outs.entries()) expect(out).toContain(cases[i]![1]);
    expect(codesSince(n)).toEqual([]);
  });

  it("through the library in raw framing: the typed ntc2GetConfig / ntc2PreConfig on a fresh fake", async () => {
    const raw = await startFakeNtc2({ serverType: "raw" });
    const tss = createTss({ transport: new MssimTransport({ host: raw.host, port: raw.port, serverType: "raw" }) });
    try {
      const before = (await tss.ntc2GetConfig({})).preConfig;
      expect(Object.values(before)).toEqual(new Array(18).fill(0xff));
      const preConfig = { ...before, IsValid: 0xaa, CFG_A: 0x12, IsLocked: 0 };
      await tss.ntc2PreConfig({ preConfig });
      expect((await tss.ntc2GetConfig({})).preConfig).toEqual({ ...preConfig, IsLocked: 0xff });
      // IsValid must be AAh (the fake's TPM_RC_VALUE at parameter 1).
      const bad = await tss.ntc2PreConfig({ preConfig: { ...preConfig, IsValid: 0 } }).catch((e) => e);
      expect(bad).toBeInstanceOf(TpmError);
      expect((bad as TpmError).responseCode).toBe(0x1c4);
      await tss.ntc2LockPreConfig({});
      expect((await tss.ntc2GetConfig({})).preConfig.IsLocked).toBe(0xaa);
    } finally {
      await tss.close();
      await raw.close();
    }
  });

  it.skipIf(!IBM)("IBM's tssntc2getconfig prints the same from the same fake", async () => {
    const ibm = await runIbm("ntc2getconfig", [], { ...env, TPM_DATA_DIR: dir }, { cwd: dir });
    expect(ibm.code).toBe(0);
    expect(await ok("ntc2getconfig")).toBe(ibm.out);
  });
});
