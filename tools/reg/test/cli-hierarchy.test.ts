// The hierarchy, dictionary-attack, change-seed and clock utilities as the
// built `tss` binary, one process per call, against one private swtpm, in the
// flows of the IBM regression's testhierarchy, testda, testchangeseed and
// testclocks groups: a changed owner password is needed by createprimary (the
// old one fails); hierarchycontrol with the platform password disables and
// enables the owner hierarchy; clearcontrol refuses clear until allowed, clear
// forgets the owner's keys and password; DA lockout after a bad password and
// dictionaryattacklockreset; changepps / changeeps orphan the keys created
// under the old seed; clockset forward works and backward fails, readclock (and
// IBM's tssreadclock, cross-checked) shows it; clockrateadjust -3..3 only;
// setprimarypolicy read back with getcapability.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, tssOk as ok, startCliEnv } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const UTILITIES = [
  "hierarchychangeauth",
  "hierarchycontrol",
  "clear",
  "clearcontrol",
  "changeeps",
  "changepps",
  "setprimarypolicy",
  "dictionaryattacklockreset",
  "dictionaryattackparameters",
  "clockset",
  "clockrateadjust",
  "readclock",
];

/** The Clock of readclock's (or IBM's tssreadclock's) "TPMS_CLOCK_INFO clock N" line. */
function clockOf(out: string): bigint {
  const m = /TPMS_CLOCK_INFO clock (\d+)/.exec(out);
  if (!m) throw new Error(`no clock in ${JSON.stringify(out)}`);
  return BigInt(m[1]!);
}

