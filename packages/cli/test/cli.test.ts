// The tss utilities against a private swtpm, driven like the IBM TSS regression
// scripts: each call is a separate main() invocation (a fresh TSS context) sharing
// only the environment and TPM_DATA_DIR, as separate processes would.
import { createHash, createPublicKey, verify } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, main, UTILITIES } from "@tss/cli";
import { ByteReader, TPM2B_PUBLIC } from "@tss/marshal";
import { type Swtpm, startSwtpm } from "@tss/reg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let tpm: Swtpm;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  tpm = await startSwtpm();
  dir = mkdtempSync(join(tmpdir(), "tss-cli-"));
  env = {
    TPM_INTERFACE_TYPE: "socsim",
    TPM_SERVER_NAME: "127.0.0.1",
    TPM_SERVER_TYPE: "mssim",
    TPM_COMMAND_PORT: String(tpm.port),
    TPM_PLATFORM_PORT: String(tpm.ctrlPort),
    TPM_PLATFORM_TYPE: "swtpm",
    TPM_DATA_DIR: dir,
    TPM_SESSION_ENCKEY: "00112233445566778899aabbccddeeff",
  };
});
afterAll(async () => {
  await tpm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `tss <args>` in-process; returns the exit code and what it printed. */
async function tss(...args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env,
    cwd: dir,
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** Runs and expects success; returns stdout. */
async function ok(...args: string[]): Promise<string> {
  const r = await tss(...args);
  if (r.code !== 0) throw new Error(`tss ${args.join(" ")} exited ${r.code}: ${r.err}${r.out}`);
  return r.out;
}

function handleOf(out: string): string {
  const m = /^Handle ([0-9a-f]{8})$/m.exec(out);
  if (!m) throw new Error(`no handle in ${JSON.stringify(out)}`);
  return m[1]!;
}

/** Bytes back from the TSS_PrintAll layout. */
function bytesOf(printed: string): Uint8Array {
  const body = printed.split("\n").slice(1).join(" ").trim();
  return Uint8Array.from(body.split(/\s+/).filter(Boolean), (h) => Number.parseInt(h, 16));
}

describe("the dispatcher", () => {
  it("--help lists every utility; <utility> -h prints its usage", async () => {
    const help = await tss("--help");
    expect(help.code).toBe(0);
    for (const u of ["getrandom", "createprimary", "startauthsession", "nvdefinespace", "returncode"])
      expect(help.out).toContain(u);
    // As IBM's: usage on standard output and exit status 1 (IBM's testhelp.sh expects a failure).
    const usage = await tss("getrandom", "-h");
    expect(usage.code).toBe(1);
    expect(usage.out).toContain("-by\tbytes requested");
    expect((await tss()).code).toBe(1);
  });

  it("every utility: -h prints its usage on standard output and exits 1; an unknown flag exits 1", async () => {
    for (const name of UTILITIES.keys()) {
      const usage = await tss(name, "-v", "-h");
      expect(usage.code, `${name} -h`).toBe(1);
      expect(usage.out, `${name} -h`).toContain(`\n${name}\n`);
      expect(usage.out, `${name} -h`).toContain("\t--json\t");
      const bad = await tss(name, "--no-such-flag");
      expect(bad.code, `${name} --no-such-flag`).toBe(1);
      expect(bad.err).toContain("--no-such-flag is not a valid option");
      expect(bad.out).toBe("");
    }
  });

  it("unknown utilities, unknown flags, missing and bad values exit 1 with a message", async () => {
    expect(await tss("frobnicate")).toMatchObject({ code: 1, err: expect.stringContaining("unknown utility") });
    expect(await tss("getrandom", "-by", "8", "-bogus")).toMatchObject({
      code: 1,
      err: expect.stringContaining("-bogus is not a valid option"),
    });
    expect(await tss("getrandom", "-by")).toMatchObject({
      code: 1,
      err: expect.stringContaining("-by option needs a value"),
    });
    expect(await tss("getrandom", "-by", "eight")).toMatchObject({
      code: 1,
      err: expect.stringContaining("bad parameter eight"),
    });
    expect(await tss("flushcontext", "-ha", "xyz")).toMatchObject({ code: 1 });
    expect(await tss("getrandom", "-by", "4", "-se0", "02000000", "100")).toMatchObject({
      code: 1,
      err: expect.stringContaining("out of range session attributes"),
    });
    expect(await tss("startauthsession", "-se", "q")).toMatchObject({ code: 1 });
    expect(await tss("createprimary", "-si", "-st")).toMatchObject({
      code: 1,
      err: expect.stringContaining("too many key attributes"),
    });
    expect(await tss("create", "-hp", "80000000", "-bl")).toMatchObject({
      code: 1,
      err: expect.stringContaining("-bl needs -if"),
    });
    expect(await tss("nvread", "-ha", "81000000")).toMatchObject({
      code: 1,
      err: expect.stringContaining("MSB not 01"),
    });
  });

  it("returncode prints the response code's name, location and text", async () => {
    // 0x9a2: format one (0x080), session bit (0x800), session 1, error 0x22 = TPM_RC_BAD_AUTH.
    const out = await ok("returncode", "9a2");
    expect(out).toMatch(/^TPM_RC_BAD_AUTH - .* Session number 1\n$/);
    expect(await ok("returncode", "-rc", "0x101")).toMatch(/^TPM_RC_FAILURE - /);
    expect(await ok("returncode", "0")).toMatch(/^TPM_RC_SUCCESS/);
    expect((await tss("returncode")).code).toBe(1);
  });
});

describe("a regression script against swtpm", () => {
  let storage = "";
  let signer = "";

  it("powerup, startup, getrandom (TSS_PrintAll layout and -ns)", async () => {
    await ok("powerup");
    // After a power cycle the TPM needs Startup: GetRandom fails with TPM_RC_INITIALIZE (0x100).
    const before = await tss("getrandom", "-by", "8");
    expect(before.code).toBe(1);
    expect(before.err).toContain("getrandom: failed, rc 00000100");
    expect(before.err).toContain("TPM_RC_INITIALIZE");
    await ok("startup", "-c");
    const printed = await ok("getrandom", "-by", "40");
    expect(printed.split("\n")[0]).toBe(" randomBytes length 40");
    expect(printed.split("\n")[1]).toMatch(/^ ([0-9a-f]{2} ){16}$/);
    expect(bytesOf(printed)).toHaveLength(40);
    const ns = await ok("getrandom", "-by", "100", "-ns", "-nz", "-of", "rand.bin");
    expect(ns).toMatch(/^[0-9a-f]{200}\n$/);
    const file = readFileSync(join(dir, "rand.bin"));
    expect(file).toHaveLength(101); // -nz appends a nul terminator
    expect(file.subarray(0, 100).includes(0)).toBe(false);
    expect(file.subarray(0, 100).toString("hex")).toBe(ns.trim());
  });

  it("getcapability decodes TPM properties", async () => {
    // TPM_PT_FAMILY_INDICATOR (0x100) is "2.0\0".
    const out = await ok("getcapability", "-cap", "6", "-pr", "100", "-pc", "1");
    expect(out).toContain("1 properties");
    expect(out).toContain("TPM_PT 00000100 value 322e3000");
    const pcrs = await ok("getcapability", "-cap", "5");
    expect(pcrs).toMatch(/PCR selections/);
  });

  it("pcrextend then pcrread give SHA-256(old || data padded with zeros)", async () => {
    const before = (await ok("pcrread", "-ha", "16", "-ns")).trim();
    expect(before).toBe("00".repeat(32));
    await ok("pcrextend", "-ha", "16", "-halg", "sha256", "-halg", "sha1", "-ic", "abc");
    const padded = Buffer.alloc(32);
    padded.write("abc");
    const expected = createHash("sha256").update(Buffer.alloc(32)).update(padded).digest("hex");
    const padded1 = Buffer.alloc(20);
    padded1.write("abc");
    const expected1 = createHash("sha1").update(Buffer.alloc(20)).update(padded1).digest("hex");
    const both = await ok("pcrread", "-ha", "16", "-halg", "sha256", "-halg", "sha1", "-ns", "-of", "pcr.bin");
    expect(both).toBe(`${expected}\n${expected1}\n`);
    expect(readFileSync(join(dir, "pcr.bin")).toString("hex")).toBe(expected);
    const human = await ok("pcrread", "-ha", "16");
    expect(human).toMatch(/^count 1 pcrUpdateCounter \d+ \n digest length 32\n/);
  });

  it("createprimary, create a signing key, load, sign, verifysignature; node:crypto checks the signature", async () => {
    storage = handleOf(await ok("createprimary", "-hi", "o", "-pwdk", "sto"));
    await ok("create", "-hp", storage, "-pwdp", "sto", "-si", "-pwdk", "kpw", "-opu", "sign.pub", "-opr", "sign.priv");
    signer = handleOf(await ok("load", "-hp", storage, "-pwdp", "sto", "-ipu", "sign.pub", "-ipr", "sign.priv"));
    writeFileSync(join(dir, "msg.bin"), "a message to sign");
    await ok("sign", "-hk", signer, "-pwdk", "kpw", "-if", "msg.bin", "-os", "sig.bin");
    await ok("verifysignature", "-hk", signer, "-if", "msg.bin", "-is", "sig.bin", "-tk", "tk.bin");
    expect(existsSync(join(dir, "tk.bin"))).toBe(true);

    // Independently: the RSASSA-SHA256 signature verifies under the public key in sign.pub.
    const pub = TPM2B_PUBLIC.read(new ByteReader(readFileSync(join(dir, "sign.pub"))), "pub") as any;
    const n = Buffer.from(pub.publicArea.unique.rsa).toString("base64url");
    const key = createPublicKey({ key: { kty: "RSA", n, e: "AQAB" }, format: "jwk" });
    const sigFile = readFileSync(join(dir, "sig.bin"));
    // TPMT_SIGNATURE: sigAlg (2) hash (2) size (2) signature.
    expect(sigFile.readUInt16BE(0)).toBe(0x0014);
    const sig = sigFile.subarray(6, 6 + sigFile.readUInt16BE(4));
    expect(verify("sha256", Buffer.from("a message to sign"), key, sig)).toBe(true);

    // A different message: the TPM rejects the signature (TPM_RC_SIGNATURE, parameter 2).
    writeFileSync(join(dir, "other.bin"), "another message");
    const bad = await tss("verifysignature", "-hk", signer, "-if", "other.bin", "-is", "sig.bin");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/verifysignature: failed, rc 000002db\nTPM_RC_SIGNATURE - .* Parameter number 2\n/);
  });

  it("a wrong password fails with the rc line naming session 1", async () => {
    const r = await tss("sign", "-hk", signer, "-pwdk", "wrong", "-if", "msg.bin");
    expect(r.code).toBe(1);
    expect(r.err).toContain("sign: failed, rc 000009a2");
    expect(r.err).toMatch(/TPM_RC_BAD_AUTH - .* Session number 1\n/);
  });

  it("an HMAC session started by one invocation authorizes later ones through TPM_DATA_DIR", async () => {
    const session = handleOf(await ok("startauthsession", "-se", "h"));
    expect(session).toMatch(/^02/);
    // The session's state is kept, sealed, in the data directory.
    const saved = readFileSync(join(dir, `h${session}.bin`));
    expect(saved.length).toBeGreaterThan(0);
    await ok("sign", "-hk", signer, "-pwdk", "kpw", "-if", "msg.bin", "-os", "sig2.bin", "-se0", session, "01");
    await ok("verifysignature", "-hk", signer, "-if", "msg.bin", "-is", "sig2.bin");
    // The nonces rolled: the saved state changed.
    expect(readFileSync(join(dir, `h${session}.bin`)).equals(saved)).toBe(false);
    // A wrong password in the HMAC session: TPM_RC_BAD_AUTH at session 1; the session survives.
    const bad = await tss("sign", "-hk", signer, "-pwdk", "nope", "-if", "msg.bin", "-se0", session, "01");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("rc 000009a2");
    expect(bad.err).toContain("Session number 1");
    // The session with continueSession clear ends after this command; its file goes.
    await ok("sign", "-hk", signer, "-pwdk", "kpw", "-if", "msg.bin", "-se0", session, "00");
    expect(existsSync(join(dir, `h${session}.bin`))).toBe(false);
    // The TPM agrees: flushing the ended session fails.
    expect((await tss("flushcontext", "-ha", session)).code).toBe(1);
  });

  it("NV define, write, read and undefine through a salted AES session (parameter encryption both ways)", async () => {
    const session = handleOf(await ok("startauthsession", "-se", "h", "-hs", storage, "-sym", "aes"));
    const defined = await ok("nvdefinespace", "-ha", "01500001", "-hi", "o", "-pwdn", "nvpw", "-sz", "1500", "-v");
    // IBM's prints its success line with or without -v; the dispatcher does not add a second.
    expect(defined.match(/nvdefinespace: success/g)).toHaveLength(1);
    const pub = await ok("nvreadpublic", "-ha", "01500001", "-ns");
    expect(pub).toContain("nvreadpublic: data size 1500");
    // A write larger than one NV buffer goes in chunks; decrypt (20) on the command.
    const data = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7 + 3) & 0xff));
    writeFileSync(join(dir, "nv.bin"), data);
    const stateFile = join(dir, `h${session}.bin`);
    const s0 = readFileSync(stateFile);
    await ok("nvwrite", "-ha", "01500001", "-pwdn", "nvpw", "-if", "nv.bin", "-se0", session, "21");
    // The session authorized the writes: its saved nonces rolled.
    const s1 = readFileSync(stateFile);
    expect(s1.equals(s0)).toBe(false);
    // Read back with response encryption (40).
    const printed = await ok("nvread", "-ha", "01500001", "-pwdn", "nvpw", "-se0", session, "41", "-of", "nvout.bin");
    expect(printed.split("\n")[0]).toBe(" nvread: data length 1500");
    expect(readFileSync(stateFile).equals(s1)).toBe(false);
    expect(readFileSync(join(dir, "nvout.bin")).equals(data)).toBe(true);
    expect(Buffer.from(bytesOf(printed)).equals(data)).toBe(true);
    // Offset and size; a string write.
    await ok("nvwrite", "-ha", "01500001", "-pwdn", "nvpw", "-ic", "hello", "-off", "10", "-se0", session, "21");
    const part = await ok(
      "nvread",
      "-ha",
      "01500001",
      "-pwdn",
      "nvpw",
      "-sz",
      "5",
      "-off",
      "10",
      "-se0",
      session,
      "41",
    );
    expect(Buffer.from(bytesOf(part)).toString()).toBe("hello");
    // Wrong NV password.
    const bad = await tss("nvread", "-ha", "01500001", "-pwdn", "wrong", "-sz", "4");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/TPM_RC_BAD_AUTH - .* Session number 1\n/);
    await ok("flushcontext", "-ha", session);
    await ok("nvundefinespace", "-ha", "01500001", "-hi", "o");
    expect((await tss("nvreadpublic", "-ha", "01500001")).err).toContain("TPM_RC_HANDLE");
  });

  it("sealed data: create -bl, load, and the object's public area with readpublic", async () => {
    writeFileSync(join(dir, "secret.bin"), "sealed secret");
    await ok("create", "-hp", storage, "-pwdp", "sto", "-bl", "-if", "secret.bin", "-opu", "bl.pub", "-opr", "bl.priv");
    const blob = handleOf(await ok("load", "-hp", storage, "-pwdp", "sto", "-ipu", "bl.pub", "-ipr", "bl.priv"));
    // As IBM's: -ns alone prints only the Name; -v adds the public area.
    const rp = await ok("readpublic", "-ho", blob, "-ns", "-opu", "bl2.pub");
    expect(rp).toMatch(/^000b[0-9a-f]{64}\n$/);
    expect(await ok("readpublic", "-ho", blob, "-v")).toContain("type TPM_ALG_KEYEDHASH");
    expect(readFileSync(join(dir, "bl2.pub")).equals(readFileSync(join(dir, "bl.pub")))).toBe(true);
    await ok("flushcontext", "-ha", blob);
  });

  it("evictcontrol, hierarchychangeauth, ECC primaries, shutdown", async () => {
    await ok("evictcontrol", "-hi", "o", "-ho", storage, "-hp", "81000001");
    expect(await ok("readpublic", "-ho", "81000001", "-v")).toContain("type TPM_ALG_RSA");
    await ok("evictcontrol", "-hi", "o", "-ho", "81000001", "-hp", "81000001");
    expect((await tss("readpublic", "-ho", "81000001")).code).toBe(1);

    await ok("hierarchychangeauth", "-hi", "o", "-pwdn", "ownerpw");
    const denied = await tss("createprimary", "-hi", "o", "-ecc", "nistp256");
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/TPM_RC_BAD_AUTH - .* Session number 1\n/);
    const ecc = handleOf(
      await ok("createprimary", "-hi", "o", "-pwdp", "ownerpw", "-ecc", "nistp256", "-opu", "ecc.pub"),
    );
    const pub = TPM2B_PUBLIC.read(new ByteReader(readFileSync(join(dir, "ecc.pub"))), "pub") as any;
    expect(pub.publicArea.unique.ecc.x).toHaveLength(32);
    await ok("hierarchychangeauth", "-hi", "o", "-pwda", "ownerpw");
    // The same through nul-terminated password files (-pwdni, -pwdai).
    writeFileSync(join(dir, "ownerpw.txt"), "filepw\0");
    await ok("hierarchychangeauth", "-hi", "o", "-pwdni", "ownerpw.txt");
    expect((await tss("hierarchychangeauth", "-hi", "o", "-pwda", "ownerpw")).code).toBe(1);
    await ok("hierarchychangeauth", "-hi", "o", "-pwdai", "ownerpw.txt");
    await ok("flushcontext", "-ha", ecc);
    const verbose = await tss("shutdown", "-c", "-v");
    expect(verbose.code).toBe(0);
    expect(verbose.out).toContain("shutdown: success");
    // -v: trace level 2 (command and response headers) on the utility's standard error.
    expect(verbose.err).toContain("tss: Shutdown: sending 12 bytes, header 80010000000c00000145");
  });
});
