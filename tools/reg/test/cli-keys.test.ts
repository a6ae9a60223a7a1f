// The objects-and-keys utilities as the built `tss` binary, one process per
// call, against a private swtpm, in the flows of the IBM regression's key
// set-up, primary keys, storage, unseal and contexts groups (loadexternal,
// importpem and duplication: cli-keys-import.test.ts); each
// checks outputs (node:crypto verifies signatures with the PEM files the
// utilities write, creation hashes are the digests of the creation data, Names
// agree between readpublic, publicname and the TPM, unsealed data is the sealed
// data, rewrapped blobs open with the new parent's private key) and, where
// Debian's IBM TSS utilities (tss2, 1.4.5) are installed, that files cross
// both ways between theirs and ours on the same swtpm.
import * as nc from "node:crypto";
import {
  TPM_RH,
  TPM_ST,
  TPM2B_ECC_POINT,
  TPM2B_PUBLIC,
  TPMS_CONTEXT,
  TPMS_CREATION_DATA,
  TPMT_TK_CREATION,
  unmarshal,
} from "@tss/marshal";
import { beforeAll, describe, expect, it } from "vitest";
import { keySetFixture, PRIMARY, verifiesWithPem } from "./support/cli-key-set.js";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, tssOk as ok } from "./support/cli-runner.js";

const IBM = haveIbmTss();

