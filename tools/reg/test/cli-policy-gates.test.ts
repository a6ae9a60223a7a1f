// The policy utilities that gate what an entity may do, as the built `tss`
// binary against one private swtpm (see cli-policy.test.ts): PolicyOR over
// PolicyPCR / PolicyNV / PolicyCounterTimer, PolicyCpHash and PolicyNameHash
// as the owner's policy, PolicyAuthorizeNV, PolicyTemplate, duplication gated
// by PolicyCommandCode and PolicyDuplicationSelect, PolicyNvWritten. Each
// policy is set as an authPolicy and satisfied to use the entity; a wrong
// branch fails with the TPM's policy error.
import { marshal, TPM2B_PUBLIC, TPMT_PUBLIC, unmarshal } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { expectFailure, policyFixture, sha256, u16, u32, ZERO } from "./support/cli-policy-fixture.js";
import { handleOf, tssOk as ok } from "./support/cli-runner.js";

describe("policy utilities that gate objects and NV indexes, against swtpm", () => {
  const f = policyFixture();
  const { read, write, flush, track, session, trial, policyFile, sealed } = f;

  it("policyor over policypcr, policynv and policycountertimer branches: each unseals, a changed PCR or a false comparison does not", async () => {
    await ok(f.cli, "nvdefinespace", "-ha", "01000004", "-hi", "o", "-sz", "8");
    await ok(f.cli, "nvwrite", "-ha", "01000004", "-ic", "abcdefgh");
    await ok(f.cli, "nvreadpublic", "-ha", "01000004", "-on", "nv4.name");
    write("zero8.bin", Buffer.alloc(8));
    const selection = Buffer.concat([u32(1), u16(0x000b), Buffer.of(3, 0, 0, 1)]);
    const pcr = policyFile("bpcr.bin", sha256(ZERO, u32(0x17f), selection, sha256(ZERO)));
    const nv = policyFile(
      "bnv.bin",
      sha256(ZERO, u32(0x149), sha256(Buffer.from("abcd"), u16(0), u16(0)), read("nv4.name")),
    );
    const ct = policyFile("bct.bin", sha256(ZERO, u32(0x16d), sha256(Buffer.alloc(8), u16(8), u16(3))));
    const or = await trial("por.bin", async (s) => {
      await ok(f.cli, "policypcr", "-ha", s, "-bm", "10000");
      await ok(f.cli, "policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin");
    });
    expect(or.equals(sha256(ZERO, u32(0x171), pcr, nv, ct))).toBe(true);
    const h = await sealed("por", "por.bin");
    const branches: [string, ...string[]][] = [
      ["policypcr", "-bm", "10000"],
      ["policynv", "-ha", "01000004", "-ic", "abcd"],
      ["policycountertimer", "-if", "zero8.bin", "-off", "8", "-op", "3"],
    ];
    for (const [utility, ...args] of branches) {
      const s = await session("p");
      await ok(f.cli, utility, utility === "policynv" ? "-hs" : "-ha", s, ...args);
      await ok(f.cli, "policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin");
      await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
      expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
      await flush(s);
    }
    const s = await session("p");
    // False comparisons fail at the assertion itself.
    expectFailure(
      await f.cli.tss("policynv", "-ha", "01000004", "-hs", s, "-ic", "abcx"),
      /TPM_RC_POLICY\b|0000011d|00000126/i,
    );
    expectFailure(
      await f.cli.tss("policycountertimer", "-ha", s, "-if", "zero8.bin", "-off", "8", "-op", "5"),
      /TPM_RC_POLICY\b|0000011d|00000126/i,
    );
    // After PCR 16 is extended the PolicyPCR digest is no branch of the OR.
    await ok(f.cli, "pcrextend", "-ha", "16", "-ic", "changed");
    await ok(f.cli, "policypcr", "-ha", s, "-bm", "10000");
    expectFailure(
      await f.cli.tss("policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin"),
      /TPM_RC_VALUE|000001c4|00000184/i,
    );
    expect((await f.cli.tss("policyor", "-ha", s, "-if", "bpcr.bin")).code).toBe(1);
    expect((await f.cli.tss("policynv", "-ha", "01000004", "-hs", s)).code).toBe(1);
  });

  it("policycphash and policynamehash as the owner's policy (setprimarypolicy): nvread -hia o with that cpHash / those Names only", async () => {
    await ok(f.cli, "nvdefinespace", "-ha", "01000003", "-hi", "o", "-hia", "o", "-sz", "8");
    await ok(f.cli, "nvwrite", "-ha", "01000003", "-hia", "o", "-ic", "ownerdat");
    await ok(f.cli, "nvreadpublic", "-ha", "01000003", "-on", "nv3.name");
    const owner = u32(0x40000001);
    const nvName = read("nv3.name");
    // NV_Read(authHandle owner, nvIndex, size 8, offset 0): cpHash = H(CC || Names || parameters).
    write("cp.bin", sha256(u32(0x14e), owner, nvName, u16(8), u16(0)));
    write("nh.bin", sha256(owner, nvName));
    const cp = policyFile("bcp.bin", sha256(ZERO, u32(0x16e), read("cp.bin")));
    const nh = policyFile("bnh.bin", sha256(ZERO, u32(0x170), read("nh.bin")));
    policyFile("powner.bin", sha256(ZERO, u32(0x171), cp, nh));
    await ok(f.cli, "setprimarypolicy", "-hi", "o", "-pol", "powner.bin", "-halg", "sha256");
    try {
      for (const [utility, flag, file] of [
        ["policycphash", "-cp", "cp.bin"],
        ["policynamehash", "-nh", "nh.bin"],
      ] as const) {
        const s = await session("p");
        await ok(f.cli, utility, "-ha", s, flag, file);
        await ok(f.cli, "policyor", "-ha", s, "-if", "bcp.bin", "-if", "bnh.bin");
        await ok(f.cli, "nvread", "-ha", "01000003", "-hia", "o", "-sz", "8", "-of", "nv3.bin", "-se0", s, "01");
        expect(read("nv3.bin").toString()).toBe("ownerdat");
        // Another command (size 4: another cpHash) is refused.
        await ok(f.cli, utility, "-ha", s, flag, file);
        await ok(f.cli, "policyor", "-ha", s, "-if", "bcp.bin", "-if", "bnh.bin");
        const other = ["-ha", utility === "policycphash" ? "01000003" : "01000004", "-sz", "4", "-se0", s, "01"];
        expectFailure(
          await f.cli.tss("nvread", "-hia", "o", ...other),
          /TPM_RC_POLICY_FAIL|0000099d|TPM_RC_CPHASH|00000151/i,
        );
        await flush(s);
      }
    } finally {
      await ok(f.cli, "setprimarypolicy", "-hi", "o");
    }
  });

  it("policyauthorizenv: the approved policy held in an NV index satisfies the object's policy, another digest does not", async () => {
    const approved = sha256(ZERO, u32(0x16c), u32(0x15e)); // PolicyCommandCode(Unseal)
    write("tha.bin", Buffer.concat([u16(0x000b), approved]));
    await ok(f.cli, "nvdefinespace", "-ha", "01000005", "-hi", "o", "-sz", "34");
    await ok(f.cli, "nvwrite", "-ha", "01000005", "-if", "tha.bin");
    await ok(f.cli, "nvreadpublic", "-ha", "01000005", "-on", "nv5.name");
    const _digest = policyFile("panv.bin", sha256(ZERO, u32(0x192), read("nv5.name")));
    const h = await sealed("panv", "panv.bin");
    const s = await session("p");
    await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(f.cli, "policyauthorizenv", "-ha", "01000005", "-hs", s);
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await ok(f.cli, "policypassword", "-ha", s);
    expectFailure(
      await f.cli.tss("policyauthorizenv", "-ha", "01000005", "-hs", s),
      /TPM_RC_VALUE|000001c4|00000184|TPM_RC_POLICY_FAIL/i,
    );
  });

  it("policytemplate: a parent whose policy admits one template creates that key and refuses another", async () => {
    await ok(f.cli, "create", "-hp", f.primary, "-si", "-ecc", "nistp256", "-opu", "tref.pub", "-opr", "tref.priv");
    const area = unmarshal(TPM2B_PUBLIC, new Uint8Array(read("tref.pub"))).publicArea as any;
    const template = marshal(TPMT_PUBLIC, { ...area, unique: { ecc: { x: new Uint8Array(0), y: new Uint8Array(0) } } });
    write("th.bin", sha256(template));
    const _digest = policyFile("ptmpl.bin", sha256(ZERO, u32(0x190), read("th.bin")));
    const parent = track(
      handleOf(await ok(f.cli, "createprimary", "-hi", "o", "-st", "-ecc", "nistp256", "-pol", "ptmpl.bin")),
    );
    const s = await session("p");
    await ok(f.cli, "policytemplate", "-ha", s, "-te", "th.bin");
    await ok(
      f.cli,
      "create",
      "-hp",
      parent,
      "-si",
      "-ecc",
      "nistp256",
      "-opu",
      "tk.pub",
      "-opr",
      "tk.priv",
      "-se0",
      s,
      "01",
    );
    expect((unmarshal(TPM2B_PUBLIC, new Uint8Array(read("tk.pub"))).publicArea as any).type).toBe(0x0023); // TPM_ALG_ECC
    await ok(f.cli, "policytemplate", "-ha", s, "-te", "th.bin");
    expectFailure(
      await f.cli.tss("create", "-hp", parent, "-den", "-ecc", "nistp256", "-se0", s, "01"),
      /TPM_RC_POLICY_FAIL|0000099d/i,
    );
  });

  it("duplication gated by policycommandcode(Duplicate) and policyduplicationselect: to the chosen parent only", async () => {
    const np = track(handleOf(await ok(f.cli, "createprimary", "-hi", "o", "-st", "-ecc", "nistp256")));
    const nameOf = async (h: string) =>
      Buffer.from((await ok(f.cli, "readpublic", "-ho", h, "-ns")).trim().split("\n").at(-1)!, "hex");
    write("np.name", await nameOf(np));
    write("sp.name", await nameOf(f.primary));
    const cc = await trial("pdupcc.bin", async (s) => {
      await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "14b");
    });
    expect(cc.equals(sha256(ZERO, u32(0x16c), u32(0x14b)))).toBe(true);
    // PolicyCommandCode(Duplicate) alone: the key duplicates under a policy session, and not for another command.
    await ok(
      f.cli,
      "create",
      "-hp",
      f.primary,
      "-si",
      "-ecc",
      "nistp256",
      "-pol",
      "pdupcc.bin",
      "-opr",
      "dc.priv",
      "-opu",
      "dc.pub",
    );
    const kc = track(handleOf(await ok(f.cli, "load", "-hp", f.primary, "-ipr", "dc.priv", "-ipu", "dc.pub")));
    const s = await session("p");
    await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "14b");
    await ok(f.cli, "duplicate", "-ho", kc, "-hp", np, "-od", "dupc.priv", "-oss", "dupc.seed", "-se0", s, "01");
    expect(read("dupc.priv").length).toBeGreaterThan(0);
    await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "14b");
    write("msg.bin", "message");
    expectFailure(
      await f.cli.tss("sign", "-hk", kc, "-if", "msg.bin", "-se0", s, "01"),
      /TPM_RC_POLICY_CC|TPM_RC_POLICY_FAIL|000009a4|0000099d/i,
    );
    await flush(s, kc);
    // PolicyDuplicationSelect first (the TPM refuses it once a command code is set), then PolicyCommandCode.
    const digest = await trial("pdup.bin", async (x) => {
      await ok(f.cli, "policyduplicationselect", "-ha", x, "-inpn", "np.name");
      await ok(f.cli, "policycommandcode", "-ha", x, "-cc", "14b");
    });
    const selected = sha256(ZERO, u32(0x188), read("np.name"), Buffer.of(0));
    expect(digest.equals(sha256(selected, u32(0x16c), u32(0x14b)))).toBe(true);
    await ok(
      f.cli,
      "create",
      "-hp",
      f.primary,
      "-si",
      "-ecc",
      "nistp256",
      "-pol",
      "pdup.bin",
      "-opr",
      "dk.priv",
      "-opu",
      "dk.pub",
    );
    const k = track(handleOf(await ok(f.cli, "load", "-hp", f.primary, "-ipr", "dk.priv", "-ipu", "dk.pub")));
    // Without -io the digest leaves the object out, but the TPM checks H(objectName || newParentName) at Duplicate.
    write("dk.name", await nameOf(k));
    const s2 = await session("p");
    await ok(f.cli, "policyduplicationselect", "-ha", s2, "-ion", "dk.name", "-inpn", "np.name");
    await ok(f.cli, "policycommandcode", "-ha", s2, "-cc", "14b");
    await ok(f.cli, "duplicate", "-ho", k, "-hp", np, "-od", "dup.priv", "-oss", "dup.seed", "-se0", s2, "01");
    expect(read("dup.priv").length).toBeGreaterThan(0);
    // Selected for the other parent: the policy is not satisfied.
    await ok(f.cli, "policyduplicationselect", "-ha", s2, "-ion", "dk.name", "-inpn", "sp.name");
    await ok(f.cli, "policycommandcode", "-ha", s2, "-cc", "14b");
    expectFailure(await f.cli.tss("duplicate", "-ho", k, "-hp", np, "-se0", s2, "01"), /TPM_RC_POLICY_FAIL|0000099d/i);
  });

  it("policynvwritten -ws n with policycommandcode(NV_Write): an index written once through its policy", async () => {
    const _digest = policyFile("pnw.bin", sha256(sha256(ZERO, u32(0x18f), Buffer.of(0)), u32(0x16c), u32(0x137)));
    await ok(f.cli, "nvdefinespace", "-ha", "01000006", "-hi", "o", "-sz", "4", "-pol", "pnw.bin");
    const s = await session("p");
    for (const expectOk of [true, false]) {
      await ok(f.cli, "policynvwritten", "-hs", s, "-ws", "n");
      await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "137");
      const r = await f.cli.tss("nvwrite", "-ha", "01000006", "-ic", "once", "-se0", s, "01");
      if (expectOk) expect(r.code, r.err).toBe(0);
      else expectFailure(r, /TPM_RC_POLICY_FAIL|0000099d/i);
    }
    expect((await f.cli.tss("policynvwritten", "-hs", s, "-ws", "x")).code).toBe(1);
  });
});
