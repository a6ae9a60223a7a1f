// The objects-and-keys utilities as the built `tss` binary, one process per
// call, against a private swtpm, in the flows of the IBM regression's key
// set-up, primary keys, storage, unseal, contexts and duplication groups; each
// checks outputs (node:crypto verifies signatures with the PEM files the
// utilities write, creation hashes are the digests of the creation data, Names
// agree between readpublic, publicname and the TPM, unsealed data is the sealed
// data, rewrapped blobs open with the new parent's private key) and, where
// Debian's IBM TSS utilities (tss2, 1.4.5) are installed, that files cross
// both ways between theirs and ours on the same swtpm.
import * as nc from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  TPM_ALG_ID,
  TPM_CAP,
  TPM_RH,
  TPM_ST,
  TPM2B_ECC_POINT,
  TPM2B_PUBLIC,
  TPM2B_SENSITIVE,
  TPMS_CONTEXT,
  TPMS_CREATION_DATA,
  TPMT_SIGNATURE,
  TPMT_TK_CREATION,
  unmarshal,
} from "@tss/marshal";
import {
  credentialProtector,
  DUPLICATE_LABEL,
  openDuplicationBlob,
  type PublicArea,
  trimAuthValue,
} from "@tss/session";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, defaultCrypto } from "@tss/tss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, haveIbmTss, startCliEnv } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const PRIMARY = "80000000";

/** Runs and expects exit status 0; returns standard output. */
async function ok(cli: CliEnv, ...args: string[]): Promise<string> {
  const r = await cli.tss(...args);
  if (r.code !== 0) throw new Error(`tss ${args.join(" ")} exited ${r.code}:\n${r.err}${r.out}`);
  return r.out;
}

/** Runs IBM's utility and expects exit status 0; returns standard output. */
async function ibmOk(cli: CliEnv, utility: string, ...args: string[]): Promise<string> {
  const r = await cli.ibm(utility, ...args);
  if (r.code !== 0) throw new Error(`tss${utility} ${args.join(" ")} exited ${r.code}:\n${r.out}${r.err}`);
  return r.out;
}

/** The handle of a "Handle xxxxxxxx" line. */
function handleOf(out: string): string {
  const m = /Handle ([0-9a-f]{8})/.exec(out);
  if (!m) throw new Error(`no handle in ${JSON.stringify(out)}`);
  return m[1]!;
}

/** node:crypto's check of a TPMT_SIGNATURE file (RSASSA or ECDSA, SHA-256) over a message, with a PEM public key. */
function verifiesWithPem(pem: string, message: Buffer, signatureFile: Buffer): boolean {
  const s = unmarshal(TPMT_SIGNATURE, new Uint8Array(signatureFile)) as { sigAlg: number; signature: any };
  const key = nc.createPublicKey(pem);
  if (s.sigAlg === TPM_ALG_ID.RSASSA) return nc.verify("sha256", message, key, s.signature.rsassa.sig);
  const size = Math.ceil((key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? 384 : 256) / 8);
  const pad = (b: Uint8Array) => Buffer.concat([Buffer.alloc(size - b.length), b]);
  const { signatureR, signatureS } = s.signature.ecdsa;
  return nc.verify(
    "sha256",
    message,
    { key, dsaEncoding: "ieee-p1363" },
    Buffer.concat([pad(signatureR), pad(signatureS)]),
  );
}

