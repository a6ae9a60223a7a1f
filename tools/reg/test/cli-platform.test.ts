// The platform and miscellaneous utilities as the built `tss` binary, one
// process per call, against a private swtpm, checked against what the TPM
// returns and against Debian's IBM TSS utilities (tss2, 1.4.5) on the same
// swtpm: -h and usage errors, returncode, getcapability (every capability),
// shutdown/startup (state, clear, self-test, locality), powerup, gettestresult,
// getcryptolibrary, timepacket, tpmcmd (swtpm's control channel, and the MS
// simulator's platform codes on a recording fake), signapp and writeapp (an
// swtpm whose EK certificate swtpm_setup provisioned).
import { createHash, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TPM_ALG_ID, TPM_CAP, TPM_ECC_CURVE, TPM_RH } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CliEnv,
  haveIbmTss,
  tssOk as ok,
  provisionWithSwtpmSetup,
  runTss,
  startCliEnv,
} from "./support/cli-runner.js";

const IBM = haveIbmTss();
const NAME_OF_ALG = new Map(Object.entries(TPM_ALG_ID).map(([k, v]) => [v as number, `TPM_ALG_${k}`]));
const NAME_OF_CURVE = new Map(Object.entries(TPM_ECC_CURVE).map(([k, v]) => [v as number, `TPM_ECC_${k}`]));

/** Asks the TPM directly (one short connection: swtpm serves one client at a time). */
async function capability(cli: CliEnv, cap: number, property: number, count = 64) {
  const tss = createTss({ transport: new MssimTransport({ host: cli.tpm.host, port: cli.tpm.port }) });
  try {
    const out = await tss.getCapability({ capability: cap, property, propertyCount: count });
    return out.capabilityData.data as Record<string, any>;
  } finally {
    await tss.close();
  }
}