describe("objects and keys utilities against swtpm", () => {
  const keys = keySetFixture();
  const { message } = keys;
  const read = (name: string) => keys.read(name);
  const write = (name: string, data: string | Uint8Array) => keys.write(name, data);
  let cli: CliEnv;
  beforeAll(() => {
    cli = keys.cli;
  });

  it("createprimary -tk -ch -cd -opu -opem: the ticket, the creation hash of the data, the PEM of the key", async () => {
    const h = handleOf(
      await ok(
        cli,
        "createprimary",
        "-hi",
        "o",
        "-ecc",
        "nistp256",
        "-pwdk",
        "p2",
        "-opu",
        "p2.pub",
        "-opem",
        "p2.pem",
        "-tk",
        "p2tk.bin",
        "-ch",
        "p2ch.bin",
        "-cd",
        "p2cd.bin",
      ),
    );
    const ticket = unmarshal(TPMT_TK_CREATION, new Uint8Array(read("p2tk.bin")));
    expect(ticket.tag).toBe(TPM_ST.CREATION);
    expect(ticket.hierarchy).toBe(TPM_RH.OWNER);
    const cd = unmarshal(TPMS_CREATION_DATA, new Uint8Array(read("p2cd.bin")));
    expect(cd.parentName).toEqual(Uint8Array.of(0x40, 0, 0, 1));
    expect(read("p2ch.bin").equals(nc.createHash("sha256").update(read("p2cd.bin")).digest())).toBe(true);
    const pub = unmarshal(TPM2B_PUBLIC, new Uint8Array(read("p2.pub"))).publicArea as any;
    const jwk = nc.createPublicKey(read("p2.pem").toString()).export({ format: "jwk" });
    expect(Buffer.from(jwk.x!, "base64url").equals(Buffer.from(pub.unique.ecc.x))).toBe(true);
    expect(Buffer.from(jwk.y!, "base64url").equals(Buffer.from(pub.unique.ecc.y))).toBe(true);
    // readpublic: the same public area and PEM; quiet without -v (IBM's), the Name with -ns, as publicname computes it.
    const rp = await ok(cli, "readpublic", "-ho", h, "-opu", "p2rp.pub", "-opem", "p2rp.pem", "-ns");
    expect(read("p2rp.pub").equals(read("p2.pub"))).toBe(true);
    expect(read("p2rp.pem").toString()).toBe(read("p2.pem").toString());
    const name = rp.trim();
    expect(name).toMatch(/^000b[0-9a-f]{64}$/);
    expect((await ok(cli, "publicname", "-ipu", "p2.pub", "-ns", "-on", "p2.name")).trim().toLowerCase()).toBe(name);
    expect(read("p2.name").toString("hex")).toBe(name);
    // tpm2pem and tpmpublic2eccpoint of the file.
    await ok(cli, "tpm2pem", "-ipu", "p2.pub", "-opem", "p2t.pem");
    expect(read("p2t.pem").toString()).toBe(read("p2.pem").toString());
    await ok(cli, "tpmpublic2eccpoint", "-ipu", "p2.pub", "-pt", "p2.pt");
    expect(unmarshal(TPM2B_ECC_POINT, new Uint8Array(read("p2.pt"))).point).toEqual(pub.unique.ecc);
    expect((await cli.tss("tpmpublic2eccpoint", "-ipu", "p2.pub")).code).toBe(1);
    // evictcontrol: persistent, the same Name there, then evicted.
    await ok(cli, "evictcontrol", "-hi", "o", "-ho", h, "-hp", "81000002");
    expect((await ok(cli, "readpublic", "-ho", "81000002", "-ns")).trim()).toBe(name);
    await ok(cli, "evictcontrol", "-hi", "o", "-ho", "81000002", "-hp", "81000002");
    expect((await cli.tss("readpublic", "-ho", "81000002")).code).toBe(1);
    if (IBM) {
      // IBM's readpublic writes the same TPM2B_PUBLIC bytes; its createprimary's ticket file is the same structure.
      await ibmOk(cli, "readpublic", "-ho", h, "-opu", "p2ibm.pub");
      expect(read("p2ibm.pub").equals(read("p2.pub"))).toBe(true);
      const ih = handleOf(
        await ibmOk(cli, "createprimary", "-hi", "o", "-ecc", "nistp256", "-tk", "ibmtk.bin", "-ch", "ibmch.bin"),
      );
      expect(unmarshal(TPMT_TK_CREATION, new Uint8Array(read("ibmtk.bin"))).hierarchy).toBe(TPM_RH.OWNER);
      expect(read("ibmch.bin")).toHaveLength(32);
      await ok(cli, "flushcontext", "-ha", ih);
    }
    await ok(cli, "flushcontext", "-ha", h);
  });

  it("create -si (RSA and ECC) -opem -tk -ch -cd, load, sign: node:crypto verifies with the PEM; IBM's files load in ours and ours in IBM's", async () => {
    for (const alg of [[], ["-ecc", "nistp256"]]) {
      const ecc = alg.length > 0;
      await ok(
        cli,
        "create",
        "-hp",
        PRIMARY,
        "-pwdp",
        "sto",
        "-si",
        ...alg,
        "-pwdk",
        "sig",
        "-opu",
        "s.pub",
        "-opr",
        "s.priv",
        "-opem",
        "s.pem",
        "-tk",
        "stk.bin",
        "-ch",
        "sch.bin",
        "-cd",
        "scd.bin",
      );
      expect(read("sch.bin").equals(nc.createHash("sha256").update(read("scd.bin")).digest())).toBe(true);
      const k = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "s.pub", "-ipr", "s.priv"));
      await ok(
        cli,
        "sign",
        "-hk",
        k,
        "-pwdk",
        "sig",
        "-if",
        "msg.bin",
        "-os",
        "sig.bin",
        ...(ecc ? ["-salg", "ecc"] : []),
      );
      expect(verifiesWithPem(read("s.pem").toString(), message, read("sig.bin"))).toBe(true);
      expect(verifiesWithPem(read("s.pem").toString(), Buffer.from("another"), read("sig.bin"))).toBe(false);
      await ok(cli, "flushcontext", "-ha", k);
      if (IBM) {
        // Ours loads in IBM's; IBM's create loads in ours and signs; our tpm2pem of IBM's file verifies.
        const ik = handleOf(
          await ibmOk(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "s.pub", "-ipr", "s.priv"),
        );
        await ibmOk(cli, "flushcontext", "-ha", ik);
        await ibmOk(
          cli,
          "create",
          "-hp",
          PRIMARY,
          "-pwdp",
          "sto",
          "-si",
          ...alg,
          "-pwdk",
          "isig",
          "-opu",
          "is.pub",
          "-opr",
          "is.priv",
        );
        const k2 = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "is.pub", "-ipr", "is.priv"));
        await ok(
          cli,
          "sign",
          "-hk",
          k2,
          "-pwdk",
          "isig",
          "-if",
          "msg.bin",
          "-os",
          "isig.bin",
          ...(ecc ? ["-salg", "ecc"] : []),
        );
        await ok(cli, "tpm2pem", "-ipu", "is.pub", "-opem", "is.pem");
        expect(verifiesWithPem(read("is.pem").toString(), message, read("isig.bin"))).toBe(true);
        await ok(cli, "flushcontext", "-ha", k2);
      }
    }
  });

  it("sealed data: create -bl, unseal; objectchangeauth -ipwdn; contextsave/contextload of the object and of a session", async () => {
    const secret = nc.randomBytes(40);
    write("secret.bin", secret);
    await ok(
      cli,
      "create",
      "-hp",
      PRIMARY,
      "-pwdp",
      "sto",
      "-bl",
      "-if",
      "secret.bin",
      "-pwdk",
      "bl",
      "-opu",
      "bl.pub",
      "-opr",
      "bl.priv",
    );
    const b = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "bl.pub", "-ipr", "bl.priv"));
    await ok(cli, "unseal", "-ha", b, "-pwd", "bl", "-of", "unsealed.bin");
    expect(read("unsealed.bin").equals(secret)).toBe(true);
    if (IBM) {
      await ibmOk(cli, "unseal", "-ha", b, "-pwd", "bl", "-of", "ibmunsealed.bin");
      expect(read("ibmunsealed.bin").equals(secret)).toBe(true);
    }
    // A new password from a nul-terminated file; the new private area loads with it, the old password fails.
    write("newpw.bin", Buffer.from("newpw\0"));
    await ok(
      cli,
      "objectchangeauth",
      "-hp",
      PRIMARY,
      "-ho",
      b,
      "-pwdo",
      "bl",
      "-ipwdn",
      "newpw.bin",
      "-opr",
      "bl2.priv",
    );
    await ok(cli, "flushcontext", "-ha", b);
    const b2 = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "bl.pub", "-ipr", "bl2.priv"));
    const wrong = await cli.tss("unseal", "-ha", b2, "-pwd", "bl");
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/TPM_RC_BAD_AUTH - .* Session number 1/);
    write("nonul.bin", Buffer.from("newpw"));
    expect(
      (await cli.tss("objectchangeauth", "-hp", PRIMARY, "-ho", b2, "-pwdo", "newpw", "-ipwdn", "nonul.bin")).code,
    ).toBe(1);
    // The object's context: saved, flushed, loaded back (by ours and by IBM's), still unseals.
    expect(await ok(cli, "contextsave", "-ha", b2, "-of", "bl.ctx")).toMatch(
      /^TPMS_CONTEXT\.savedHandle [0-9a-f]{8}\n$/,
    );
    // The key set's primary is in the platform hierarchy.
    expect(unmarshal(TPMS_CONTEXT, new Uint8Array(read("bl.ctx"))).hierarchy).toBe(TPM_RH.PLATFORM);
    await ok(cli, "flushcontext", "-ha", b2);
    const b3 = handleOf(await ok(cli, "contextload", "-if", "bl.ctx"));
    await ok(cli, "unseal", "-ha", b3, "-pwd", "newpw", "-of", "unsealed3.bin");
    expect(read("unsealed3.bin").equals(secret)).toBe(true);
    await ok(cli, "flushcontext", "-ha", b3);
    if (IBM) {
      // IBM's contextsave (of an object IBM's load loaded) writes a file ours loads. The other way does not work
      // with IBM's TSS: its contextload looks for the Name it recorded at its own contextsave in its TPM_DATA_DIR.
      const b4 = handleOf(
        await ibmOk(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "bl.pub", "-ipr", "bl2.priv"),
      );
      await ibmOk(cli, "contextsave", "-ha", b4, "-of", "ibm.ctx");
      await ibmOk(cli, "flushcontext", "-ha", b4);
      const b5 = handleOf(await ok(cli, "contextload", "-if", "ibm.ctx"));
      await ok(cli, "unseal", "-ha", b5, "-pwd", "newpw", "-of", "unsealed5.bin");
      expect(read("unsealed5.bin").equals(secret)).toBe(true);
      await ok(cli, "flushcontext", "-ha", b5);
    }
    // An HMAC session's context: saved (unusable while saved), loaded, and it authorizes again.
    const b6 = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "bl.pub", "-ipr", "bl2.priv"));
    const se = handleOf(await ok(cli, "startauthsession", "-se", "h"));
    await ok(cli, "unseal", "-ha", b6, "-pwd", "newpw", "-se0", se, "1");
    await ok(cli, "contextsave", "-ha", se, "-of", "se.ctx");
    expect((await cli.tss("unseal", "-ha", b6, "-pwd", "newpw", "-se0", se, "1")).code).toBe(1);
    expect(handleOf(await ok(cli, "contextload", "-if", "se.ctx"))).toBe(se);
    await ok(cli, "unseal", "-ha", b6, "-pwd", "newpw", "-se0", se, "0", "-of", "unsealed6.bin");
    expect(read("unsealed6.bin").equals(secret)).toBe(true);
    await ok(cli, "flushcontext", "-ha", b6);
  });

  it("createloaded: a derivation parent and the same derived key twice; IBM's createloaded file; every key type's template", async () => {
    const dp = handleOf(await ok(cli, "createloaded", "-hp", PRIMARY, "-pwdp", "sto", "-dp", "-pwdk", "dp"));
    const derive = ["-hp", dp, "-pwdp", "dp", "-der", "-ecc", "nistp256", "-si", "-kt", "f", "-kt", "p"];
    const d1 = handleOf(await ok(cli, "createloaded", ...derive, "-opu", "d1.pub", "-opem", "d1.pem"));
    await ok(cli, "sign", "-hk", d1, "-if", "msg.bin", "-os", "d1sig.bin", "-salg", "ecc");
    expect(verifiesWithPem(read("d1.pem").toString(), message, read("d1sig.bin"))).toBe(true);
    await ok(cli, "flushcontext", "-ha", d1);
    const d2 = handleOf(await ok(cli, "createloaded", ...derive, "-opu", "d2.pub"));
    expect(read("d2.pub").equals(read("d1.pub"))).toBe(true);
    await ok(cli, "flushcontext", "-ha", d2);
    if (IBM) {
      // IBM's createloaded (1.4.5 predates the rev 146 derivation API, so an ordinary key): the same public area as readpublic's.
      const d3 = handleOf(await ibmOk(cli, "createloaded", "-hp", PRIMARY, "-pwdp", "sto", "-si", "-opu", "d3.pub"));
      await ok(cli, "readpublic", "-ho", d3, "-opu", "d3rp.pub");
      expect(read("d3rp.pub").equals(read("d3.pub"))).toBe(true);
      await ok(cli, "flushcontext", "-ha", d3);
    }
    await ok(cli, "flushcontext", "-ha", dp);
    // ECDAA key pairs (-dau unrestricted, -dar restricted) under the storage primary.
    for (const t of ["-dau", "-dar"]) {
      const h = handleOf(
        await ok(cli, "createloaded", "-hp", PRIMARY, "-pwdp", "sto", t, "-ecc", "bnp256", "-opu", "daa.pub"),
      );
      const area = unmarshal(TPM2B_PUBLIC, new Uint8Array(read("daa.pub"))).publicArea as any;
      expect(area.parameters.eccDetail.scheme.scheme, t).toBe(0x001a); // TPM_ALG_ECDAA
      expect(Boolean(area.objectAttributes & 0x10000), `${t} restricted`).toBe(t === "-dar");
      await ok(cli, "flushcontext", "-ha", h);
    }
    // The other key types: the TPM accepts each template (ECC where the type allows, to spare RSA key generation).
    const ecc = ["-ecc", "nistp256"];
    const types = [["-den", ...ecc], ["-gp", ...ecc], ["-deo"], ["-khr"]];
    for (const [i, t] of types.entries()) {
      const r = await cli.tss("create", "-hp", PRIMARY, "-pwdp", "sto", ...t, "-opu", `t${i}.pub`);
      expect(r.code, `${t.join(" ")}: ${r.err}`).toBe(0);
      const attrs = (unmarshal(TPM2B_PUBLIC, new Uint8Array(read(`t${i}.pub`))).publicArea as any).objectAttributes;
      expect(attrs & 0x20, `${t.join(" ")} sensitiveDataOrigin`).toBe(0x20);
    }
    if (IBM) {
      // A primary key is a function of the hierarchy's seed and the template: IBM's createprimary and ours give
      // byte-identical public areas exactly when the templates (attributes, schemes, policy) are the same.
      write("khdata.bin", nc.randomBytes(16));
      const same = [
        ["-st", ...ecc, "-pol", "zerosha256.bin"],
        ["-si", ...ecc, "-halg", "sha384", "-da"],
        ["-sir", ...ecc, "-kt", "nf", "-kt", "np", "-uwa"],
        ["-dau", ...ecc],
        ["-des"],
        ["-kh", "-halg", "sha384"],
        ["-dp"],
        ["-bl", "-if", "khdata.bin"],
      ];
      for (const t of same) {
        const h1 = handleOf(await ok(cli, "createprimary", "-hi", "o", ...t, "-opu", "ours.pub"));
        await ok(cli, "flushcontext", "-ha", h1);
        const h2 = handleOf(await ibmOk(cli, "createprimary", "-hi", "o", ...t, "-opu", "ibm.pub"));
        await ok(cli, "flushcontext", "-ha", h2);
        expect(read("ours.pub").toString("hex"), t.join(" ")).toBe(read("ibm.pub").toString("hex"));
      }
    }
    // Usage errors: one key type only, -bl needs -if, asymmetric keys take no -if, -dau needs -ecc.
    // Refused before anything is sent, so all at once.
    const bad = [["-si", "-st"], ["-bl"], ["-si", "-if", "msg.bin"], ["-dau"], []];
    const refused = await Promise.all(bad.map((b) => cli.tss("create", "-hp", PRIMARY, "-pwdp", "sto", ...b)));
    for (const [i, r] of refused.entries()) expect(r.code, bad[i]!.join(" ")).toBe(1);
  });

  it("printattr prints attribute words as IBM's printer; -h, unknown flags and missing flags exit 1", async () => {
    expect(await ok(cli, "printattr", "-ob", "00060072", "-se", "21")).toBe(
      [
        "TPMA_OBJECT: 00060072",
        "TPMA_OBJECT: fixedTpm",
        "TPMA_OBJECT: fixedParent",
        "TPMA_OBJECT: sensitiveDataOrigin",
        "TPMA_OBJECT: userWithAuth",
        "TPMA_OBJECT: decrypt",
        "TPMA_OBJECT: sign",
        "TPMA_SESSION: continue",
        "TPMA_SESSION: decrypt",
        "",
      ].join("\n"),
    );
    // Every utility's -h and unknown flags are in packages/cli's tests (in-process); here a few as processes.
    const family = ["createloaded", "importpem", "duplicate", "publicname", "printattr"];
    for (let i = 0; i < family.length; i += 5) {
      const batch = family.slice(i, i + 5);
      const help = await Promise.all(batch.map((u) => cli.tss(u, "-h")));
      const unknown = await Promise.all(batch.map((u) => cli.tss(u, "-xyz")));
      batch.forEach((u, j) => {
        expect(help[j]!.code, `${u} -h`).toBe(1);
        expect(help[j]!.out, `${u} -h`).toContain(`\n${u}\n`);
        expect(unknown[j]!.code, `${u} -xyz`).toBe(1);
        expect(unknown[j]!.err, `${u} -xyz`).toContain("-xyz is not a valid option");
      });
    }
    const bare = ["load", "import", "duplicate", "rewrap", "contextload", "tpm2pem", "unseal", "objectchangeauth"];
    for (const r of await Promise.all(bare.map((u) => cli.tss(u)))) expect(r.code).toBe(1);
  });
});
