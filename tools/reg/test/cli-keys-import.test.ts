// The objects-and-keys utilities that bring keys in from outside or move them,
// as the built `tss` binary against a private swtpm, in the flows of the IBM
// regression's duplication group: loadexternal (PEM public keys, DER key
// pairs) and publicname, importpem of encrypted PEM keys, and duplicate,
// import and rewrap; node:crypto verifies every signature, Names agree with
// the TPM's, a rewrapped blob opens with the software parent's private key,
// and files cross both ways with Debian's IBM TSS utilities where installed.
import * as nc from "node:crypto";
import { TPM_ALG_ID, TPM2B_PUBLIC, TPM2B_SENSITIVE, unmarshal } from "@tss/marshal";
import {
  credentialProtector,
  DUPLICATE_LABEL,
  openDuplicationBlob,
  type PublicArea,
  trimAuthValue,
} from "@tss/session";
import { defaultCrypto } from "@tss/tss";
import { beforeAll, describe, expect, it } from "vitest";
import { keySetFixture, PRIMARY, verifiesWithPem } from "./support/cli-key-set.js";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, tssOk as ok } from "./support/cli-runner.js";

const IBM = haveIbmTss();

describe("keys from outside the TPM, and duplication, through the utilities", () => {
  const keys = keySetFixture();
  const { message } = keys;
  const read = (name: string) => keys.read(name);
  const write = (name: string, data: string | Uint8Array) => keys.write(name, data);
  let cli: CliEnv;
  beforeAll(() => {
    cli = keys.cli;
    // PolicyCommandCode(TPM2_Duplicate) from an empty SHA-256 policy, as IBM's policies/policyccduplicate.bin.
    const cc = Buffer.from([0, 0, 0x01, 0x6c, 0, 0, 0x01, 0x4b]);
    write("policyccduplicate.bin", nc.createHash("sha256").update(Buffer.alloc(32)).update(cc).digest());
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
      // And IBM's duplicate (its own policy session, the keys loaded by its load): our import reads its files.
      const ik1 = handleOf(
        await ibmOk(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "k1.pub", "-ipr", "k1.priv"),
      );
      const ik2 = handleOf(
        await ibmOk(cli, "load", "-hp", PRIMARY, "-pwdp", "sto", "-ipu", "k2.pub", "-ipr", "k2.priv"),
      );
      const isession = handleOf(await ibmOk(cli, "startauthsession", "-se", "p"));
      await ibmOk(cli, "policycommandcode", "-ha", isession, "-cc", "14b");
      await ibmOk(
        cli,
        "duplicate",
        "-ho",
        ik2,
        "-pwdo",
        "sig",
        "-hp",
        ik1,
        "-od",
        "idup.bin",
        "-oss",
        "iss.bin",
        "-se0",
        isession,
        "0",
      );
      await ibmOk(cli, "flushcontext", "-ha", ik2);
      await ok(
        cli,
        "import",
        "-hp",
        ik1,
        "-pwdp",
        "k1",
        "-ipu",
        "k2.pub",
        "-id",
        "idup.bin",
        "-iss",
        "iss.bin",
        "-opr",
        "k2i.priv",
      );
      const k5 = handleOf(await ok(cli, "load", "-hp", ik1, "-pwdp", "k1", "-ipu", "k2.pub", "-ipr", "k2i.priv"));
      await ok(cli, "sign", "-hk", k5, "-pwdk", "sig", "-if", "msg.bin", "-os", "dupsig2.bin");
      expect(verifiesWithPem(read("k2.pem").toString(), message, read("dupsig2.bin"))).toBe(true);
      await ok(cli, "flushcontext", "-ha", k5);
      await ok(cli, "flushcontext", "-ha", ik1);
    },
  );
});