describe("hierarchy, DA and clock utilities against swtpm", () => {
  let cli: CliEnv;
  const fails = async (...args: string[]) => {
    const r = await cli.tss(...args);
    expect(r.code, `tss ${args.join(" ")} should fail:\n${r.out}`).toBe(1);
    return r.out + r.err;
  };
  beforeAll(async () => {
    cli = await startCliEnv();
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });

  it("-h prints usage and exits 1; bad flags are refused without touching the TPM", async () => {
    // Every utility's -h is checked by packages/cli's tests; here that each is dispatched (one process, --help).
    const help = await ok(cli, "--help");
    for (const u of UTILITIES) expect(help).toMatch(new RegExp(`\\n  ${u} +\\S`));
    const r = await cli.tss("readclock", "-h");
    expect(r.code).toBe(1);
    expect(r.out).toContain("\nreadclock\n");
    const bad = await Promise.all([
      fails("hierarchycontrol", "-hi", "p", "-he", "x"),
      fails("clockset"),
      fails("setprimarypolicy", "-hi", "o", "-halg", "sha256"),
    ]);
    expect(bad[0]).toContain("-he");
    expect(bad[1]).toContain("missing -clock or -iclock");
    expect(bad[2]).toContain("-halg requires -pol");
  });

  it("hierarchychangeauth: createprimary needs the new owner password, the old fails; files with -pwdni / -pwdai", async () => {
    await ok(cli, "hierarchychangeauth", "-hi", "o", "-pwdn", "ooo");
    expect(await fails("createprimary", "-hi", "o", "-ecc", "nistp256")).toContain("TPM_RC_BAD_AUTH");
    const h = handleOf(await ok(cli, "createprimary", "-hi", "o", "-ecc", "nistp256", "-pwdp", "ooo"));
    await ok(cli, "flushcontext", "-ha", h);
    // A password file holds a C string (nul terminated).
    writeFileSync(join(cli.dir, "new.pwd"), "fff\0");
    writeFileSync(join(cli.dir, "bad.pwd"), "fff");
    await ok(cli, "hierarchychangeauth", "-hi", "o", "-pwda", "ooo", "-pwdni", "new.pwd");
    expect(await fails("createprimary", "-hi", "o", "-ecc", "nistp256", "-pwdp", "ooo")).toContain("TPM_RC_BAD_AUTH");
    expect(await fails("hierarchychangeauth", "-hi", "o", "-pwdai", "bad.pwd")).toContain("nul terminated");
    // Back to empty, over an HMAC session (-se0), as the IBM group does.
    const s = handleOf(await ok(cli, "startauthsession", "-se", "h"));
    // Attributes 0: not continued, so the TPM flushes the session after this command.
    await ok(cli, "hierarchychangeauth", "-hi", "o", "-pwdai", "new.pwd", "-se0", s, "0");
    await ok(cli, "flushcontext", "-ha", handleOf(await ok(cli, "createprimary", "-hi", "o", "-ecc", "nistp256")));
  });

  it("hierarchychangeauth with bind: a session bound to the platform hierarchy changes its password back", async () => {
    await ok(cli, "hierarchychangeauth", "-hi", "p", "-pwdn", "ppp");
    expect(await fails("createprimary", "-hi", "p", "-ecc", "nistp256")).toContain("TPM_RC_BAD_AUTH");
    const s = handleOf(await ok(cli, "startauthsession", "-se", "h", "-bi", "4000000c", "-pwdb", "ppp"));
    await ok(cli, "hierarchychangeauth", "-hi", "p", "-pwda", "ppp", "-se0", s, "1");
    await ok(cli, "flushcontext", "-ha", handleOf(await ok(cli, "createprimary", "-hi", "p", "-ecc", "nistp256")));
    await ok(cli, "flushcontext", "-ha", s);
  });

  it("hierarchycontrol: with the platform password, the owner hierarchy is disabled and enabled again", async () => {
    await ok(cli, "hierarchycontrol", "-hi", "p", "-he", "o", "-v");
    await ok(cli, "hierarchychangeauth", "-hi", "p", "-pwdn", "ppp");
    expect(await fails("hierarchycontrol", "-hi", "p", "-he", "o")).toContain("TPM_RC_BAD_AUTH");
    await ok(cli, "hierarchycontrol", "-hi", "p", "-he", "o", "-pwda", "ppp", "-state", "0");
    expect(await fails("createprimary", "-hi", "o", "-ecc", "nistp256")).toContain("TPM_RC_HIERARCHY");
    await ok(cli, "hierarchycontrol", "-hi", "p", "-he", "o", "-pwda", "ppp", "-state", "1");
    await ok(cli, "flushcontext", "-ha", handleOf(await ok(cli, "createprimary", "-hi", "o", "-ecc", "nistp256")));
    await ok(cli, "hierarchychangeauth", "-hi", "p", "-pwda", "ppp");
  });

  it("clearcontrol refuses clear; once allowed, clear forgets the owner's key and password", async () => {
    await ok(cli, "hierarchychangeauth", "-hi", "o", "-pwdn", "ooo");
    const h = handleOf(await ok(cli, "createprimary", "-hi", "o", "-ecc", "nistp256", "-pwdp", "ooo"));
    await ok(cli, "readpublic", "-ho", h);
    // IBM's -state 1 (the default) sets disableClear.
    await ok(cli, "clearcontrol", "-hi", "p", "-state", "1", "-v");
    expect(await fails("clear", "-hi", "p")).toContain("TPM_RC_DISABLED");
    await ok(cli, "clearcontrol", "-hi", "p", "-state", "0");
    await ok(cli, "clear", "-hi", "p");
    expect((await cli.tss("readpublic", "-ho", h)).code).toBe(1);
    expect(await fails("createprimary", "-hi", "o", "-ecc", "nistp256", "-pwdp", "ooo")).toContain("TPM_RC_BAD_AUTH");
    await ok(cli, "flushcontext", "-ha", handleOf(await ok(cli, "createprimary", "-hi", "o", "-ecc", "nistp256")));
  });

  it("DA: a bad password locks a DA-protected key out until dictionaryattacklockreset; lockout auth", async () => {
    writeFileSync(join(cli.dir, "msg.bin"), "message to sign");
    const k = handleOf(await ok(cli, "createprimary", "-hi", "o", "-si", "-ecc", "nistp256", "-da", "-pwdk", "sig"));
    const signWith = (pwd: string) => cli.tss("sign", "-hk", k, "-salg", "ecc", "-if", "msg.bin", "-pwdk", pwd);
    // Recovery time 0 disables DA: failures do not lock out.
    await ok(cli, "dictionaryattackparameters", "-nrt", "0");
    expect((await signWith("bad")).code).toBe(1);
    expect((await signWith("sig")).code).toBe(0);
    // Defaults: 1 try, 10 s recovery, 1 s lockout recovery; here 120 s.
    await ok(cli, "dictionaryattackparameters", "-nrt", "120");
    expect((await signWith("bad")).code).toBe(1);
    const locked = await signWith("sig");
    expect(locked.code).toBe(1);
    expect(locked.out + locked.err).toContain("TPM_RC_LOCKOUT");
    await ok(cli, "dictionaryattacklockreset", "-v");
    await ok(cli, "sign", "-hk", k, "-salg", "ecc", "-if", "msg.bin", "-pwdk", "sig");
    // The lockout authority's password.
    await ok(cli, "hierarchychangeauth", "-hi", "l", "-pwdn", "lll");
    await ok(cli, "dictionaryattacklockreset", "-pwd", "lll");
    await ok(cli, "dictionaryattackparameters", "-nrt", "0", "-pwd", "lll");
    await ok(cli, "hierarchychangeauth", "-hi", "l", "-pwda", "lll");
    await ok(cli, "flushcontext", "-ha", k);
  });

  it("changepps and changeeps: keys created under the old seed no longer load", async () => {
    for (const [hi, util] of [
      ["p", "changepps"],
      ["e", "changeeps"],
    ] as const) {
      const p = handleOf(await ok(cli, "createprimary", "-hi", hi, "-ecc", "nistp256"));
      await ok(cli, "create", "-hp", p, "-st", "-ecc", "nistp256", "-opu", `${hi}.pub`, "-opr", `${hi}.priv`);
      // The seed change flushes the hierarchy's loaded primary.
      await ok(cli, util, "-v");
      expect((await cli.tss("load", "-hp", p, "-ipu", `${hi}.pub`, "-ipr", `${hi}.priv`)).code).toBe(1);
      const p2 = handleOf(await ok(cli, "createprimary", "-hi", hi, "-ecc", "nistp256"));
      expect((await cli.tss("load", "-hp", p2, "-ipu", `${hi}.pub`, "-ipr", `${hi}.priv`)).code).toBe(1);
      await ok(cli, "flushcontext", "-ha", p2);
    }
  });

  it("setprimarypolicy: the owner's policy is set from a file and cleared (getcapability -cap 9)", async () => {
    const policy = Buffer.alloc(32, 0x5a);
    writeFileSync(join(cli.dir, "owner.pol"), policy);
    await ok(cli, "setprimarypolicy", "-hi", "o", "-pol", "owner.pol", "-halg", "sha256");
    const caps = await ok(cli, "getcapability", "-cap", "9", "-pr", "40000001", "-pc", "1", "--json");
    expect(caps).toContain(policy.toString("hex"));
    await ok(cli, "setprimarypolicy", "-hi", "o");
    expect(await ok(cli, "getcapability", "-cap", "9", "-pr", "40000001", "-pc", "1", "--json")).not.toContain(
      policy.toString("hex"),
    );
  });

  it("clocks: readclock files, clockset forward only (with and without an HMAC session), clockrateadjust -3..3", async () => {
    const before = await ok(cli, "readclock", "-oclock", "clk.bin", "-otime", "time.bin", "-v");
    expect(before).toMatch(/^TPMS_TIME_INFO time \d+ msec - \d+ days \d+ hours \d+ minutes \d+ seconds\n/);
    expect(before).toContain("readclock: success");
    const clk = clockOf(before);
    // IBM's files: the UINT64 in host (little-endian) byte order.
    expect(readFileSync(join(cli.dir, "clk.bin")).readBigUInt64LE(0)).toBe(clk);
    expect(readFileSync(join(cli.dir, "time.bin"))).toHaveLength(8);
    expect(await fails("clockset", "-iclock", "clk.bin")).toContain("TPM_RC_VALUE");
    const set = await ok(cli, "clockset", "-iclock", "clk.bin", "-addsec", "20", "-v");
    expect(set).toContain(`clockset: New clock ${clk + 20_000n}`);
    const after = clockOf(await ok(cli, "readclock"));
    expect(after >= clk + 20_000n && after < clk + 80_000n).toBe(true);
    for (const adj of ["-3", "0", "3"]) await ok(cli, "clockrateadjust", "-adj", adj);
    for (const adj of ["-4", "4"]) expect(await fails("clockrateadjust", "-adj", adj)).toContain("TPM_RC_VALUE");
    // The same over an HMAC session (continued: attributes 1).
    const s = handleOf(await ok(cli, "startauthsession", "-se", "h"));
    // clk.bin is now 20 s behind Clock: refused; 40 s ahead of it is forward.
    expect(await fails("clockset", "-iclock", "clk.bin", "-se0", s, "1")).toContain("TPM_RC_VALUE");
    await ok(cli, "clockset", "-iclock", "clk.bin", "-addsec", "40", "-se0", s, "1");
    await ok(cli, "clockrateadjust", "-adj", "-1", "-se0", s, "1");
    await ok(cli, "flushcontext", "-ha", s);
    // -clock with a value, the owner's authorization; --json.
    const now = BigInt(JSON.parse(await ok(cli, "readclock", "--json")).clock);
    await ok(cli, "clockset", "-hi", "o", "-clock", String(now + 3_600_000n));
    const json = JSON.parse(await ok(cli, "readclock", "--json"));
    expect(BigInt(json.clock) >= now + 3_600_000n).toBe(true);
    expect(json.safe).toBe(1);
    if (IBM) {
      // IBM's readclock sees the same Clock; IBM's clockset (1.4.5: -time) moves it, ours reads it.
      const ibmClock = clockOf(await ibmOk(cli, "readclock"));
      expect(ibmClock >= BigInt(json.clock)).toBe(true);
      await ibmOk(cli, "clockset", "-time", String(ibmClock + 7_200_000n));
      const mine = clockOf(await ok(cli, "readclock"));
      expect(mine >= ibmClock + 7_200_000n).toBe(true);
      // Our 1.4.5-compatible -time; IBM's readclock sees what it set.
      await ok(cli, "clockset", "-time", String(mine + 600_000n));
      expect(clockOf(await ibmOk(cli, "readclock")) >= mine + 600_000n).toBe(true);
    }
  });
});
