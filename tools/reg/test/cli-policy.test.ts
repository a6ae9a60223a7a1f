// The session and policy utilities as the built `tss` binary, one process per
// call, against one private swtpm, in the flows of the IBM regression's policy
// groups. Each flow computes a policy in a trial session (startauthsession -se
// t, policy*, policygetdigest -of), checks the digest against the Part 3
// formula computed here with node:crypto, creates an object or NV index whose
// authPolicy it is, then satisfies the policy in a policy session and uses the
// entity (unseal, nvwrite, nvread, create, duplicate) — and shows that a wrong
// branch fails with the TPM's policy error. Where Debian's IBM TSS utilities
// are installed, IBM's policygetdigest reads our sessions' digests.
import * as nc from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { marshal, TPM_ST, TPM2B_PUBLIC, TPMT_PUBLIC, TPMT_TK_AUTH, unmarshal } from "@tss/marshal";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, tssOk as ok, startCliEnv } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const ZERO = Buffer.alloc(32);

/** SHA-256 of the concatenation. */
function sha256(...parts: (Buffer | Uint8Array)[]): Buffer {
  const h = nc.createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};
const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};

describe("session and policy utilities against swtpm", () => {
  let cli: CliEnv;
  let primary: string;
  const file = (name: string) => join(cli.dir, name);
  const read = (name: string) => readFileSync(file(name));
  const write = (name: string, data: string | Uint8Array) => writeFileSync(file(name), data);

  beforeAll(async () => {
    cli = await startCliEnv();
    await ok(cli, "powerup");
    await ok(cli, "startup");
    primary = handleOf(await ok(cli, "createprimary", "-hi", "o", "-st"));
    write("secret.txt", "policy-protected secret");
  }, 60_000);
  afterAll(async () => {
    await cli?.stop();
  });
  /** Sessions and objects a flow made (swtpm holds three sessions at once): flushed after each flow. */
  const live = new Set<string>();
  afterEach(async () => {
    for (const h of live) await cli.tss("flushcontext", "-ha", h);
    live.clear();
  });
  /** Flushes handles now. */
  async function flush(...handles: string[]) {
    for (const h of handles) {
      await ok(cli, "flushcontext", "-ha", h);
      live.delete(h);
    }
  }
  /** Records a handle for the after-each flush and returns it. */
  function track(h: string) {
    live.add(h);
    return h;
  }

  /** Starts a session (-se p, t or h) and returns its handle. */
  async function session(type: "p" | "t" | "h", ...more: string[]) {
    return track(handleOf(await ok(cli, "startauthsession", "-se", type, ...more)));
  }

  /** Runs `steps` in a trial session, saves the digest in `out` and returns it. */
  async function trial(out: string, steps: (s: string) => Promise<void>) {
    const s = await session("t");
    await steps(s);
    await ok(cli, "policygetdigest", "-ha", s, "-of", out);
    await flush(s);
    return read(out);
  }

  /** A sealed data object under the storage primary whose authPolicy is the file `policy`; returns its handle. */
  async function sealed(name: string, policy: string) {
    await ok(
      cli,
      "create",
      "-hp",
      primary,
      "-bl",
      "-if",
      "secret.txt",
      "-pol",
      policy,
      "-uwa",
      "-opr",
      `${name}.priv`,
      "-opu",
      `${name}.pub`,
    );
    return track(handleOf(await ok(cli, "load", "-hp", primary, "-ipr", `${name}.priv`, "-ipu", `${name}.pub`)));
  }

  /** Unseals with policy session `s` (continue): the exit status and output. */
  async function unseal(h: string, s: string) {
    return cli.tss("unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
  }

  /** Expects a failure whose text names the TPM response code `rcName`. */
  function expectFailure(r: { code: number; out: string; err: string }, rcName: RegExp) {
    expect(r.code).not.toBe(0);
    expect(`${r.out}${r.err}`).toMatch(rcName);
  }

  it("policygetdigest, policyrestart and policycommandcode; IBM's policygetdigest reads our session", async () => {
    const s = await session("t");
    const zero = await ok(cli, "policygetdigest", "-ha", s, "-of", "pd0.bin");
    expect(read("pd0.bin").equals(ZERO)).toBe(true);
    expect(zero).toMatch(/policyDigest length 32/);
    await ok(cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(cli, "policygetdigest", "-ha", s, "-of", "pdcc.bin");
    expect(read("pdcc.bin").equals(sha256(ZERO, u32(0x16c), u32(0x15e)))).toBe(true);
    const json = JSON.parse(await ok(cli, "policygetdigest", "-ha", s, "--json"));
    expect(json.policyDigest).toBe(read("pdcc.bin").toString("hex"));
    if (IBM) {
      const theirs = await ibmOk(cli, "policygetdigest", "-ha", s, "-of", "pdibm.bin");
      expect(await ok(cli, "policygetdigest", "-ha", s)).toBe(theirs);
      expect(read("pdibm.bin").equals(read("pdcc.bin"))).toBe(true);
    }
    await ok(cli, "policyrestart", "-ha", s);
    await ok(cli, "policygetdigest", "-ha", s, "-of", "pdr.bin");
    expect(read("pdr.bin").equals(ZERO)).toBe(true);
    await flush(s);
    // Usage errors: a missing handle, an unknown flag; -h prints usage and exits 1.
    expect((await cli.tss("policygetdigest")).code).toBe(1);
    expect((await cli.tss("policycommandcode", "-ha", s, "-xx")).code).toBe(1);
    const h = await cli.tss("policysigned", "-h");
    expect(h.code).toBe(1);
    expect(h.out).toMatch(/-sk\tRSA signing key file name \(PEM format\)/);
  });

  it("startauthsession: -halg sha1, -on nonceTPM, a salted (-hs) bound (-bi -pwdb) aes session authorizes an NV read", async () => {
    const s1 = await session("t", "-halg", "sha1", "-on", "n1.bin");
    expect(read("n1.bin").length).toBe(20);
    await ok(cli, "policygetdigest", "-ha", s1, "-of", "pd1.bin");
    expect(read("pd1.bin").equals(Buffer.alloc(20))).toBe(true);
    await flush(s1);
    await ok(cli, "nvdefinespace", "-ha", "01000001", "-hi", "o", "-pwdn", "nvpw", "-sz", "16");
    await ok(cli, "nvwrite", "-ha", "01000001", "-pwdn", "nvpw", "-ic", "0123456789abcdef");
    const s = await session("h", "-hs", primary, "-bi", "01000001", "-pwdb", "nvpw", "-sym", "aes");
    await ok(cli, "nvread", "-ha", "01000001", "-pwdn", "nvpw", "-sz", "16", "-of", "nv1.bin", "-se0", s, "41");
    expect(read("nv1.bin").toString()).toBe("0123456789abcdef");
    // Bound to the index, the session key already holds its authValue (from -pwdb): the password given is not used.
    await ok(cli, "nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s, "01");
    await flush(s);
    // Salted only, the wrong password fails the HMAC check.
    const s2 = await session("h", "-hs", primary);
    const bad = await cli.tss("nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s2, "01");
    expectFailure(bad, /TPM_RC_AUTH_FAIL|TPM_RC_BAD_AUTH|0000098e|000009a2/i);
    await flush(s2);
    expect((await cli.tss("startauthsession", "-se", "x")).code).toBe(1);
    expect((await cli.tss("startauthsession", "-se", "h", "-pwdb", "x")).code).toBe(1);
  });

  it("policyauthvalue and policypassword: an NV index written and read through its policy, the wrong password refused", async () => {
    const digest = await trial("pav.bin", async (s) => {
      await ok(cli, "policyauthvalue", "-ha", s);
    });
    expect(digest.equals(sha256(ZERO, u32(0x16b)))).toBe(true);
    const viaPassword = await trial("ppw.bin", async (s) => {
      await ok(cli, "policypassword", "-ha", s);
    });
    expect(viaPassword.equals(digest)).toBe(true);
    await ok(cli, "nvdefinespace", "-ha", "01000002", "-hi", "o", "-pwdn", "pw2", "-sz", "8", "-pol", "pav.bin");
    const s = await session("p");
    await ok(cli, "policyauthvalue", "-ha", s);
    await ok(cli, "nvwrite", "-ha", "01000002", "-pwdn", "pw2", "-ic", "abcdefgh", "-se0", s, "01");
    await ok(cli, "policypassword", "-ha", s);
    await ok(cli, "nvread", "-ha", "01000002", "-pwdn", "pw2", "-sz", "8", "-of", "nv2.bin", "-se0", s, "01");
    expect(read("nv2.bin").toString()).toBe("abcdefgh");
    await ok(cli, "policypassword", "-ha", s);
    expectFailure(
      await cli.tss("nvread", "-ha", "01000002", "-pwdn", "bad", "-sz", "8", "-se0", s, "01"),
      /TPM_RC_AUTH_FAIL|TPM_RC_BAD_AUTH|0000098e|000009a2/i,
    );
    await flush(s);
  });

  it("policysecret (owner) with -tk/-to, then policyticket (-hi o) replays it; both unseal, an empty policy does not", async () => {
    const ownerName = u32(0x40000001);
    const digest = await trial("psec.bin", async (s) => {
      await ok(cli, "policysecret", "-ha", "40000001", "-hs", s);
    });
    expect(digest.equals(sha256(sha256(ZERO, u32(0x151), ownerName)))).toBe(true);
    const h = await sealed("psec", "psec.bin");
    // Directly, with an HMAC session for the owner's authorization.
    const hmac = await session("h");
    const s = await session("p", "-on", "nonce.bin");
    const out = JSON.parse(
      await ok(
        cli,
        "policysecret",
        "-ha",
        "40000001",
        "-hs",
        s,
        "-in",
        "nonce.bin",
        "-exp",
        "-200",
        "-tk",
        "tk.bin",
        "-to",
        "to.bin",
        "-se0",
        hmac,
        "01",
        "--json",
      ),
    );
    const tk = unmarshal(TPMT_TK_AUTH, new Uint8Array(read("tk.bin")));
    expect(tk.tag).toBe(TPM_ST.AUTH_SECRET);
    expect(read("to.bin").length).toBeGreaterThan(0);
    expect(out.timeout).toBe(read("to.bin").toString("hex"));
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await flush(hmac, s);
    // From the ticket, in a new session.
    const s2 = await session("p");
    await ok(cli, "policyticket", "-ha", s2, "-to", "to.bin", "-hi", "o", "-tk", "tk.bin");
    await ok(cli, "policygetdigest", "-ha", s2, "-of", "pt.bin");
    expect(read("pt.bin").equals(digest)).toBe(true);
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    if (IBM) {
      // The files cross: IBM's policyticket reads ours (into our session), ours reads IBM's policysecret's.
      await ibmOk(cli, "policyticket", "-ha", s2, "-to", "to.bin", "-hi", "o", "-tk", "tk.bin");
      await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
      const hi = handleOf(await ibmOk(cli, "startauthsession", "-se", "p", "-on", "ibmnonce.bin"));
      await ibmOk(
        cli,
        "policysecret",
        "-ha",
        "40000001",
        "-hs",
        hi,
        "-in",
        "ibmnonce.bin",
        "-exp",
        "-200",
        "-tk",
        "ibm.tk",
        "-to",
        "ibm.to",
      );
      await ibmOk(cli, "flushcontext", "-ha", hi);
      await ok(cli, "policyticket", "-ha", s2, "-to", "ibm.to", "-hi", "o", "-tk", "ibm.tk");
      await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    }
    // The ticket names the owner: replayed for the endorsement hierarchy it is refused.
    expectFailure(
      await cli.tss("policyticket", "-ha", s2, "-to", "to.bin", "-hi", "e", "-tk", "tk.bin"),
      /TPM_RC_TICKET|000001a1|TPM_RC_VALUE/i,
    );
    // A policy session with nothing asserted fails at unseal.
    const s3 = await session("p");
    expectFailure(await unseal(h, s3), /TPM_RC_POLICY_FAIL|0000099d/i);
  });

  it("policysigned with a PEM key (-sk, -pwdk) and an external signature (-is), its ticket replayed by policyticket -na", async () => {
    const { privateKey, publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("signer.pem", publicKey.export({ type: "spki", format: "pem" }));
    write(
      "signer-priv.pem",
      privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "rsapw" }),
    );
    const kout = await ok(cli, "loadexternal", "-hi", "o", "-ipem", "signer.pem", "-si", "-ns");
    const key = track(handleOf(kout));
    const keyName = Buffer.from(kout.trim().split("\n").at(-1)!, "hex");
    write("signer.name", keyName);
    const digest = await trial("psig.bin", async (s) => {
      await ok(cli, "policysigned", "-hk", key, "-ha", s, "-sk", "signer-priv.pem", "-pwdk", "rsapw");
    });
    expect(digest.equals(sha256(sha256(ZERO, u32(0x160), keyName)))).toBe(true);
    const h = await sealed("psig", "psig.bin");
    const s = await session("p", "-on", "nonce2.bin");
    await ok(
      cli,
      "policysigned",
      "-hk",
      key,
      "-ha",
      s,
      "-in",
      "nonce2.bin",
      "-exp",
      "-100",
      "-sk",
      "signer-priv.pem",
      "-pwdk",
      "rsapw",
      "-tk",
      "tks.bin",
      "-to",
      "tos.bin",
    );
    expect(unmarshal(TPMT_TK_AUTH, new Uint8Array(read("tks.bin"))).tag).toBe(TPM_ST.AUTH_SIGNED);
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await flush(s);
    // An external signature of aHash = H(nonceTPM || expiration || cpHashA || policyRef), made by node:crypto.
    const s2 = await session("p", "-on", "nonce3.bin");
    const aHashInput = Buffer.concat([read("nonce3.bin"), u32(0)]);
    write("sig.bin", nc.sign("sha256", aHashInput, privateKey));
    await ok(cli, "policysigned", "-hk", key, "-ha", s2, "-in", "nonce3.bin", "-is", "sig.bin");
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    await flush(s2);
    if (IBM) {
      // IBM's policysigned signs with the same PEM key (its -sk/-pwdk) into our session.
      const s5 = await session("p");
      await ibmOk(cli, "policysigned", "-hk", key, "-ha", s5, "-sk", "signer-priv.pem", "-pwdk", "rsapw");
      await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s5, "01");
      await flush(s5);
    }
    // The ticket from the first session, by the key's Name.
    const s3 = await session("p");
    await ok(cli, "policyticket", "-ha", s3, "-to", "tos.bin", "-na", "signer.name", "-tk", "tks.bin");
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s3, "01");
    // Another key's signature is refused.
    const other = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("other-priv.pem", other.privateKey.export({ type: "pkcs1", format: "pem" }));
    const s4 = await session("p");
    expectFailure(
      await cli.tss("policysigned", "-hk", key, "-ha", s4, "-sk", "other-priv.pem"),
      /TPM_RC_SIGNATURE|000002db/i,
    );
    expect((await cli.tss("policysigned", "-hk", key, "-ha", s4)).code).toBe(1);
  });

  it("policyauthorize: an approved policy signed with a key, its verifysignature ticket, satisfies the object's authorizing policy", async () => {
    const { privateKey, publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("auth.pem", publicKey.export({ type: "spki", format: "pem" }));
    const kout = await ok(cli, "loadexternal", "-hi", "o", "-ipem", "auth.pem", "-si", "-ns");
    const key = track(handleOf(kout));
    const keyName = Buffer.from(kout.trim().split("\n").at(-1)!, "hex");
    write("auth.name", keyName);
    // The object's policy: PolicyAuthorize(keySign = the key's Name, empty policyRef), computed by hand.
    const authorizing = sha256(sha256(ZERO, u32(0x16a), keyName));
    write("pauth.bin", authorizing);
    const h = await sealed("pauth", "pauth.bin");
    // The approved policy: PolicyCommandCode(Unseal); the key signs aHash = H(approvedPolicy || policyRef).
    const approved = await trial("appr.bin", async (s) => {
      await ok(cli, "policycommandcode", "-ha", s, "-cc", "0000015e");
    });
    write("appr.sig", nc.sign("sha256", approved, privateKey));
    await ok(cli, "verifysignature", "-hk", key, "-if", "appr.bin", "-is", "appr.sig", "-raw", "-tk", "appr.tk");
    const s = await session("p");
    await ok(cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(cli, "policyauthorize", "-ha", s, "-appr", "appr.bin", "-skn", "auth.name", "-tk", "appr.tk");
    await ok(cli, "policygetdigest", "-ha", s, "-of", "pa.bin");
    expect(read("pa.bin").equals(authorizing)).toBe(true);
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    // A session whose digest is not the approved one cannot use the ticket.
    const s2 = await session("p");
    await ok(cli, "policypassword", "-ha", s2);
    expectFailure(
      await cli.tss("policyauthorize", "-ha", s2, "-appr", "appr.bin", "-skn", "auth.name", "-tk", "appr.tk"),
      /TPM_RC_VALUE|TPM_RC_POLICY_FAIL|0000099d|000001c4|00000184/i,
    );
  });

  it("policyor over policypcr, policynv and policycountertimer branches: each unseals, a changed PCR or a false comparison does not", async () => {
    await ok(cli, "nvdefinespace", "-ha", "01000004", "-hi", "o", "-sz", "8");
    await ok(cli, "nvwrite", "-ha", "01000004", "-ic", "abcdefgh");
    await ok(cli, "nvreadpublic", "-ha", "01000004", "-on", "nv4.name");
    write("zero8.bin", Buffer.alloc(8));
    const pcr = await trial("bpcr.bin", async (s) => {
      await ok(cli, "policypcr", "-ha", s, "-bm", "10000");
    });
    const selection = Buffer.concat([u32(1), u16(0x000b), Buffer.of(3, 0, 0, 1)]);
    expect(pcr.equals(sha256(ZERO, u32(0x17f), selection, sha256(ZERO)))).toBe(true);
    const nv = await trial("bnv.bin", async (s) => {
      await ok(cli, "policynv", "-ha", "01000004", "-hs", s, "-ic", "abcd");
    });
    expect(nv.equals(sha256(ZERO, u32(0x149), sha256(Buffer.from("abcd"), u16(0), u16(0)), read("nv4.name")))).toBe(
      true,
    );
    const ct = await trial("bct.bin", async (s) => {
      await ok(cli, "policycountertimer", "-ha", s, "-if", "zero8.bin", "-off", "8", "-op", "3");
    });
    expect(ct.equals(sha256(ZERO, u32(0x16d), sha256(Buffer.alloc(8), u16(8), u16(3))))).toBe(true);
    const or = await trial("por.bin", async (s) => {
      await ok(cli, "policypcr", "-ha", s, "-bm", "10000");
      await ok(cli, "policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin");
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
      await ok(cli, utility, utility === "policynv" ? "-hs" : "-ha", s, ...args);
      await ok(cli, "policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin");
      await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
      expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
      await flush(s);
    }
    const s = await session("p");
    // False comparisons fail at the assertion itself.
    expectFailure(
      await cli.tss("policynv", "-ha", "01000004", "-hs", s, "-ic", "abcx"),
      /TPM_RC_POLICY\b|0000011d|00000126/i,
    );
    expectFailure(
      await cli.tss("policycountertimer", "-ha", s, "-if", "zero8.bin", "-off", "8", "-op", "5"),
      /TPM_RC_POLICY\b|0000011d|00000126/i,
    );
    // After PCR 16 is extended the PolicyPCR digest is no branch of the OR.
    await ok(cli, "pcrextend", "-ha", "16", "-ic", "changed");
    await ok(cli, "policypcr", "-ha", s, "-bm", "10000");
    expectFailure(
      await cli.tss("policyor", "-ha", s, "-if", "bpcr.bin", "-if", "bnv.bin", "-if", "bct.bin"),
      /TPM_RC_VALUE|000001c4|00000184/i,
    );
    expect((await cli.tss("policyor", "-ha", s, "-if", "bpcr.bin")).code).toBe(1);
    expect((await cli.tss("policynv", "-ha", "01000004", "-hs", s)).code).toBe(1);
  });

  it("policycphash and policynamehash as the owner's policy (setprimarypolicy): nvread -hia o with that cpHash / those Names only", async () => {
    await ok(cli, "nvdefinespace", "-ha", "01000003", "-hi", "o", "-hia", "o", "-sz", "8");
    await ok(cli, "nvwrite", "-ha", "01000003", "-hia", "o", "-ic", "ownerdat");
    await ok(cli, "nvreadpublic", "-ha", "01000003", "-on", "nv3.name");
    const owner = u32(0x40000001);
    const nvName = read("nv3.name");
    // NV_Read(authHandle owner, nvIndex, size 8, offset 0): cpHash = H(CC || Names || parameters).
    write("cp.bin", sha256(u32(0x14e), owner, nvName, u16(8), u16(0)));
    write("nh.bin", sha256(owner, nvName));
    const cp = await trial("bcp.bin", async (s) => {
      await ok(cli, "policycphash", "-ha", s, "-cp", "cp.bin");
    });
    expect(cp.equals(sha256(ZERO, u32(0x16e), read("cp.bin")))).toBe(true);
    const nh = await trial("bnh.bin", async (s) => {
      await ok(cli, "policynamehash", "-ha", s, "-nh", "nh.bin");
    });
    expect(nh.equals(sha256(ZERO, u32(0x170), read("nh.bin")))).toBe(true);
    await trial("powner.bin", async (s) => {
      await ok(cli, "policycphash", "-ha", s, "-cp", "cp.bin");
      await ok(cli, "policyor", "-ha", s, "-if", "bcp.bin", "-if", "bnh.bin");
    });
    await ok(cli, "setprimarypolicy", "-hi", "o", "-pol", "powner.bin", "-halg", "sha256");
    try {
      for (const [utility, flag, f] of [
        ["policycphash", "-cp", "cp.bin"],
        ["policynamehash", "-nh", "nh.bin"],
      ] as const) {
        const s = await session("p");
        await ok(cli, utility, "-ha", s, flag, f);
        await ok(cli, "policyor", "-ha", s, "-if", "bcp.bin", "-if", "bnh.bin");
        await ok(cli, "nvread", "-ha", "01000003", "-hia", "o", "-sz", "8", "-of", "nv3.bin", "-se0", s, "01");
        expect(read("nv3.bin").toString()).toBe("ownerdat");
        // Another command (size 4: another cpHash) is refused.
        await ok(cli, utility, "-ha", s, flag, f);
        await ok(cli, "policyor", "-ha", s, "-if", "bcp.bin", "-if", "bnh.bin");
        const other = ["-ha", utility === "policycphash" ? "01000003" : "01000004", "-sz", "4", "-se0", s, "01"];
        expectFailure(
          await cli.tss("nvread", "-hia", "o", ...other),
          /TPM_RC_POLICY_FAIL|0000099d|TPM_RC_CPHASH|00000151/i,
        );
        await flush(s);
      }
    } finally {
      await ok(cli, "setprimarypolicy", "-hi", "o");
    }
  });

  it("policyauthorizenv: the approved policy held in an NV index satisfies the object's policy, another digest does not", async () => {
    const approved = sha256(ZERO, u32(0x16c), u32(0x15e)); // PolicyCommandCode(Unseal)
    write("tha.bin", Buffer.concat([u16(0x000b), approved]));
    await ok(cli, "nvdefinespace", "-ha", "01000005", "-hi", "o", "-sz", "34");
    await ok(cli, "nvwrite", "-ha", "01000005", "-if", "tha.bin");
    await ok(cli, "nvreadpublic", "-ha", "01000005", "-on", "nv5.name");
    const digest = await trial("panv.bin", async (s) => {
      await ok(cli, "policyauthorizenv", "-ha", "01000005", "-hs", s);
    });
    expect(digest.equals(sha256(ZERO, u32(0x192), read("nv5.name")))).toBe(true);
    const h = await sealed("panv", "panv.bin");
    const s = await session("p");
    await ok(cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(cli, "policyauthorizenv", "-ha", "01000005", "-hs", s);
    await ok(cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await ok(cli, "policypassword", "-ha", s);
    expectFailure(
      await cli.tss("policyauthorizenv", "-ha", "01000005", "-hs", s),
      /TPM_RC_VALUE|000001c4|00000184|TPM_RC_POLICY_FAIL/i,
    );
  });

  it("policytemplate: a parent whose policy admits one template creates that key and refuses another", async () => {
    await ok(cli, "create", "-hp", primary, "-si", "-opu", "tref.pub", "-opr", "tref.priv");
    const area = unmarshal(TPM2B_PUBLIC, new Uint8Array(read("tref.pub"))).publicArea as any;
    const template = marshal(TPMT_PUBLIC, { ...area, unique: { rsa: new Uint8Array(0) } });
    write("th.bin", sha256(template));
    const digest = await trial("ptmpl.bin", async (s) => {
      await ok(cli, "policytemplate", "-ha", s, "-te", "th.bin");
    });
    expect(digest.equals(sha256(ZERO, u32(0x190), read("th.bin")))).toBe(true);
    const parent = track(
      handleOf(await ok(cli, "createprimary", "-hi", "o", "-st", "-ecc", "nistp256", "-pol", "ptmpl.bin")),
    );
    const s = await session("p");
    await ok(cli, "policytemplate", "-ha", s, "-te", "th.bin");
    await ok(cli, "create", "-hp", parent, "-si", "-opu", "tk.pub", "-opr", "tk.priv", "-se0", s, "01");
    expect(read("tk.pub").length).toBeGreaterThan(100);
    await ok(cli, "policytemplate", "-ha", s, "-te", "th.bin");
    expectFailure(await cli.tss("create", "-hp", parent, "-den", "-se0", s, "01"), /TPM_RC_POLICY_FAIL|0000099d/i);
  });

  it("duplication gated by policycommandcode(Duplicate) and policyduplicationselect: to the chosen parent only", async () => {
    const np = track(handleOf(await ok(cli, "createprimary", "-hi", "o", "-st", "-ecc", "nistp256")));
    const nameOf = async (h: string) =>
      Buffer.from((await ok(cli, "readpublic", "-ho", h, "-ns")).trim().split("\n").at(-1)!, "hex");
    write("np.name", await nameOf(np));
    write("sp.name", await nameOf(primary));
    const cc = await trial("pdupcc.bin", async (s) => {
      await ok(cli, "policycommandcode", "-ha", s, "-cc", "14b");
    });
    expect(cc.equals(sha256(ZERO, u32(0x16c), u32(0x14b)))).toBe(true);
    // PolicyCommandCode(Duplicate) alone: the key duplicates under a policy session, and not for another command.
    await ok(cli, "create", "-hp", primary, "-si", "-pol", "pdupcc.bin", "-opr", "dc.priv", "-opu", "dc.pub");
    const kc = track(handleOf(await ok(cli, "load", "-hp", primary, "-ipr", "dc.priv", "-ipu", "dc.pub")));
    const s = await session("p");
    await ok(cli, "policycommandcode", "-ha", s, "-cc", "14b");
    await ok(cli, "duplicate", "-ho", kc, "-hp", np, "-od", "dupc.priv", "-oss", "dupc.seed", "-se0", s, "01");
    expect(read("dupc.priv").length).toBeGreaterThan(0);
    await ok(cli, "policycommandcode", "-ha", s, "-cc", "14b");
    write("msg.bin", "message");
    expectFailure(
      await cli.tss("sign", "-hk", kc, "-if", "msg.bin", "-se0", s, "01"),
      /TPM_RC_POLICY_CC|TPM_RC_POLICY_FAIL|000009a4|0000099d/i,
    );
    await flush(s, kc);
    // PolicyDuplicationSelect first (the TPM refuses it once a command code is set), then PolicyCommandCode.
    const digest = await trial("pdup.bin", async (x) => {
      await ok(cli, "policyduplicationselect", "-ha", x, "-inpn", "np.name");
      await ok(cli, "policycommandcode", "-ha", x, "-cc", "14b");
    });
    const selected = sha256(ZERO, u32(0x188), read("np.name"), Buffer.of(0));
    expect(digest.equals(sha256(selected, u32(0x16c), u32(0x14b)))).toBe(true);
    await ok(cli, "create", "-hp", primary, "-si", "-pol", "pdup.bin", "-opr", "dk.priv", "-opu", "dk.pub");
    const k = track(handleOf(await ok(cli, "load", "-hp", primary, "-ipr", "dk.priv", "-ipu", "dk.pub")));
    // Without -io the digest leaves the object out, but the TPM checks H(objectName || newParentName) at Duplicate.
    write("dk.name", await nameOf(k));
    const s2 = await session("p");
    await ok(cli, "policyduplicationselect", "-ha", s2, "-ion", "dk.name", "-inpn", "np.name");
    await ok(cli, "policycommandcode", "-ha", s2, "-cc", "14b");
    await ok(cli, "duplicate", "-ho", k, "-hp", np, "-od", "dup.priv", "-oss", "dup.seed", "-se0", s2, "01");
    expect(read("dup.priv").length).toBeGreaterThan(0);
    // Selected for the other parent: the policy is not satisfied.
    await ok(cli, "policyduplicationselect", "-ha", s2, "-ion", "dk.name", "-inpn", "sp.name");
    await ok(cli, "policycommandcode", "-ha", s2, "-cc", "14b");
    expectFailure(await cli.tss("duplicate", "-ho", k, "-hp", np, "-se0", s2, "01"), /TPM_RC_POLICY_FAIL|0000099d/i);
  });

  it("policynvwritten -ws n with policycommandcode(NV_Write): an index written once through its policy", async () => {
    const digest = await trial("pnw.bin", async (s) => {
      await ok(cli, "policynvwritten", "-hs", s, "-ws", "n");
      await ok(cli, "policycommandcode", "-ha", s, "-cc", "137");
    });
    expect(digest.equals(sha256(sha256(ZERO, u32(0x18f), Buffer.of(0)), u32(0x16c), u32(0x137)))).toBe(true);
    await ok(cli, "nvdefinespace", "-ha", "01000006", "-hi", "o", "-sz", "4", "-pol", "pnw.bin");
    const s = await session("p");
    for (const expectOk of [true, false]) {
      await ok(cli, "policynvwritten", "-hs", s, "-ws", "n");
      await ok(cli, "policycommandcode", "-ha", s, "-cc", "137");
      const r = await cli.tss("nvwrite", "-ha", "01000006", "-ic", "once", "-se0", s, "01");
      if (expectOk) expect(r.code, r.err).toBe(0);
      else expectFailure(r, /TPM_RC_POLICY_FAIL|0000099d/i);
    }
    expect((await cli.tss("policynvwritten", "-hs", s, "-ws", "x")).code).toBe(1);
  });
});
