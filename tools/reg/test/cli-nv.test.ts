// The NV utilities as the built `tss` binary, one process per call, against a
// private swtpm, in the flows of the IBM regression's NV group, checked against
// what the TPM holds and against Debian's IBM TSS utilities (tss2, 1.4.5) on the
// same swtpm: ordinary indexes with a password and with a policy, big data
// written and read in chunks, counter, bits and extend indexes (the extend value
// checked with node:crypto), PIN Pass and PIN Fail indexes (-id), write, read and
// global locks, nvchangeauth and nvundefinespacespecial under policy sessions
// started and satisfied by our policy utilities. nvcertify over a written index
// is in cli-attestation.test.ts.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, startCliEnv, tssOk } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** A policy digest made by extending, as TPM2_Policy* commands do: H(old || commandCode || args). */
function policyDigest(...steps: Uint8Array[]): Uint8Array {
  let d = new Uint8Array(32);
  for (const s of steps) d = new Uint8Array(createHash("sha256").update(d).update(s).digest());
  return d;
}
const u32 = (...n: number[]) => {
  const b = Buffer.alloc(4 * n.length);
  for (const [i, v] of n.entries()) b.writeUInt32BE(v, 4 * i);
  return new Uint8Array(b);
};
const TPM_CC = {
  PolicyCommandCode: 0x16c,
  PolicyAuthValue: 0x16b,
  NV_Write: 0x137,
  NV_ChangeAuth: 0x13b,
  NV_UndefineSpaceSpecial: 0x11f,
};
/** PolicyCommandCode(cc), then PolicyAuthValue when `authValue`. */
const commandCodePolicy = (cc: number, authValue: boolean) =>
  policyDigest(u32(TPM_CC.PolicyCommandCode, cc), ...(authValue ? [u32(TPM_CC.PolicyAuthValue)] : []));

/** The bytes of an `nvread` data dump (" nvread: data length n" then hex lines). */
function dumpBytes(out: string, label = "nvread: data"): Uint8Array {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.trim().startsWith(`${label} length`));
  if (start < 0) throw new Error(`no ${label} in ${out}`);
  const length = Number(/length (\d+)/.exec(lines[start]!)![1]);
  const bytes: number[] = [];
  for (const l of lines.slice(start + 1)) {
    if (bytes.length >= length) break;
    for (const h of l.trim().split(/\s+/)) if (/^[0-9a-f]{2}$/.test(h)) bytes.push(Number.parseInt(h, 16));
  }
  return Uint8Array.from(bytes.slice(0, length));
}

