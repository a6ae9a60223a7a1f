// The session and policy utilities as the built `tss` binary, one process per
// call, against one private swtpm, in the flows of the IBM regression's policy
// groups (this file: sessions, PolicyAuthValue/PolicyPassword, PolicySecret,
// PolicySigned and PolicyTicket, PolicyAuthorize; cli-policy-gates.test.ts has
// the rest). Policies are computed here with the Part 3 formulas
// (node:crypto) or in trial sessions, set as an object's or NV index's
// authPolicy, then satisfied in a policy session that uses the entity
// (unseal, nvwrite, nvread); a wrong branch fails with the TPM's policy error.
// Where Debian's IBM TSS utilities are installed, files and sessions cross
// between IBM's utilities and ours on the same swtpm.
import * as nc from "node:crypto";
import { TPM_ST, TPMT_TK_AUTH, unmarshal } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { expectFailure, policyFixture, sha256, u32, ZERO } from "./support/cli-policy-fixture.js";
import { handleOf, haveIbmTss, ibmOk, tssOk as ok } from "./support/cli-runner.js";

const IBM = haveIbmTss();

describe("session and policy utilities against swtpm", () => {
  const f = policyFixture();
  const { read, write, flush, track, session, trial, policyFile, sealed, unseal } = f;

  it("policygetdigest, policyrestart and policycommandcode; IBM's policygetdigest reads our session", async () => {
    const s = await session("t");
    const zero = await ok(f.cli, "policygetdigest", "-ha", s, "-of", "pd0.bin");
    expect(read("pd0.bin").equals(ZERO)).toBe(true);
    expect(zero).toMatch(/policyDigest length 32/);
    await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(f.cli, "policygetdigest", "-ha", s, "-of", "pdcc.bin");
    expect(read("pdcc.bin").equals(sha256(ZERO, u32(0x16c), u32(0x15e)))).toBe(true);
    const json = JSON.parse(await ok(f.cli, "policygetdigest", "-ha", s, "--json"));
    expect(json.policyDigest).toBe(read("pdcc.bin").toString("hex"));
    if (IBM) {
      const theirs = await ibmOk(f.cli, "policygetdigest", "-ha", s, "-of", "pdibm.bin");
      expect(await ok(f.cli, "policygetdigest", "-ha", s)).toBe(theirs);
      expect(read("pdibm.bin").equals(read("pdcc.bin"))).toBe(true);
    }
    // PolicyCapability and PolicyParameters (TPM 2.0 rev 1.83) are sent as given; this swtpm's libtpms may lack
    // them, and then they fail cleanly with TPM_RC_COMMAND_CODE.
    write("ph.bin", ZERO);
    for (const args of [
      ["policycapability", "-hs", s, "-ic", "a", "-cap", "6", "-pr", "100"],
      ["policyparameters", "-ha", s, "-ph", "ph.bin"],
    ]) {
      const r = await f.cli.tss(...args);
      if (r.code !== 0) expectFailure(r, /rc 00000143\nTPM_RC_COMMAND_CODE/);
    }
    await ok(f.cli, "policyrestart", "-ha", s);
    await ok(f.cli, "policygetdigest", "-ha", s, "-of", "pdr.bin");
    expect(read("pdr.bin").equals(ZERO)).toBe(true);
    await flush(s);
    // Usage errors: a missing handle, an unknown flag; -h prints usage and exits 1.
    expect((await f.cli.tss("policygetdigest")).code).toBe(1);
    expect((await f.cli.tss("policycommandcode", "-ha", s, "-xx")).code).toBe(1);
    const h = await f.cli.tss("policysigned", "-h");
    expect(h.code).toBe(1);
    expect(h.out).toMatch(/-sk\tRSA signing key file name \(PEM format\)/);
  });

  it("startauthsession: -halg sha1, -on nonceTPM, a salted (-hs) bound (-bi -pwdb) aes session authorizes an NV read", async () => {
    const s1 = await session("t", "-halg", "sha1", "-on", "n1.bin");
    expect(read("n1.bin").length).toBe(20);
    await ok(f.cli, "policygetdigest", "-ha", s1, "-of", "pd1.bin");
    expect(read("pd1.bin").equals(Buffer.alloc(20))).toBe(true);
    await flush(s1);
    await ok(f.cli, "nvdefinespace", "-ha", "01000001", "-hi", "o", "-pwdn", "nvpw", "-sz", "16");
    await ok(f.cli, "nvwrite", "-ha", "01000001", "-pwdn", "nvpw", "-ic", "0123456789abcdef");
    const s = await session("h", "-hs", f.primary, "-bi", "01000001", "-pwdb", "nvpw", "-sym", "aes");
    await ok(f.cli, "nvread", "-ha", "01000001", "-pwdn", "nvpw", "-sz", "16", "-of", "nv1.bin", "-se0", s, "41");
    expect(read("nv1.bin").toString()).toBe("0123456789abcdef");
    // Bound to the index, the session key already holds its authValue (from -pwdb): the password given is not used.
    await ok(f.cli, "nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s, "01");
    await flush(s);
    // Salted only, the wrong password fails the HMAC check.
    const s2 = await session("h", "-hs", f.primary);
    const bad = await f.cli.tss("nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s2, "01");
    expectFailure(bad, /TPM_RC_AUTH_FAIL|TPM_RC_BAD_AUTH|0000098e|000009a2/i);
    await flush(s2);
    const j = JSON.parse(await ok(f.cli, "startauthsession", "-se", "p", "--json"));
    expect(j.nonceTPM).toMatch(/^[0-9a-f]{64}$/);
    await flush(j.sessionHandle.toString(16).padStart(8, "0"));
    expect((await f.cli.tss("startauthsession", "-se", "x")).code).toBe(1);
    expect((await f.cli.tss("startauthsession", "-se", "h", "-pwdb", "x")).code).toBe(1);
  });

  it("policyauthvalue and policypassword: an NV index written and read through its policy, the wrong password refused", async () => {
    const _digest = policyFile("pav.bin", sha256(ZERO, u32(0x16b)));
    await ok(f.cli, "nvdefinespace", "-ha", "01000002", "-hi", "o", "-pwdn", "pw2", "-sz", "8", "-pol", "pav.bin");
    const s = await session("p");
    await ok(f.cli, "policyauthvalue", "-ha", s);
    await ok(f.cli, "nvwrite", "-ha", "01000002", "-pwdn", "pw2", "-ic", "abcdefgh", "-se0", s, "01");
    await ok(f.cli, "policypassword", "-ha", s);
    await ok(f.cli, "nvread", "-ha", "01000002", "-pwdn", "pw2", "-sz", "8", "-of", "nv2.bin", "-se0", s, "01");
    expect(read("nv2.bin").toString()).toBe("abcdefgh");
    await ok(f.cli, "policypassword", "-ha", s);
    expectFailure(
      await f.cli.tss("nvread", "-ha", "01000002", "-pwdn", "bad", "-sz", "8", "-se0", s, "01"),
      /TPM_RC_AUTH_FAIL|TPM_RC_BAD_AUTH|0000098e|000009a2/i,
    );
    await flush(s);
  });

  it("policysecret (owner) with -tk/-to, then policyticket (-hi o) replays it; both unseal, an empty policy does not", async () => {
    const ownerName = u32(0x40000001);
    const digest = policyFile("psec.bin", sha256(sha256(ZERO, u32(0x151), ownerName)));
    // -pref: the policyRef is hashed after the Name (a trial session: no object needed).
    write("ref.bin", "policy reference");
    const withRef = await trial("psecref.bin", async (s) => {
      await ok(f.cli, "policysecret", "-ha", "40000001", "-hs", s, "-pref", "ref.bin");
    });
    expect(withRef.equals(sha256(sha256(ZERO, u32(0x151), ownerName), read("ref.bin")))).toBe(true);
    const h = await sealed("psec", "psec.bin");
    // Directly, with an HMAC session for the owner's authorization.
    const hmac = await session("h");
    const s = await session("p", "-on", "nonce.bin");
    const out = JSON.parse(
      await ok(
        f.cli,
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
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await flush(hmac, s);
    // From the ticket, in a new session.
    const s2 = await session("p");
    await ok(f.cli, "policyticket", "-ha", s2, "-to", "to.bin", "-hi", "o", "-tk", "tk.bin");
    await ok(f.cli, "policygetdigest", "-ha", s2, "-of", "pt.bin");
    expect(read("pt.bin").equals(digest)).toBe(true);
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    if (IBM) {
      // The files cross: IBM's policyticket reads ours (into our session), ours reads IBM's policysecret's.
      await ibmOk(f.cli, "policyticket", "-ha", s2, "-to", "to.bin", "-hi", "o", "-tk", "tk.bin");
      await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
      const hi = handleOf(await ibmOk(f.cli, "startauthsession", "-se", "p", "-on", "ibmnonce.bin"));
      await ibmOk(
        f.cli,
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
      await ibmOk(f.cli, "flushcontext", "-ha", hi);
      await ok(f.cli, "policyticket", "-ha", s2, "-to", "ibm.to", "-hi", "o", "-tk", "ibm.tk");
      await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    }
    // The ticket names the owner: replayed for the endorsement hierarchy it is refused.
    expectFailure(
      await f.cli.tss("policyticket", "-ha", s2, "-to", "to.bin", "-hi", "e", "-tk", "tk.bin"),
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
    const kout = await ok(f.cli, "loadexternal", "-hi", "o", "-ipem", "signer.pem", "-si", "-ns");
    const key = track(handleOf(kout));
    const keyName = Buffer.from(kout.trim().split("\n").at(-1)!, "hex");
    write("signer.name", keyName);
    const _digest = policyFile("psig.bin", sha256(sha256(ZERO, u32(0x160), keyName)));
    const h = await sealed("psig", "psig.bin");
    const s = await session("p", "-on", "nonce2.bin");
    await ok(
      f.cli,
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
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    await flush(s);
    // An external signature of aHash = H(nonceTPM || expiration || cpHashA || policyRef), made by node:crypto.
    const s2 = await session("p", "-on", "nonce3.bin");
    const aHashInput = Buffer.concat([read("nonce3.bin"), u32(0)]);
    write("sig.bin", nc.sign("sha256", aHashInput, privateKey));
    await ok(f.cli, "policysigned", "-hk", key, "-ha", s2, "-in", "nonce3.bin", "-is", "sig.bin");
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s2, "01");
    await flush(s2);
    if (IBM) {
      // IBM's policysigned signs with the same PEM key (its -sk/-pwdk) into our session.
      const s5 = await session("p");
      await ibmOk(f.cli, "policysigned", "-hk", key, "-ha", s5, "-sk", "signer-priv.pem", "-pwdk", "rsapw");
      await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s5, "01");
      await flush(s5);
    }
    // The ticket from the first session, by the key's Name.
    const s3 = await session("p");
    await ok(f.cli, "policyticket", "-ha", s3, "-to", "tos.bin", "-na", "signer.name", "-tk", "tks.bin");
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s3, "01");
    // Another key's signature is refused.
    const other = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("other-priv.pem", other.privateKey.export({ type: "pkcs1", format: "pem" }));
    const s4 = await session("p");
    expectFailure(
      await f.cli.tss("policysigned", "-hk", key, "-ha", s4, "-sk", "other-priv.pem"),
      /TPM_RC_SIGNATURE|000002db/i,
    );
    expect((await f.cli.tss("policysigned", "-hk", key, "-ha", s4)).code).toBe(1);
  });

  it("policyauthorize: an approved policy signed with a key, its verifysignature ticket, satisfies the object's authorizing policy", async () => {
    const { privateKey, publicKey } = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("auth.pem", publicKey.export({ type: "spki", format: "pem" }));
    const kout = await ok(f.cli, "loadexternal", "-hi", "o", "-ipem", "auth.pem", "-si", "-ns");
    const key = track(handleOf(kout));
    const keyName = Buffer.from(kout.trim().split("\n").at(-1)!, "hex");
    write("auth.name", keyName);
    // The object's policy: PolicyAuthorize(keySign = the key's Name, empty policyRef), computed by hand.
    const authorizing = sha256(sha256(ZERO, u32(0x16a), keyName));
    write("pauth.bin", authorizing);
    const h = await sealed("pauth", "pauth.bin");
    // The approved policy: PolicyCommandCode(Unseal); the key signs aHash = H(approvedPolicy || policyRef).
    const approved = policyFile("appr.bin", sha256(ZERO, u32(0x16c), u32(0x15e)));
    write("appr.sig", nc.sign("sha256", approved, privateKey));
    await ok(f.cli, "verifysignature", "-hk", key, "-if", "appr.bin", "-is", "appr.sig", "-raw", "-tk", "appr.tk");
    const s = await session("p");
    await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "15e");
    await ok(f.cli, "policyauthorize", "-ha", s, "-appr", "appr.bin", "-skn", "auth.name", "-tk", "appr.tk");
    await ok(f.cli, "policygetdigest", "-ha", s, "-of", "pa.bin");
    expect(read("pa.bin").equals(authorizing)).toBe(true);
    await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    expect(read("unsealed.bin").toString()).toBe("policy-protected secret");
    if (IBM) {
      // IBM's policyauthorize reads our files (approved policy, key Name, verifysignature's TPMT_TK_VERIFIED).
      await ok(f.cli, "policycommandcode", "-ha", s, "-cc", "15e");
      await ibmOk(f.cli, "policyauthorize", "-ha", s, "-appr", "appr.bin", "-skn", "auth.name", "-tk", "appr.tk");
      await ok(f.cli, "unseal", "-ha", h, "-of", "unsealed.bin", "-se0", s, "01");
    }
    // A session whose digest is not the approved one cannot use the ticket.
    const s2 = await session("p");
    await ok(f.cli, "policypassword", "-ha", s2);
    expectFailure(
      await f.cli.tss("policyauthorize", "-ha", s2, "-appr", "appr.bin", "-skn", "auth.name", "-tk", "appr.tk"),
      /TPM_RC_VALUE|TPM_RC_POLICY_FAIL|0000099d|000001c4|00000184/i,
    );
  });
});