describe("platform utilities against swtpm", () => {
  let cli: CliEnv;
  beforeAll(async () => {
    cli = await startCliEnv();
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });

  it("-h prints the usage on standard output and exits 1, as IBM's do (every utility: packages/cli's tests)", async () => {
    const help = await ok(cli, "--help");
    const names = ["powerup", "startup", "shutdown", "getcapability", "gettestresult", "getcryptolibrary"];
    names.push("returncode", "timepacket", "signapp", "writeapp", "tpmcmd");
    for (const u of names) expect(help).toMatch(new RegExp(`\\n  ${u} +\\S`));
    // Four at a time: one process each.
    for (let i = 0; i < names.length; i += 4) {
      const batch = names.slice(i, i + 4);
      const runs = await Promise.all(batch.map((n) => cli.tss(n, "-v", "-h")));
      runs.forEach((r, j) => {
        expect(r.code, `${batch[j]} -h`).toBe(1);
        expect(r.out, `${batch[j]} -h`).toContain(`\n${batch[j]}\n`);
      });
    }
    if (IBM) {
      for (const u of ["powerup", "startup", "shutdown", "getcapability", "returncode", "timepacket", "signapp"]) {
        expect((await cli.ibm(u, "-h")).code, `IBM's ${u} -h`).toBe(1);
      }
    }
    // Unknown flags and missing values: exit 1 with a message, nothing sent.
    expect(await cli.tss("getcapability", "-cap", "1", "-xyz")).toMatchObject({
      code: 1,
      err: expect.stringContaining("-xyz is not a valid option"),
    });
    expect(await cli.tss("getcapability")).toMatchObject({
      code: 1,
      err: expect.stringContaining("Missing or illegal parameter -cap"),
    });
    expect((await cli.tss("startup", "-loc")).code).toBe(1);
    expect((await cli.tss("tpmcmd")).err).toContain("Missing command specifier");
  });

  it.skipIf(!IBM)(
    "returncode names each code and its handle, parameter or session as IBM's tssreturncode does",
    async () => {
      const codes = ["0", "9a2", "1cb", "18b", "3c1", "c1", "95", "882", "101", "921", "941", "500", "47f"];
      codes.push("b0008", "b0092");
      const ours: { code: number; out: string }[] = [];
      for (let i = 0; i < codes.length; i += 5) {
        ours.push(...(await Promise.all(codes.slice(i, i + 5).map((c) => cli.tss("returncode", c)))));
      }
      for (const [i, c] of codes.entries()) {
        const ibm = await cli.ibm("returncode", c);
        expect(ibm.code).toBe(0);
        expect(ours[i]!.code).toBe(0);
        const theirs = ibm.out.trim();
        const mine = ours[i]!.out.trim();
        // The name (or IBM's fixed wording for codes without one) and the location suffix are IBM's; the texts ours.
        const name = (line: string) => line.split(" -")[0];
        const where = (line: string) => / (Handle|Parameter|Session) number \S+$/.exec(line)?.[0];
        expect(name(mine), c).toBe(name(theirs));
        expect(where(mine), c).toBe(where(theirs));
      }
      // The IBM forms: a bare argument (extra ones ignored), -rc, no argument is exit 1.
      expect((await ok(cli, "returncode", "9a2", "ignored")).trim()).toMatch(/ Session number 1$/);
      expect((await ok(cli, "returncode", "-rc", "0x1cb")).trim()).toMatch(/^TPM_RC_HANDLE - .* Parameter number 1$/);
      expect(await cli.tss("returncode")).toMatchObject({ code: 1, err: expect.stringContaining("needs argument") });
      expect(JSON.parse(await ok(cli, "returncode", "9a2", "--json"))).toMatchObject({
        rc: "000009a2",
        kind: "format-one",
        session: 1,
      });
    },
  );

  it("getcapability prints handles, commands, PP and audit commands byte for byte as IBM's", async () => {
    // One of each kind of handle first: a transient object and a loaded session.
    const primary = await ok(cli, "createprimary", "-hi", "o");
    const objectHandle = /Handle ([0-9a-f]{8})/.exec(primary)![1]!;
    const session = /Handle ([0-9a-f]{8})/.exec(await ok(cli, "startauthsession", "-se", "h"))![1]!;
    const cases = [
      ["-cap", "1", "-pr", "80000000"],
      ["-cap", "1", "-pr", "02000000"],
      ["-cap", "1"],
      ["-cap", "2"],
      ["-cap", "2", "-pr", "17f", "-pc", "3"],
      ["-cap", "3"],
      ["-cap", "4"],
    ];
    for (const args of cases) {
      const ours = await ok(cli, "getcapability", ...args);
      if (IBM) {
        const theirs = await cli.ibm("getcapability", ...args);
        expect(theirs.code).toBe(0);
        expect(ours, args.join(" ")).toBe(theirs.out);
      }
    }
    expect(await ok(cli, "getcapability", "-cap", "1", "-pr", "80000000")).toBe(`1 handles\n\t${objectHandle}\n`);
    expect(await ok(cli, "getcapability", "-cap", "1", "-pr", "02000000")).toContain(`\t${session}\n`);
    // More commands than 64: "moreData: 1" comes first, as IBM's prints it.
    const commands = await ok(cli, "getcapability", "-cap", "2");
    expect(commands.startsWith("moreData: 1\n64 commands\n")).toBe(true);
    const three = await ok(cli, "getcapability", "-cap", "2", "-pr", "17f", "-pc", "3");
    const fromTpm = (await capability(cli, TPM_CAP.COMMANDS, 0x17f, 3)).command as number[];
    expect(three).toBe(
      `moreData: 1\n3 commands\n${fromTpm.map((a) => `\tcommand Attributes ${a.toString(16).padStart(8, "0")}\n`).join("")}`,
    );
    await ok(cli, "flushcontext", "-ha", objectHandle);
    await ok(cli, "flushcontext", "-ha", session);
  });

  it("getcapability: TPM and PCR properties as IBM's lines, with each value decoded", async () => {
    const norm = (text: string) =>
      text
        .replaceAll("\0", "")
        .split("\n")
        // IBM's 1.4.5 does not decode values: keep the property lines, cut the description.
        .filter((l) => l.startsWith("TPM_PT") || /^\d+ properties$/.test(l) || l.startsWith("PCR "))
        .map((l) => l.replace(/^((TPM_PT|TPM_PT_PCR) [0-9a-f]{8}( value [0-9a-f]{8})? \S+) - .*$/, "$1"));
    for (const args of [
      ["-cap", "6"],
      ["-cap", "6", "-pr", "200"],
      ["-cap", "7"],
    ]) {
      const ours = await ok(cli, "getcapability", ...args);
      if (IBM) expect(norm(ours), args.join(" ")).toEqual(norm((await cli.ibm("getcapability", ...args)).out));
    }
    const fixed = await ok(cli, "getcapability", "-cap", "6", "-pr", "100");
    const props = (await capability(cli, TPM_CAP.TPM_PROPERTIES, 0x100)).tpmProperties as {
      property: number;
      value: number;
    }[];
    const value = (pt: number) => props.find((p) => p.property === pt)!.value;
    expect(fixed).toContain(`TPM_PT 00000100 value 322e3000 TPM_PT_FAMILY_INDICATOR - `);
    expect(fixed).toContain("\n\tTPM 2.0\n");
    expect(fixed).toContain(`TPM_PT_REVISION - the specification revision times 100\n\trev ${value(0x102)}\n`);
    expect(fixed).toContain(`TPM_PT_NV_BUFFER_MAX - the most data one NV write or read moves\n\t${value(0x12c)}\n`);
    const v = value(0x125);
    expect(fixed).toContain(`\t${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}\n`);
    expect(fixed).toMatch(/TPM_PT_CONTEXT_HASH - .*\n {4}algorithm TPM_ALG_SHA\d+\n/);
    expect(fixed).toMatch(/TPM_PT_MEMORY - .*\n {4}TPMA_MEMORY: sharedRAM (yes|no)\n/);
    const variable = await ok(cli, "getcapability", "-cap", "6", "-pr", "200", "-pc", "2");
    expect(variable).toMatch(/TPM_PT_PERMANENT - .*\n {4}TPMA_PERMANENT: ownerAuthSet no\n/);
    expect(variable).toMatch(/TPMA_STARTUP_CLEAR: phEnable yes\n/);
    const pcrProps = await ok(cli, "getcapability", "-cap", "7", "-pc", "1");
    // More properties follow: "moreData: 1" first.
    const save = (
      (await capability(cli, TPM_CAP.PCR_PROPERTIES, 0, 1)).pcrProperties as { pcrSelect: Uint8Array }[]
    )[0]!;
    expect(pcrProps).toBe(
      `moreData: 1\n1 properties\nTPM_PT_PCR 00000000 TPM_PT_PCR_SAVE - PCRs saved by Shutdown(STATE) and restored by Startup(STATE)\n${[
        ...save.pcrSelect,
      ]
        .map((b, i) => `PCR ${i * 8}-${i * 8 + 7}  \tpcrSelect\t${b.toString(16).padStart(2, "0")}\n`)
        .join("")}`,
    );
  });

  it("getcapability: algorithms, PCR banks, curves, auth policies and ACTs as the TPM returns them; --json", async () => {
    const algs = await ok(cli, "getcapability", "-cap", "0");
    const algList = (await capability(cli, TPM_CAP.ALGS, 0)).algorithms as { alg: number; algProperties: number }[];
    expect(algs.split("\n")[0]).toBe(`${algList.length} algorithms `);
    for (const a of algList) expect(algs).toContain(`\n   ${NAME_OF_ALG.get(a.alg)}\n`);
    expect(algs).toContain("   TPM_ALG_RSA\n    TPMA_ALGORITHM: asymmetric\n    TPMA_ALGORITHM: object\n");
    if (IBM) {
      // IBM's 1.4.5 says "TPM_ALG_ID" before each name; the rest is the same.
      // It does not know CMAC (and later algorithms): "algorithm 003f unknown".
      const theirs = (await cli.ibm("getcapability", "-cap", "0")).out
        .replaceAll("  TPM_ALG_ID ", "   ")
        .replace(
          /^ +(TPM_ALG_ID )?algorithm ([0-9a-f]{4}) unknown$/gm,
          (_m, _p, h) => `   ${NAME_OF_ALG.get(Number.parseInt(h, 16))}`,
        );
      expect(algs).toBe(theirs);
    }
    const pcrs = await ok(cli, "getcapability", "-cap", "5");
    const banks = (await capability(cli, TPM_CAP.PCRS, 0)).assignedPCR as { hash: number; pcrSelect: Uint8Array }[];
    const hex = (b: Uint8Array) => [...b].map((x) => `${x.toString(16).padStart(2, "0")} `).join("");
    expect(pcrs).toBe(
      `${banks.length} PCR selections\n${banks
        .map(
          (s) =>
            `    hash ${NAME_OF_ALG.get(s.hash)}\n    TPMS_PCR_SELECTION length ${s.pcrSelect.length}\n    ${hex(s.pcrSelect)}\n`,
        )
        .join("")}`,
    );
    const curves = await ok(cli, "getcapability", "-cap", "8");
    const curveList = (await capability(cli, TPM_CAP.ECC_CURVES, 0)).eccCurves as number[];
    expect(curves).toBe(
      `${curveList.length} curves\n${curveList.map((c) => `     ${NAME_OF_CURVE.get(c)}\n`).join("")}`,
    );
    const policies = await ok(cli, "getcapability", "-cap", "9", "-pr", "40000000");
    const policyList = (await capability(cli, TPM_CAP.AUTH_POLICIES, TPM_RH.FIRST)).authPolicies as unknown[];
    expect(policies.split("\n")[0]).toBe(`${policyList.length} authPolicies`);
    expect(policies).toContain("    handle TPM_RH_OWNER\n      hashAlg TPM_ALG_NULL\n");
    const acts = await ok(cli, "getcapability", "-cap", "a", "-pr", "40000110");
    const actList = (await capability(cli, TPM_CAP.ACT, 0x40000110)).actData as unknown[];
    expect(acts.split("\n")[0]).toBe(`${actList.length} actData`);
    // A capability the TPM rejects: IBM's failure lines and exit status 1.
    const bad = await cli.tss("getcapability", "-cap", "9");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^getcapability: failed, rc 000002c4\nTPM_RC_VALUE - .* Parameter number 2\n$/);
    // --json: the decoded capability data, as the TPM returned it.
    const json = JSON.parse(await ok(cli, "getcapability", "-cap", "8", "--json"));
    expect(json).toEqual({ capability: TPM_CAP.ECC_CURVES, moreData: false, data: { eccCurves: curveList } });
  });

  it("shutdown -s, powerup, startup -s restore the saved PCRs (orderly); shutdown -c, startup -c clears them", async () => {
    await ok(cli, "pcrextend", "-ha", "10", "-ic", "state");
    const extended = (await ok(cli, "pcrread", "-ha", "10", "-ns")).trim();
    expect(extended).not.toBe("00".repeat(32));
    await ok(cli, "shutdown", "-c", "-s"); // the later flag wins, as in IBM's
    await ok(cli, "powerup");
    expect((await cli.tss("pcrread", "-ha", "10", "-ns")).err).toContain("rc 00000100");
    await ok(cli, "startup", "-s");
    expect((await ok(cli, "pcrread", "-ha", "10", "-ns")).trim()).toBe(extended);
    expect(await ok(cli, "getcapability", "-cap", "6", "-pr", "201", "-pc", "1")).toContain(
      "TPMA_STARTUP_CLEAR: orderly yes",
    );
    // A Startup(STATE) needs a Shutdown(STATE) before: after Shutdown(CLEAR) it fails, CLEAR works.
    await ok(cli, "shutdown");
    await ok(cli, "powerup");
    const refused = await cli.tss("startup", "-s");
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/startup: failed, rc 000001c4\nTPM_RC_VALUE - .* Parameter number 1\n/);
    await ok(cli, "startup", "-s", "-c");
    expect((await ok(cli, "pcrread", "-ha", "10", "-ns")).trim()).toBe("00".repeat(32));
    // No Shutdown before the power cycle: not orderly.
    await ok(cli, "powerup");
    await ok(cli, "startup");
    expect(await ok(cli, "getcapability", "-cap", "6", "-pr", "201", "-pc", "1")).toContain(
      "TPMA_STARTUP_CLEAR: orderly no",
    );
    // Self-test: -st after the startup, -sto alone; IBM's line either way.
    await ok(cli, "powerup");
    expect(await ok(cli, "startup", "-st")).toBe("selftest: success\n");
    expect(await ok(cli, "startup", "-sto")).toBe("selftest: success\n");
    expect(JSON.parse(await ok(cli, "gettestresult", "--json"))).toMatchObject({ testResult: "00000000" });
  });

  it("startup -loc 3 starts the TPM at locality 3 (PCR 0 holds it); tpmcmd -loc sets swtpm's locality", async () => {
    await ok(cli, "powerup");
    await ok(cli, "startup", "-loc", "3");
    expect((await ok(cli, "pcrread", "-ha", "0", "-ns")).trim()).toBe(`${"00".repeat(31)}03`);
    // PCR 17 is extendable from locality 3 but not 0 (TPM_PT_PCR_EXTEND_L0/L3).
    const denied = await cli.tss("pcrextend", "-ha", "17", "-ic", "x");
    expect(denied.err).toMatch(/rc 00000907\nTPM_RC_LOCALITY/);
    expect((await cli.tss("startup", "-c")).err).toContain("rc 00000100"); // started already
    const raw = { ...cli.env, TPM_SERVER_TYPE: "raw" };
    // Raw framing carries no locality: swtpm's control channel sets it for later commands.
    expect((await runTss(["tpmcmd", "-loc", "3"], raw, { cwd: cli.dir })).code).toBe(0);
    expect(
      (await runTss(["pcrextend", "-ha", "17", "-ic", "x"], { ...raw, TPM_TRANSMIT_LOCALITY: "3" }, { cwd: cli.dir }))
        .code,
    ).toBe(0);
    expect((await runTss(["tpmcmd", "-loc", "0"], raw, { cwd: cli.dir })).code).toBe(0);
    expect((await runTss(["pcrextend", "-ha", "17", "-ic", "x"], raw, { cwd: cli.dir })).err).toContain("rc 00000907");
    // The MS framing carries the locality of each command (TPM_TRANSMIT_LOCALITY).
    expect(
      (await runTss(["pcrextend", "-ha", "17", "-ic", "x"], { ...cli.env, TPM_TRANSMIT_LOCALITY: "3" })).code,
    ).toBe(0);
  });

  it("gettestresult and getcryptolibrary", async () => {
    expect(await ok(cli, "gettestresult")).toBe("testResult TPM_RC_SUCCESS\n");
    expect(await ok(cli, "gettestresult", "-v")).toMatch(/^testResult TPM_RC_SUCCESS\n outData length \d+\n/);
    // Sessions by IBM's attribute bits: an audit session (80) on getcapability, response encryption (40) on outData.
    const session = /Handle ([0-9a-f]{8})/.exec(await ok(cli, "startauthsession", "-se", "h"))![1]!;
    const plain = await ok(cli, "getcapability", "-cap", "6", "-pr", "100", "-pc", "2");
    expect(await ok(cli, "getcapability", "-cap", "6", "-pr", "100", "-pc", "2", "-se0", session, "81")).toBe(plain);
    expect(await ok(cli, "gettestresult", "-se0", session, "41")).toBe("testResult TPM_RC_SUCCESS\n");
    await ok(cli, "flushcontext", "-ha", session);
    expect(await ok(cli, "getcryptolibrary")).toBe("openssl\n");
    expect(JSON.parse(await ok(cli, "getcryptolibrary", "--json"))).toMatchObject({
      library: "openssl",
      openssl: process.versions.openssl,
      plugin: expect.stringMatching(/^@tss\/crypto-/),
    });
  });

  it("timepacket sends a packet file as is and times it", async () => {
    // TPM2_GetRandom(8): tag 8001, size 12, TPM_CC_GetRandom 0000017b, bytesRequested 0008.
    writeFileSync(join(cli.dir, "getrandom.txt"), "80010000000c0000017b0008 ");
    const out = await ok(cli, "timepacket", "-if", "getrandom.txt", "-l", "2");
    expect(out).toMatch(/^End Pass 1\nEnd Pass 2\nLoops 2 time \d+\.\d{6} time per pass \d+\.\d{6}\n$/);
    if (IBM) {
      const theirs = await cli.ibm("timepacket", "-if", "getrandom.txt");
      expect(theirs.out).toMatch(/^End Pass 1\nLoops 1 time /);
    }
    // A packet the TPM rejects: TPM2_GetRandom of a bad size field is IBM's failure line.
    writeFileSync(join(cli.dir, "bad.txt"), "80010000000c0000017a0008 ");
    expect(await cli.tss("timepacket", "-if", "bad.txt")).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^timepacket: failed, rc [0-9a-f]{8}\nTPM_RC_/),
    });
    writeFileSync(join(cli.dir, "nospace.txt"), "80010000000c0000017b0008\n");
    expect((await cli.tss("timepacket", "-if", "nospace.txt")).err).toContain("does not end in a space");
    expect((await cli.tss("timepacket", "-if", "getrandom.txt", "-l", "0")).err).toContain("cannot be 0");
  });

  it("tpmcmd on swtpm's control channel: power off and on, cancel, reset; -stop ends swtpm", async () => {
    await ok(cli, "tpmcmd", "-poweroff");
    expect((await cli.tss("getrandom", "-by", "4")).code).toBe(1);
    await ok(cli, "tpmcmd", "-poweron");
    expect((await cli.tss("getrandom", "-by", "4")).err).toContain("rc 00000100");
    await ok(cli, "startup");
    await ok(cli, "tpmcmd", "-cancelon");
    await ok(cli, "tpmcmd", "-canceloff");
    expect(await ok(cli, "getrandom", "-by", "4", "-ns")).toMatch(/^[0-9a-f]{8}\n$/);
    await ok(cli, "tpmcmd", "-reset");
    expect((await cli.tss("getrandom", "-by", "4")).err).toContain("rc 00000100");
    await ok(cli, "startup");
    const nvoff = await cli.tss("tpmcmd", "-nvoff");
    expect(nvoff).toMatchObject({ code: 1, err: expect.stringContaining("UNSUPPORTED") });
    expect((await cli.tss("tpmcmd", "-loc", "7")).code).toBe(1);
    expect(JSON.parse(await ok(cli, "tpmcmd", "-canceloff", "--json"))).toEqual({
      signal: "canceloff",
      locality: null,
    });
    // The last flag: swtpm exits (CMD_SHUTDOWN), so nothing answers afterwards.
    await ok(cli, "tpmcmd", "-stop");
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: cli.tpm.host, port: cli.tpm.port });
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (e) => resolve((e as NodeJS.ErrnoException).code ?? String(e)));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});