describe("objects and keys utilities against swtpm", () => {
  let cli: CliEnv;
  const file = (name: string) => join(cli.dir, name);
  const read = (name: string) => readFileSync(file(name));
  const write = (name: string, data: string | Uint8Array) => writeFileSync(file(name), data);
  const message = Buffer.from("the message the keys sign");

  beforeAll(async () => {
    cli = await startCliEnv();
    write("msg.bin", message);
    write("zerosha256.bin", Buffer.alloc(32));
    // PolicyCommandCode(TPM2_Duplicate) from an empty SHA-256 policy, as IBM's policies/policyccduplicate.bin.
    const cc = Buffer.from([0, 0, 0x01, 0x6c, 0, 0, 0x01, 0x4b]);
    write("policyccduplicate.bin", nc.createHash("sha256").update(Buffer.alloc(32)).update(cc).digest());
    // The key set's storage primary, as IBM's initkeys.sh makes it.
    const out = await ok(
      cli,
      "createprimary",
      "-hi",
      "p",
      "-pwdk",
      "sto",
      "-pol",
      "zerosha256.bin",
      "-tk",
      "pritk.bin",
    );
    expect(handleOf(out)).toBe(PRIMARY);
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });
  // swtpm holds three objects: a test that fails midway must not leave its objects to the next.
  afterEach(async () => {
    const tss = createTss({ transport: new MssimTransport({ host: cli.tpm.host, port: cli.tpm.port }) });
    let handles: number[];
    try {
      const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x80000000, propertyCount: 64 });
      handles = (out.capabilityData.data as { handles: number[] }).handles;
    } finally {
      await tss.close();
    }
    for (const h of handles.filter((x) => x !== 0x80000000)) await cli.tss("flushcontext", "-ha", h.toString(16));
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
    // The other key types: the TPM accepts each template (ECC where the type allows, to spare RSA key generation).
    const ecc = ["-ecc", "nistp256"];
    const types = [
      ["-st", ...ecc],
      ["-den", ...ecc],
      ["-gp", ...ecc],
      ["-sir", ...ecc],
      ["-dau", ...ecc],
      ["-deo"],
      ["-des"],
      ["-kh"],
      ["-khr"],
    ];
    // One at a time: swtpm serves one connection.
    const created = [];
    for (const [i, t] of types.entries())
      created.push(await cli.tss("create", "-hp", PRIMARY, "-pwdp", "sto", ...t, "-opu", `t${i}.pub`));
    created.forEach((r, i) => {
      expect(r.code, `${types[i]!.join(" ")}: ${r.err}`).toBe(0);
      const attrs = (unmarshal(TPM2B_PUBLIC, new Uint8Array(read(`t${i}.pub`))).publicArea as any).objectAttributes;
      expect(attrs & 0x20, `${types[i]!.join(" ")} sensitiveDataOrigin`).toBe(0x20);
    });
    // Usage errors: one key type only, -bl needs -if, asymmetric keys take no -if, -dau needs -ecc.
    // Refused before anything is sent, so all at once.
    const bad = [["-si", "-st"], ["-bl"], ["-si", "-if", "msg.bin"], ["-dau"], []];
    const refused = await Promise.all(bad.map((b) => cli.tss("create", "-hp", PRIMARY, "-pwdp", "sto", ...b)));
    for (const [i, r] of refused.entries()) expect(r.code, bad[i]!.join(" ")).toBe(1);
  });

  it("loadexternal -ipem/-ider and publicname agree with the TPM's Name; a DER key pair signs; publicname -invpu", async () => {
    const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    write("ext.pem", rsa.publicKey.export({ type: "spki", format: "pem" }) as string);
    write("ext.der", rsa.privateKey.export({ type: "pkcs1", format: "der" }));
    const out = await ok(cli, "loadexternal", "-hi", "o", "-ipem", "ext.pem", "-ns");
    const [line, name] = out.trim().split("\n");
    const h = handleOf(line!);
    expect((await ok(cli, "publicname", "-ipem", "ext.pem", "-ns")).trim().toLowerCase()).toBe(name);
    if (IBM) {
      const ih = handleOf(await ibmOk(cli, "loadexternal", "-hi", "o", "-ipem", "ext.pem"));
      await ok(cli, "readpublic", "-ho", ih, "-ns").then((n) => expect(n.trim()).toBe(name));
      await ok(cli, "flushcontext", "-ha", ih);
    }
    await ok(cli, "flushcontext", "-ha", h);
    // The key pair: loaded with its private part (NULL hierarchy), it signs like the key.
    const k = handleOf(await ok(cli, "loadexternal", "-ider", "ext.der", "-pwdk", "ext"));
    await ok(cli, "sign", "-hk", k, "-pwdk", "ext", "-if", "msg.bin", "-os", "extsig.bin");
    expect(verifiesWithPem(read("ext.pem").toString(), message, read("extsig.bin"))).toBe(true);
    await ok(cli, "flushcontext", "-ha", k);
    const ec = nc.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    write("ec.der", ec.privateKey.export({ type: "sec1", format: "der" }));
    write("ec.pem", ec.publicKey.export({ type: "spki", format: "pem" }) as string);
    const e = handleOf(await ok(cli, "loadexternal", "-ecc", "-ider", "ec.der"));
    await ok(cli, "sign", "-hk", e, "-if", "msg.bin", "-os", "ecsig.bin", "-salg", "ecc");
    expect(verifiesWithPem(read("ec.pem").toString(), message, read("ecsig.bin"))).toBe(true);
    await ok(cli, "flushcontext", "-ha", e);
    expect((await cli.tss("loadexternal", "-ipem", "ext.pem", "-pwdk", "x")).code).toBe(1);
    expect((await cli.tss("loadexternal", "-ipem", "ext.pem", "-ider", "ext.der")).code).toBe(1);
    // An NV Index's Name from its public area file.
    await ok(cli, "nvdefinespace", "-ha", "01000000", "-hi", "o", "-sz", "8");
    const nvName = (await ok(cli, "nvreadpublic", "-ha", "01000000", "-opu", "nv.pub", "-ns"))
      .trim()
      .split("\n")
      .pop()!;
    expect((await ok(cli, "publicname", "-invpu", "nv.pub", "-ns")).trim().toLowerCase()).toBe(nvName);
    await ok(cli, "nvundefinespace", "-ha", "01000000", "-hi", "o");
  });

  it("importpem: encrypted PEM keys (PKCS#8, legacy RSA and EC) import, load and sign", async () => {
    const rsa = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const ec = nc.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    const enc = { cipher: "aes-256-cbc", passphrase: "rrrr" } as const;
    const cases = [
      { pem: rsa.privateKey.export({ type: "pkcs8", format: "pem", ...enc }), pub: rsa.publicKey, alg: [] },
      { pem: rsa.privateKey.export({ type: "pkcs1", format: "pem", ...enc }), pub: rsa.publicKey, alg: ["-rsa"] },
      { pem: ec.privateKey.export({ type: "sec1", format: "pem", ...enc }), pub: ec.publicKey, alg: ["-ecc"] },
    ];
    for (const [i, c] of cases.entries()) {
      write(`imp${i}.pem`, c.pem as string);
      await ok(
        cli,
        "importpem",
        "-hp",
        PRIMARY,
        "-pwdp",
        "sto",
        "-ipem",
        `imp${i}.pem`,
        "-pwdk",
        "rrrr",
        ...c.alg,
        "-opu",
        "imp.pub",
        "-opr",
        "imp.priv",
      );
      const k = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "imp.pub", "-ipr", "imp.priv"));
      await ok(
        cli,
        "sign",
        "-hk",
        k,
        "-pwdk",
        "rrrr",
        "-if",
        "msg.bin",
        "-os",
        "impsig.bin",
        ...(c.alg[0] === "-ecc" ? ["-salg", "ecc"] : []),
      );
      const pem = c.pub.export({ type: "spki", format: "pem" }) as string;
      expect(verifiesWithPem(pem, message, read("impsig.bin")), `case ${i}`).toBe(true);
      await ok(cli, "flushcontext", "-ha", k);
      if (IBM && i !== 0) {
        // IBM's importpem of the same PEM: its files load in ours.
        await ibmOk(
          cli,
          "importpem",
          "-hp",
          PRIMARY,
          "-pwdp",
          "sto",
          "-ipem",
          `imp${i}.pem`,
          "-pwdk",
          "rrrr",
          ...c.alg,
          "-opu",
          "iimp.pub",
          "-opr",
          "iimp.priv",
        );
        const ik = handleOf(
          await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "iimp.pub", "-ipr", "iimp.priv"),
        );
        await ok(cli, "flushcontext", "-ha", ik);
      }
    }
    const wrong = await cli.tss(
      "importpem",
      "-hp",
      PRIMARY,
      "-pwdp",
      "sto",
      "-ipem",
      "imp0.pem",
      "-pwdk",
      "xxxx",
      "-opu",
      "x",
      "-opr",
      "y",
    );
    expect(wrong.code).toBe(1);
  });

  it.skipIf(!IBM)(
    "duplicate to a storage key with an inner wrapper, import, sign; rewrap to a software parent opens in software (needs IBM's policycommandcode)",
    async () => {
      await ok(
        cli,
        "create",
        "-hp",
        PRIMARY,
        "-pwdp",
        "sto",
        "-st",
        "-pwdk",
        "k1",
        "-opu",
        "k1.pub",
        "-opr",
        "k1.priv",
      );
      await ok(
        cli,
        "create",
        "-hp",
        PRIMARY,
        "-pwdp",
        "sto",
        "-si",
        "-pwdk",
        "sig",
        "-pol",
        "policyccduplicate.bin",
        "-opu",
        "k2.pub",
        "-opr",
        "k2.priv",
      );
      const k1 = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "k1.pub", "-ipr", "k1.priv"));
      const k2 = handleOf(await ok(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "k2.pub", "-ipr", "k2.priv"));
      const session = handleOf(await ok(cli, "startauthsession", "-se", "p"));
      // PolicyCommandCode takes the session as a handle, not an authorization: IBM's utility can send it.
      await ibmOk(cli, "policycommandcode", "-ha", session, "-cc", "14b");
      write("ik.bin", nc.randomBytes(16));
      await ok(
        cli,
        "duplicate",
        "-ho",
        k2,
        "-pwdo",
        "sig",
        "-hp",
        k1,
        "-ik",
        "ik.bin",
        "-salg",
        "aes",
        "-od",
        "dup.bin",
        "-oss",
        "ss.bin",
        "-se0",
        session,
        "1",
      );
      await ok(cli, "flushcontext", "-ha", k2);
      await ok(
        cli,
        "import",
        "-hp",
        k1,
        "-pwdp",
        "k1",
        "-ipu",
        "k2.pub",
        "-id",
        "dup.bin",
        "-iss",
        "ss.bin",
        "-ik",
        "ik.bin",
        "-salg",
        "aes",
        "-opr",
        "k2new.priv",
      );
      const k3 = handleOf(await ok(cli, "load", "-hp", k1, "-pwdp", "k1", "-ipu", "k2.pub", "-ipr", "k2new.priv"));
      await ok(cli, "sign", "-hk", k3, "-pwdk", "sig", "-if", "msg.bin", "-os", "dupsig.bin");
      await ok(cli, "tpm2pem", "-ipu", "k2.pub", "-opem", "k2.pem");
      expect(verifiesWithPem(read("k2.pem").toString(), message, read("dupsig.bin"))).toBe(true);
      await ok(cli, "flushcontext", "-ha", k3);
      // IBM's import reads our duplicate files.
      await ibmOk(
        cli,
        "import",
        "-hp",
        k1,
        "-pwdp",
        "k1",
        "-ipu",
        "k2.pub",
        "-id",
        "dup.bin",
        "-iss",
        "ss.bin",
        "-ik",
        "ik.bin",
        "-salg",
        "aes",
        "-opr",
        "k2ibm.priv",
      );
      const k4 = handleOf(await ok(cli, "load", "-hp", k1, "-pwdp", "k1", "-ipu", "k2.pub", "-ipr", "k2ibm.priv"));
      await ok(cli, "flushcontext", "-ha", k4);
      // Rewrap from K1 to a software storage key (its public part loaded); the blob opens with its private key.
      const soft = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
      write("soft.pem", soft.publicKey.export({ type: "spki", format: "pem" }) as string);
      const sp = handleOf(await ok(cli, "loadexternal", "-hi", "o", "-st", "-ipem", "soft.pem"));
      await ok(cli, "publicname", "-ipu", "k2.pub", "-on", "k2.name");
      await ok(
        cli,
        "rewrap",
        "-ho",
        k1,
        "-pwdo",
        "k1",
        "-hn",
        sp,
        "-id",
        "dup.bin",
        "-in",
        "k2.name",
        "-iss",
        "ss.bin",
        "-od",
        "dup2.bin",
        "-oss",
        "ss2.bin",
      );
      const seed = nc.privateDecrypt(
        {
          key: soft.privateKey,
          padding: nc.constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: "sha256",
          oaepLabel: Buffer.from(`${DUPLICATE_LABEL}\0`),
        },
        read("ss2.bin"),
      );
      const k2Public = unmarshal(TPM2B_PUBLIC, new Uint8Array(read("k2.pub"))).publicArea as PublicArea;
      const crypto = (await defaultCrypto())!;
      // What the outer wrapper needs of the new parent: nameAlg and symmetric (loadexternal -st's template).
      const softPublic = {
        type: TPM_ALG_ID.RSA,
        nameAlg: TPM_ALG_ID.SHA256,
        objectAttributes: 0,
        authPolicy: new Uint8Array(0),
        parameters: {
          rsaDetail: {
            symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
            scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
            keyBits: 2048,
            exponent: 0,
          },
        },
        unique: { rsa: new Uint8Array(256) },
      } as PublicArea;
      const opened = await openDuplicationBlob(
        crypto,
        {
          name: new Uint8Array(read("k2.name")),
          nameAlg: k2Public.nameAlg,
          encryptionKey: new Uint8Array(read("ik.bin")),
          outer: { protector: credentialProtector(softPublic), seed: new Uint8Array(seed) },
        },
        new Uint8Array(read("dup2.bin")),
      );
      const sensitive = unmarshal(TPM2B_SENSITIVE, opened).sensitiveArea as any;
      expect(Buffer.from(trimAuthValue(sensitive.authValue)).toString()).toBe("sig");
      const n = BigInt(`0x${Buffer.from((k2Public.unique as { rsa: Uint8Array }).rsa).toString("hex")}`);
      expect(n % BigInt(`0x${Buffer.from(sensitive.sensitive.rsa).toString("hex")}`)).toBe(0n);
      await ok(cli, "flushcontext", "-ha", sp);
      await ok(cli, "flushcontext", "-ha", k1);
      await ok(cli, "flushcontext", "-ha", session);
    },
  );

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