describe("NV utilities against swtpm", () => {
  let cli: CliEnv;
  const ok = (...args: string[]) => tssOk(cli, ...args);
  const fails = async (...args: string[]) => {
    const r = await cli.tss(...args);
    expect(r.code, `tss ${args.join(" ")} should fail:\n${r.out}${r.err}`).toBe(1);
    return r;
  };
  const file = (name: string) => new Uint8Array(readFileSync(join(cli.dir, name)));
  const put = (name: string, bytes: Uint8Array | string) => writeFileSync(join(cli.dir, name), bytes);
  /** Starts a policy session, runs PolicyCommandCode(cc) (and PolicyAuthValue) on it; returns its handle. */
  const policySession = async (cc: number, authValue: boolean) => {
    const h = handleOf(await ok("startauthsession", "-se", "p"));
    await ok("policycommandcode", "-ha", h, "-cc", cc.toString(16));
    if (authValue) await ok("policyauthvalue", "-ha", h);
    return h;
  };

  beforeAll(async () => {
    cli = await startCliEnv();
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });

  it("an ordinary index with a password: define, write, read, readpublic; IBM's utilities read ours and ours read IBM's", async () => {
    expect(await ok("nvdefinespace", "-ha", "01000000", "-hi", "o", "-pwdn", "pwd", "-sz", "16")).toBe(
      "nvdefinespace: success\n",
    );
    await ok("nvwrite", "-ha", "01000000", "-pwdn", "pwd", "-ic", "0123456789abcdef");
    const read = await ok("nvread", "-ha", "01000000", "-pwdn", "pwd", "-sz", "16", "-of", "d.bin");
    expect(new TextDecoder().decode(dumpBytes(read))).toBe("0123456789abcdef");
    expect(new TextDecoder().decode(file("d.bin"))).toBe("0123456789abcdef");
    // -off and -sz: a part; a wrong password fails.
    expect(
      new TextDecoder().decode(
        dumpBytes(await ok("nvread", "-ha", "01000000", "-pwdn", "pwd", "-sz", "4", "-off", "6")),
      ),
    ).toBe("6789");
    await fails("nvread", "-ha", "01000000", "-pwdn", "xxx", "-sz", "4");
    const json = JSON.parse(await ok("nvread", "-ha", "01000000", "-pwdn", "pwd", "--json"));
    expect(json).toEqual({
      nvIndex: "01000000",
      offset: 0,
      size: 16,
      data: hex(new TextEncoder().encode("0123456789abcdef")),
    });
    const pub = await ok(
      "nvreadpublic",
      "-ha",
      "01000000",
      "-nalg",
      "sha256",
      "-opu",
      "nv.pub",
      "-on",
      "nv.name",
      "-ns",
    );
    expect(pub).toContain(
      "nvreadpublic: name algorithm 000b\nnvreadpublic: data size 16\nnvreadpublic: attributes 22040004\n",
    );
    expect(pub).toContain("TPMA_NV_AUTHWRITE\nTPM_NT_ORDINARY\nTPMA_NV_AUTHREAD\nTPMA_NV_NO_DA\nTPMA_NV_WRITTEN\n");
    expect(pub).toContain(`${hex(file("nv.name"))}\n`);
    expect(file("nv.pub").length).toBe(2 + 14);
    await fails("nvreadpublic", "-ha", "01000000", "-nalg", "sha1");
    const pj = JSON.parse(await ok("nvreadpublic", "-ha", "01000000", "--json"));
    expect(pj.attributeNames).toContain("TPMA_NV_WRITTEN");
    expect(pj.name).toBe(hex(file("nv.name")));
    if (!IBM) return;
    // IBM's nvread reads what ours wrote, and prints the same text; so does IBM's nvreadpublic.
    expect(await ibmOk(cli, "nvread", "-ha", "01000000", "-pwdn", "pwd", "-sz", "16")).toBe(read);
    const theirs = await ibmOk(cli, "nvreadpublic", "-ha", "01000000");
    // Byte for byte, but for -ns's extra last line.
    expect(theirs).toBe(pub.slice(0, pub.lastIndexOf(hex(file("nv.name")))));
    // The reverse: IBM defines and writes, ours reads.
    await ibmOk(cli, "nvdefinespace", "-ha", "01000001", "-hi", "o", "-pwdn", "ibm", "-sz", "8");
    await ibmOk(cli, "nvwrite", "-ha", "01000001", "-pwdn", "ibm", "-ic", "IBMwrote");
    expect(new TextDecoder().decode(dumpBytes(await ok("nvread", "-ha", "01000001", "-pwdn", "ibm")))).toBe("IBMwrote");
    await ok("nvundefinespace", "-ha", "01000001", "-hi", "o");
    // The same nvdefinespace flags give the same public area from IBM's and from ours.
    put("pol32.bin", new Uint8Array(32).fill(7));
    const flagSets = [
      ["-hi", "p", "-ty", "c", "+at", "wst", "+at", "rst", "-hia", "p", "-pwdn", "x", "-at", "da"],
      ["-hi", "o", "-ty", "e", "-nalg", "sha384", "+at", "ppr", "+at", "wd"],
      ["-hi", "p", "-sz", "9", "-pol", "pol32.bin", "-at", "pw", "+at", "gl", "+at", "wa", "-hia", "o", "+at", "pold"],
    ];
    for (const [i, flags] of flagSets.entries()) {
      const [ours, theirs] = [`0180000${i}`, `0180001${i}`];
      await ibmOk(cli, "nvdefinespace", "-ha", theirs, ...flags);
      await ok("nvdefinespace", "-ha", ours, ...flags);
      const [a, b] = await Promise.all(
        [ours, theirs].map(async (h) => JSON.parse(await ok("nvreadpublic", "-ha", h, "--json"))),
      );
      expect({ ...a, nvIndex: 0, name: 0 }, flags.join(" ")).toEqual({ ...b, nvIndex: 0, name: 0 });
    }
  });

  it("HMAC sessions across processes, as IBM's regression runs it: Names tracked through WRITTEN; owner auth with a password", async () => {
    const h = handleOf(await ok("startauthsession", "-se", "h"));
    await ok("nvdefinespace", "-ha", "01000010", "-hi", "o", "-pwdn", "nnn", "-sz", "16");
    await fails("nvreadpublic", "-ha", "01000010", "-nalg", "sha384");
    // Unwritten: the read fails; then a write with command encryption and a read with response encryption.
    await fails("nvread", "-ha", "01000010", "-pwdn", "nnn", "-sz", "16", "-se0", h, "1");
    await ok("nvwrite", "-ha", "01000010", "-pwdn", "nnn", "-ic", "encrypted write!", "-se0", h, "21");
    const read = await ok("nvread", "-ha", "01000010", "-pwdn", "nnn", "-sz", "16", "-se0", h, "41");
    expect(new TextDecoder().decode(dumpBytes(read))).toBe("encrypted write!");
    // Commands of the other index types are refused on an ordinary index.
    await fails("nvincrement", "-ha", "01000010", "-pwdn", "nnn", "-se0", h, "1");
    await fails("nvextend", "-ha", "01000010", "-pwdn", "nnn", "-ic", "x", "-se0", h, "1");
    // A counter and an extend index whose Names change (WRITTEN) in one process, used under the session in the next.
    await ok("nvdefinespace", "-ha", "01000012", "-hi", "o", "-pwdn", "nnn", "-ty", "c");
    await ok("nvincrement", "-ha", "01000012", "-pwdn", "nnn");
    await ok("nvincrement", "-ha", "01000012", "-pwdn", "nnn", "-se0", h, "1");
    await ok("nvread", "-ha", "01000012", "-pwdn", "nnn", "-se0", h, "41");
    await ok("nvdefinespace", "-ha", "01000013", "-hi", "o", "-pwdn", "nnn", "-ty", "e");
    await ok("nvextend", "-ha", "01000013", "-pwdn", "nnn", "-ic", "secret extend", "-se0", h, "21");
    const extended = dumpBytes(await ok("nvread", "-ha", "01000013", "-pwdn", "nnn", "-se0", h, "41"));
    expect(hex(extended)).toBe(createHash("sha256").update(Buffer.alloc(32)).update("secret extend").digest("hex"));
    await ok("flushcontext", "-ha", h);
    // Owner auth with a password: -hia o takes the owner password as -pwdn.
    await ok("hierarchychangeauth", "-hi", "o", "-pwdn", "ooo");
    // (-pwdn would also set AUTHWRITE and AUTHREAD, as IBM's: without it only the owner authorizes.)
    await ok("nvdefinespace", "-ha", "01000011", "-hi", "o", "-pwdp", "ooo", "-hia", "o", "-sz", "4");
    expect((await fails("nvwrite", "-ha", "01000011", "-ic", "nvpw")).err).toMatch(/rc 0000012f/);
    await ok("nvwrite", "-ha", "01000011", "-hia", "o", "-pwdn", "ooo", "-ic", "ownr");
    expect(
      new TextDecoder().decode(dumpBytes(await ok("nvread", "-ha", "01000011", "-hia", "o", "-pwdn", "ooo"))),
    ).toBe("ownr");
    await ok("nvundefinespace", "-ha", "01000011", "-hi", "o", "-pwdp", "ooo");
    await ok("hierarchychangeauth", "-hi", "o", "-pwda", "ooo");
  });

  it("big data: -if writes and nvread reads in chunks of TPM_PT_NV_BUFFER_MAX, at an offset too", async () => {
    const data = new Uint8Array(randomBytes(2000));
    put("big.bin", data);
    await ok("nvdefinespace", "-ha", "01000002", "-hi", "o", "-sz", "2048");
    await ok("nvwrite", "-ha", "01000002", "-if", "big.bin", "-off", "40");
    await ok("nvread", "-ha", "01000002", "-sz", "2000", "-off", "40", "-of", "big.out");
    expect(hex(file("big.out"))).toBe(hex(data));
    const all = await ok("nvread", "-ha", "01000002", "-of", "all.out");
    expect(file("all.out").length).toBe(2048);
    expect(hex(dumpBytes(all).subarray(40, 2040))).toBe(hex(data));
    if (IBM) {
      await ibmOk(cli, "nvread", "-ha", "01000002", "-sz", "2000", "-off", "40", "-of", "ibm.out");
      expect(hex(file("ibm.out"))).toBe(hex(data));
    }
    // Beyond the index: the TPM refuses, the utility exits 1.
    await fails("nvwrite", "-ha", "01000002", "-if", "big.bin", "-off", "100");
    await ok("nvundefinespace", "-ha", "01000002", "-hi", "o");
  });

  it("counter, bits and extend indexes: nvincrement, nvsetbits, nvextend (H(old || data), checked with node:crypto)", async () => {
    await ok("nvdefinespace", "-ha", "01000003", "-hi", "o", "-ty", "c", "-pwdn", "c");
    await fails("nvread", "-ha", "01000003", "-pwdn", "c");
    await ok("nvincrement", "-ha", "01000003", "-pwdn", "c");
    const first = Buffer.from(dumpBytes(await ok("nvread", "-ha", "01000003", "-pwdn", "c"))).readBigUInt64BE();
    await ok("nvincrement", "-ha", "01000003", "-pwdn", "c");
    const now = Buffer.from(dumpBytes(await ok("nvread", "-ha", "01000003", "-pwdn", "c"))).readBigUInt64BE();
    expect(now).toBe(first + 1n);

    await ok("nvdefinespace", "-ha", "01000004", "-hi", "o", "-ty", "b", "-pwdn", "b");
    await ok("nvsetbits", "-ha", "01000004", "-pwdn", "b", "-bit", "0", "-bit", "5");
    expect(hex(dumpBytes(await ok("nvread", "-ha", "01000004", "-pwdn", "b")))).toBe("0000000000000021");
    await ok("nvsetbits", "-ha", "01000004", "-pwdn", "b", "-bit", "63");
    expect(hex(dumpBytes(await ok("nvread", "-ha", "01000004", "-pwdn", "b")))).toBe("8000000000000021");

    put("ext.bin", Uint8Array.of(0, 1, 2, 0xff));
    for (const [h, alg, size] of [
      ["01000005", "sha256", 32],
      ["0100000e", "sha1", 20],
    ] as const) {
      // The size of an extend index is its Name algorithm's digest size (nvread's default size).
      await ok("nvdefinespace", "-ha", h, "-hi", "o", "-ty", "e", "-nalg", alg, "-pwdn", "e");
      await ok("nvextend", "-ha", h, "-pwdn", "e", "-ic", "abc");
      await ok("nvextend", "-ha", h, "-pwdn", "e", "-if", "ext.bin");
      let value = Buffer.alloc(size);
      for (const d of [Buffer.from("abc"), Buffer.from([0, 1, 2, 0xff])])
        value = createHash(alg).update(value).update(d).digest();
      expect(hex(dumpBytes(await ok("nvread", "-ha", h, "-pwdn", "e")))).toBe(value.toString("hex"));
      if (IBM && alg === "sha256")
        expect(hex(dumpBytes(await ibmOk(cli, "nvread", "-ha", h, "-pwdn", "e", "-sz", "32")))).toBe(
          value.toString("hex"),
        );
    }
  });

  it("PIN Pass: reads under the PIN count up to pinLimit, then fail; -id checks pinCount and pinLimit", async () => {
    await ok("nvdefinespace", "-ha", "01000006", "-hi", "o", "-ty", "p", "-hia", "o", "-pwdn", "pin");
    expect(await ok("nvreadpublic", "-ha", "01000006")).toContain("TPMA_NV_OWNERWRITE\nTPM_NT_PIN_PASS\n");
    await ok("nvwrite", "-ha", "01000006", "-hia", "o", "-id", "0", "2");
    // Owner reads do not count; -id mismatches fail.
    await ok("nvread", "-ha", "01000006", "-hia", "o", "-sz", "8", "-id", "0", "2");
    expect((await fails("nvread", "-ha", "01000006", "-hia", "o", "-id", "0", "3")).err).toMatch(
      /Expected pinLimit 3 Actual 2/,
    );
    await ok("nvread", "-ha", "01000006", "-pwdn", "pin", "-id", "1", "2");
    await ok("nvread", "-ha", "01000006", "-pwdn", "pin", "-id", "2", "2");
    // No uses left: the PIN is refused (TPM_RC_AUTH_UNAVAILABLE); the count stays.
    expect((await fails("nvread", "-ha", "01000006", "-pwdn", "pin")).err).toMatch(/rc 0000012f/);
    // IBM's 1.4.5 nvread has no -id: its data dump says the same.
    if (IBM)
      expect(hex(dumpBytes(await ibmOk(cli, "nvread", "-ha", "01000006", "-hia", "o", "-sz", "8")))).toBe(
        "0000000200000002",
      );
    else await ok("nvread", "-ha", "01000006", "-hia", "o", "-id", "2", "2");
  });

  it("PIN Fail: a wrong PIN counts, the right one resets; at pinLimit even the right PIN fails", async () => {
    await ok("nvdefinespace", "-ha", "01000007", "-hi", "o", "-ty", "f", "-hia", "o", "-pwdn", "pin");
    await ok("nvwrite", "-ha", "01000007", "-hia", "o", "-id", "0", "2");
    await fails("nvread", "-ha", "01000007", "-pwdn", "bad");
    await ok("nvread", "-ha", "01000007", "-hia", "o", "-id", "1", "2");
    await ok("nvread", "-ha", "01000007", "-pwdn", "pin", "-id", "0", "2");
    await fails("nvread", "-ha", "01000007", "-pwdn", "bad");
    await fails("nvread", "-ha", "01000007", "-pwdn", "bad");
    await ok("nvread", "-ha", "01000007", "-hia", "o", "-id", "2", "2");
    expect((await fails("nvread", "-ha", "01000007", "-pwdn", "pin")).err).toMatch(/rc 0000012f/);
  });

  it("locks: nvwritelock (WRITE_STCLEAR), nvreadlock (READ_STCLEAR), nvglobalwritelock (GLOBALLOCK), with -hia o too", async () => {
    await ok("nvdefinespace", "-ha", "01000008", "-hi", "o", "-pwdn", "l", "-sz", "4", "+at", "wst", "+at", "rst");
    await ok("nvdefinespace", "-ha", "01000009", "-hi", "o", "-hia", "o", "-sz", "4", "+at", "wst");
    await ok("nvdefinespace", "-ha", "0100000a", "-hi", "o", "-sz", "4", "+at", "gl");
    await ok("nvwrite", "-ha", "01000008", "-pwdn", "l", "-ic", "1111");
    await ok("nvwrite", "-ha", "01000009", "-hia", "o", "-ic", "1111");
    await ok("nvwrite", "-ha", "0100000a", "-ic", "1111");
    await ok("nvwritelock", "-ha", "01000008", "-pwdn", "l");
    await ok("nvwritelock", "-ha", "01000009", "-hia", "o");
    expect((await fails("nvwrite", "-ha", "01000008", "-pwdn", "l", "-ic", "2222")).err).toMatch(/rc 00000148/);
    await fails("nvwrite", "-ha", "01000009", "-hia", "o", "-ic", "2222");
    await ok("nvread", "-ha", "01000008", "-pwdn", "l");
    await ok("nvreadlock", "-ha", "01000008", "-pwdn", "l");
    await fails("nvread", "-ha", "01000008", "-pwdn", "l");
    const pub = await ok("nvreadpublic", "-ha", "01000008");
    expect(pub).toContain("TPMA_NV_WRITELOCKED\n");
    expect(pub).toContain("TPMA_NV_READLOCKED\n");
    await ok("nvglobalwritelock", "-hia", "o");
    await fails("nvwrite", "-ha", "0100000a", "-ic", "2222");
    expect(await ok("nvreadpublic", "-ha", "0100000a")).toContain("TPMA_NV_WRITELOCKED\n");
  });

  it("policy indexes: nvwrite under PolicyCommandCode; nvchangeauth and nvundefinespacespecial under their policy sessions", async () => {
    // An index writable through the policy PolicyCommandCode(NV_Write) (and the password for reads).
    put("polw.bin", commandCodePolicy(TPM_CC.NV_Write, false));
    await ok(
      "nvdefinespace",
      "-ha",
      "0100000b",
      "-hi",
      "o",
      "-pwdn",
      "pw",
      "-sz",
      "4",
      "-pol",
      "polw.bin",
      "-at",
      "aw",
    );
    await fails("nvwrite", "-ha", "0100000b", "-pwdn", "pw", "-ic", "pass");
    let s = await policySession(TPM_CC.NV_Write, false);
    await ok("nvwrite", "-ha", "0100000b", "-ic", "poli", "-se0", s, "0");
    expect(new TextDecoder().decode(dumpBytes(await ok("nvread", "-ha", "0100000b", "-pwdn", "pw")))).toBe("poli");

    // nvchangeauth: the TPM requires a policy session (ADMIN role); PolicyCommandCode(NV_ChangeAuth) + PolicyAuthValue.
    put("polca.bin", commandCodePolicy(TPM_CC.NV_ChangeAuth, true));
    await ok("nvdefinespace", "-ha", "0100000c", "-hi", "o", "-pwdn", "old", "-sz", "4", "-pol", "polca.bin");
    await fails("nvchangeauth", "-ha", "0100000c", "-pwdo", "old", "-pwdn", "new");
    s = await policySession(TPM_CC.NV_ChangeAuth, true);
    await ok("nvchangeauth", "-ha", "0100000c", "-pwdo", "old", "-pwdn", "new", "-se0", s, "0");
    await ok("nvwrite", "-ha", "0100000c", "-pwdn", "new", "-ic", "newp");
    await fails("nvwrite", "-ha", "0100000c", "-pwdn", "old", "-ic", "oldp");

    // nvundefinespacespecial: POLICY_DELETE, a platform index; the index's policy session and platform auth.
    put("polus.bin", commandCodePolicy(TPM_CC.NV_UndefineSpaceSpecial, true));
    await ok(
      "nvdefinespace",
      "-ha",
      "0100000d",
      "-hi",
      "p",
      "-pwdn",
      "doom",
      "-sz",
      "4",
      "-pol",
      "polus.bin",
      "+at",
      "pold",
    );
    expect(await ok("nvreadpublic", "-ha", "0100000d")).toContain("TPMA_NV_POLICY_DELETE\n");
    await fails("nvundefinespace", "-ha", "0100000d", "-hi", "p");
    s = await policySession(TPM_CC.NV_UndefineSpaceSpecial, true);
    await ok("nvundefinespacespecial", "-ha", "0100000d", "-pwdn", "doom", "-se0", s, "0");
    await fails("nvreadpublic", "-ha", "0100000d");
  });
});