/** A fake MS-simulator platform port that records the codes it gets and acknowledges each with 0. */
async function recordingPlatformPort(): Promise<{ port: number; codes: number[]; server: Server }> {
  const codes: number[] = [];
  const server = createServer((socket) => {
    let pending = Buffer.alloc(0);
    socket.on("data", (d) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 4) {
        const code = pending.readUInt32BE(0);
        pending = pending.subarray(4);
        codes.push(code);
        // TPM_SESSION_END (20) and TPM_STOP (21) are not answered.
        if (code === 20 || code === 21) socket.end();
        else socket.write(Buffer.from([0, 0, 0, 0]));
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, codes, server };
}

describe("tpmcmd and powerup in the MS simulator's platform dialect", () => {
  it("send the MS platform codes: power, NV, cancel, physical presence, reset, stop", async () => {
    const fake = await recordingPlatformPort();
    const env = {
      PATH: process.env.PATH,
      TPM_INTERFACE_TYPE: "socsim",
      TPM_SERVER_NAME: "127.0.0.1",
      TPM_COMMAND_PORT: "1",
      TPM_PLATFORM_PORT: String(fake.port),
      TPM_PLATFORM_TYPE: "mssim",
    };
    const dir = mkdtempSync(join(tmpdir(), "tss-cli-mssim-"));
    try {
      const run = async (...args: string[]) => {
        const before = fake.codes.length;
        const r = await runTss(args, env, { cwd: dir });
        expect(r.code, `${args.join(" ")}: ${r.err}`).toBe(0);
        // Every connection ends with TPM_SESSION_END (20) unless the simulator was stopped.
        return fake.codes.slice(before).filter((c) => c !== 20);
      };
      expect(await run("powerup")).toEqual([2, 1, 11]);
      expect(await run("tpmcmd", "-poweroff")).toEqual([2]);
      expect(await run("tpmcmd", "-poweron")).toEqual([1]);
      expect(await run("tpmcmd", "-nvon")).toEqual([11]);
      expect(await run("tpmcmd", "-nvoff")).toEqual([12]);
      expect(await run("tpmcmd", "-cancelon")).toEqual([9]);
      expect(await run("tpmcmd", "-canceloff")).toEqual([10]);
      expect(await run("tpmcmd", "-ppon")).toEqual([3]);
      expect(await run("tpmcmd", "-ppoff")).toEqual([4]);
      expect(await run("tpmcmd", "-reset")).toEqual([2, 1]);
      expect(await run("tpmcmd", "-nvon", "-stop")).toEqual([21]);
      // The MS simulator takes the locality with each command, not as a platform signal.
      const loc = await runTss(["tpmcmd", "-loc", "3"], env, { cwd: dir });
      expect(loc).toMatchObject({ code: 1, err: expect.stringContaining("TPM_TRANSMIT_LOCALITY") });
      // A real TPM has no platform port.
      const dev = await runTss(["powerup"], { ...env, TPM_INTERFACE_TYPE: "dev" }, { cwd: dir });
      expect(dev).toMatchObject({ code: 1, err: expect.stringContaining("UNSUPPORTED") });
    } finally {
      fake.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An swtpm state folder with an RSA EK certificate at 01c00002 (swtpm_setup and its local CA). */
function provisionEkCertificate(): string {
  const dir = mkdtempSync(join(tmpdir(), "tss-cli-ek-"));
  provisionWithSwtpmSetup(dir);
  return dir;
}

describe("signapp and writeapp, IBM's sample applications", () => {
  let cli: CliEnv;
  let plain: CliEnv;
  let ekDir: string;
  beforeAll(async () => {
    ekDir = provisionEkCertificate();
    cli = await startCliEnv({ swtpm: { stateDir: join(ekDir, "state") } });
    plain = await startCliEnv();
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
    await plain?.stop();
    if (ekDir) rmSync(ekDir, { recursive: true, force: true });
  });

  it("signapp signs through a salted, bound HMAC session and through the key's policy; node:crypto verifies both", async () => {
    expect(await ok(cli, "signapp", "-ic", "a message")).toBe("signapp: success\n");
    const json = JSON.parse(await ok(cli, "signapp", "-ic", "a message", "--json"));
    const rsa = json.outPublic.publicArea;
    expect(rsa.authPolicy).toBe("7ea10de005fcb21d44f24bc8f74c28a8b9edf14b1c53ea4ccf3c5a4ce38c756e");
    const key = createPublicKey({
      key: { kty: "RSA", n: Buffer.from(rsa.unique.rsa, "hex").toString("base64url"), e: "AQAB" },
      format: "jwk",
    });
    expect(json.digest).toBe(createHash("sha256").update("a message").digest("hex"));
    expect(json.signatures).toHaveLength(2);
    for (const s of json.signatures) {
      expect(s.sigAlg).toBe(TPM_ALG_ID.RSASSA);
      const sig = Buffer.from(s.signature.rsassa.sig, "hex");
      expect(verify("sha256", Buffer.from("a message"), key, sig)).toBe(true);
      expect(verify("sha256", Buffer.from("another message"), key, sig)).toBe(false);
    }
    expect(await ok(cli, "signapp", "-ic", "a message", "-pwsess")).toBe("signapp: success\n");
    const verbose = await ok(cli, "signapp", "-ic", "x", "-v");
    expect(verbose).toContain("INFO: Start a salt and bind session\n");
    expect(verbose.endsWith("signapp: success\n")).toBe(true);
    expect((await cli.tss("signapp")).err).toContain("Missing message -ic");
    // Nothing left loaded: the EK, key and sessions were flushed.
    expect(await ok(cli, "getcapability", "-cap", "1", "-pr", "80000000")).toBe("0 handles\n");
    expect(await ok(cli, "getcapability", "-cap", "1", "-pr", "02000000")).toBe("0 handles\n");
    if (IBM) expect((await cli.ibm("signapp", "-ic", "a message")).out).toBe("signapp: success\n");
  });

  it("writeapp writes its index through salted sessions bound to it, then undefines it; no EK certificate, no salt", async () => {
    expect(await ok(cli, "writeapp")).toBe("writeapp: success\n");
    expect(await ok(cli, "writeapp", "-pwsess")).toBe("writeapp: success\n");
    // The index is gone and nothing is left loaded.
    expect((await cli.tss("nvreadpublic", "-ha", "01000000")).err).toContain("rc 0000018b");
    expect(await ok(cli, "getcapability", "-cap", "1", "-pr", "80000000")).toBe("0 handles\n");
    if (IBM) expect((await cli.ibm("writeapp")).out).toBe("writeapp: success\n");
    // Without an EK certificate the salt key cannot be trusted: both fail (IBM's too); -pwsess needs none.
    const ours = await plain.tss("writeapp");
    expect(ours).toMatchObject({ code: 1, err: expect.stringContaining("01c00002") });
    if (IBM) expect((await plain.ibm("writeapp")).code).toBe(1);
    expect(await ok(plain, "writeapp", "-pwsess")).toBe("writeapp: success\n");
  });
});
