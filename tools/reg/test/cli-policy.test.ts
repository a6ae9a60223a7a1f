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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, startCliEnv, tssOk as ok } from "./support/cli-runner.js";

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

  /** Starts a session (-se p, t or h) and returns its handle. */
  async function session(type: "p" | "t" | "h", ...more: string[]) {
    return handleOf(await ok(cli, "startauthsession", "-se", type, ...more));
  }

  /** Runs `steps` in a trial session, saves the digest in `out` and returns it. */
  async function trial(out: string, steps: (s: string) => Promise<void>) {
    const s = await session("t");
    await steps(s);
    await ok(cli, "policygetdigest", "-ha", s, "-of", out);
    await ok(cli, "flushcontext", "-ha", s);
    return read(out);
  }

  /** A sealed data object under the storage primary whose authPolicy is the file `policy`; returns its handle. */
  async function sealed(name: string, policy: string) {
    await ok(cli, "create", "-hp", primary, "-bl", "-if", "secret.txt", "-pol", policy, "-uwa", "-opr", `${name}.priv`, "-opu", `${name}.pub`);
    return handleOf(await ok(cli, "load", "-hp", primary, "-ipr", `${name}.priv`, "-ipu", `${name}.pub`));
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
      expect(theirs).toMatch(/policyDigest/);
      expect(read("pdibm.bin").equals(read("pdcc.bin"))).toBe(true);
    }
    await ok(cli, "policyrestart", "-ha", s);
    await ok(cli, "policygetdigest", "-ha", s, "-of", "pdr.bin");
    expect(read("pdr.bin").equals(ZERO)).toBe(true);
    await ok(cli, "flushcontext", "-ha", s);
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
    await ok(cli, "flushcontext", "-ha", s1);
    await ok(cli, "nvdefinespace", "-ha", "01000001", "-hi", "o", "-pwdn", "nvpw", "-sz", "16");
    await ok(cli, "nvwrite", "-ha", "01000001", "-pwdn", "nvpw", "-ic", "0123456789abcdef");
    const s = await session("h", "-hs", primary, "-bi", "01000001", "-pwdb", "nvpw", "-sym", "aes");
    await ok(cli, "nvread", "-ha", "01000001", "-pwdn", "nvpw", "-sz", "16", "-of", "nv1.bin", "-se0", s, "41");
    expect(read("nv1.bin").toString()).toBe("0123456789abcdef");
    // Bound to the index, the session key already holds its authValue (from -pwdb): the password given is not used.
    await ok(cli, "nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s, "01");
    await ok(cli, "flushcontext", "-ha", s);
    // Salted only, the wrong password fails the HMAC check.
    const s2 = await session("h", "-hs", primary);
    const bad = await cli.tss("nvread", "-ha", "01000001", "-pwdn", "wrong", "-sz", "16", "-se0", s2, "01");
    expectFailure(bad, /TPM_RC_AUTH_FAIL|0000098e/i);
    await cli.tss("flushcontext", "-ha", s2);
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
    await cli.tss("flushcontext", "-ha", s);
  });
});
