// The audit, credential and X.509 certification utilities as the built `tss`
// binary, one process per call, against a private swtpm, checked in software:
// setcommandcodeauditstatus + getcommandauditdigest and getsessionauditdigest
// digests recomputed from the audited commands' cpHash/rpHash; makecredential
// (TPM and software) → activatecredential returns the credential, with IBM's
// tss2 makecredential/activatecredential files crossing both ways;
// certifyx509's rebuilt certificate verifies with node:crypto.

import { X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCertificate } from "@tss/ekcert";
import { TPM_ALG_ID, TPM_ST, TPM2B_PUBLIC, unmarshal } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attestKit, hex, randomOf, sha256, u16, u32 } from "./support/attest-files.js";
import { type CliEnv, handleOf, haveIbmTss, startCliEnv } from "./support/cli-runner.js";

const IBM = haveIbmTss();
let cli: CliEnv;
const { file, put, ok, ibm, publicKeyOf, nameOf, verifies, attestOf } = attestKit(() => cli);

beforeAll(async () => {
  cli = await startCliEnv();
}, 180_000);
afterAll(async () => {
  await cli?.stop();
});

describe("audit utilities: digests recomputed from the audited commands", () => {
  it("setcommandcodeauditstatus + getcommandauditdigest: the audited command list and the audit digest of two GetRandom", async () => {
    const key = handleOf(await ok("createprimary", "-hi", "o", "-ecc", "nistp256", "-sir", "-opu", "audit.pub"));
    // The algorithm and the list change in separate commands (the TPM takes one or the other).
    await ok("setcommandcodeauditstatus", "-hi", "p", "-halg", "sha256");
    await ok("setcommandcodeauditstatus", "-set", "0000017b");
    // Reading the digest resets it; then two audited GetRandom.
    await ok("getcommandauditdigest", "-hk", key, "-salg", "ecc");
    const outs = [await ok("getrandom", "-by", "8"), await ok("getrandom", "-by", "12")];
    await ok("getcommandauditdigest", "-hk", key, "-salg", "ecc", "-os", "ca.sig", "-oa", "ca.att");
    expect(verifies("ca.sig", file("ca.att"), publicKeyOf("audit.pub"))).toBe(true);
    const audit = (
      attestOf("ca.att").attested as {
        commandAudit: { auditCounter: bigint; digestAlg: number; auditDigest: Uint8Array; commandDigest: Uint8Array };
      }
    ).commandAudit;
    expect(audit.digestAlg).toBe(TPM_ALG_ID.SHA256);
    // The commands audited: SetCommandCodeAuditStatus (always) and GetRandom.
    expect(hex(audit.commandDigest)).toBe(hex(sha256(u32(0x140), u32(0x17b))));
    let digest: Uint8Array = new Uint8Array(32);
    for (const [i, out] of outs.entries()) {
      const n = i === 0 ? 8 : 12;
      const bytes = randomOf(out);
      expect(bytes.length).toBe(n);
      const cpHash = sha256(u32(0x17b), u16(n));
      const rpHash = sha256(u32(0), u32(0x17b), u16(n), bytes);
      digest = sha256(digest, cpHash, rpHash);
    }
    expect(hex(audit.auditDigest)).toBe(hex(digest));
    await ok("setcommandcodeauditstatus", "-clr", "0000017b");
    await ok("getcommandauditdigest", "-hk", key, "-salg", "ecc", "-oa", "ca2.att");
    const after = (attestOf("ca2.att").attested as { commandAudit: { commandDigest: Uint8Array } }).commandAudit;
    expect(hex(after.commandDigest)).toBe(hex(sha256(u32(0x140))));
    expect((await cli.tss("setcommandcodeauditstatus", "-hi", "e")).code).toBe(1);
    await ok("flushcontext", "-ha", key);
  });

  it("getsessionauditdigest: an audit session's digest (signed and unsigned) is H(0 || cpHash || rpHash) of the command it audited", async () => {
    const rsa = handleOf(await ok("createprimary", "-hi", "o", "-rsa", "-sir", "-opu", "saudit.pub"));
    const session = handleOf(await ok("startauthsession", "-se", "h"));
    const out = await ok("getrandom", "-by", "10", "-se0", session, "81");
    const bytes = randomOf(out);
    const expected = sha256(
      new Uint8Array(32),
      sha256(u32(0x17b), u16(10)),
      sha256(u32(0), u32(0x17b), u16(10), bytes),
    );
    await ok("getsessionauditdigest", "-hs", session, "-hk", rsa, "-od", "sa.od", "-os", "sa.sig", "-oa", "sa.att");
    expect(verifies("sa.sig", file("sa.att"), publicKeyOf("saudit.pub"))).toBe(true);
    expect(hex(file("sa.od"))).toBe(hex(expected));
    const attest = attestOf("sa.att");
    expect(attest.type).toBe(TPM_ST.ATTEST_SESSION_AUDIT);
    expect(hex((attest.attested as { sessionAudit: { sessionDigest: Uint8Array } }).sessionAudit.sessionDigest)).toBe(
      hex(expected),
    );
    // Without -hk: the NULL signing key, an unsigned digest.
    await ok("getsessionauditdigest", "-hs", session, "-os", "sa0.sig", "-od", "sa0.od");
    expect(hex(file("sa0.sig"))).toBe("0010");
    expect(hex(file("sa0.od"))).toBe(hex(expected));
    await ok("flushcontext", "-ha", session);
    await ok("flushcontext", "-ha", rsa);
  });
});

describe("credentials: makecredential (TPM and software) → activatecredential", () => {
  it("RSA and ECC EKs (high range, with a password): the credential comes back; files cross with IBM's", async () => {
    const object = handleOf(await ok("createprimary", "-hi", "o", "-ecc", "nistp256", "-sir", "-opu", "obj.pub"));
    writeFileSync(join(cli.dir, "obj.name"), nameOf("obj.pub"));
    put("cred.bin", "a 32-octet credential, not more!");
    for (const kind of [
      ["-rsa", "2048"],
      ["-ecc", "nistp256"],
    ]) {
      const ek = handleOf(await ok("createek", "-high", ...kind, "-cp", "-noflush", "-nopub", "-pwdk", "kkk"));
      await ok("readpublic", "-ho", ek, "-opu", "ek.pub");
      const activate = async (prefix: string) => {
        await ok(
          "activatecredential",
          "-ha",
          object,
          "-hk",
          ek,
          "-pwdk",
          "kkk",
          "-icred",
          `${prefix}.cred`,
          "-is",
          `${prefix}.sec`,
          "-ocred",
          `${prefix}.out`,
        );
        expect(new TextDecoder().decode(file(`${prefix}.out`))).toBe("a 32-octet credential, not more!");
      };
      // In software, from the EK's public area: no TPM involved.
      await ok(
        "makecredential",
        "-ipu",
        "ek.pub",
        "-icred",
        "cred.bin",
        "-in",
        "obj.name",
        "-ocred",
        "sw.cred",
        "-os",
        "sw.sec",
      );
      await activate("sw");
      // On the TPM.
      await ok(
        "makecredential",
        "-ha",
        ek,
        "-icred",
        "cred.bin",
        "-in",
        "obj.name",
        "-ocred",
        "tpm.cred",
        "-os",
        "tpm.sec",
      );
      await activate("tpm");
      // For another Name: the integrity check fails.
      put("other.name", Uint8Array.of(0, 0x0b, ...new Uint8Array(32).fill(1)));
      await ok(
        "makecredential",
        "-ipu",
        "ek.pub",
        "-icred",
        "cred.bin",
        "-in",
        "other.name",
        "-ocred",
        "x.cred",
        "-os",
        "x.sec",
      );
      const wrong = await cli.tss(
        "activatecredential",
        "-ha",
        object,
        "-hk",
        ek,
        "-pwdk",
        "kkk",
        "-icred",
        "x.cred",
        "-is",
        "x.sec",
      );
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain("TPM_RC_INTEGRITY");
      if (IBM) {
        await ibm(
          "makecredential",
          "-ha",
          ek,
          "-icred",
          "cred.bin",
          "-in",
          "obj.name",
          "-ocred",
          "ibm.cred",
          "-os",
          "ibm.sec",
        );
        await activate("ibm");
        await ibm(
          "activatecredential",
          "-ha",
          object,
          "-hk",
          ek,
          "-pwdk",
          "kkk",
          "-icred",
          "sw.cred",
          "-is",
          "sw.sec",
          "-ocred",
          "ibm-sw.out",
        );
        expect(new TextDecoder().decode(file("ibm-sw.out"))).toBe("a 32-octet credential, not more!");
      }
      await ok("flushcontext", "-ha", ek);
    }
    // A credential longer than a digest is refused before anything is sent.
    put("long.bin", new Uint8Array(65));
    expect((await cli.tss("makecredential", "-ipu", "ek.pub", "-icred", "long.bin", "-in", "obj.name")).code).toBe(1);
    expect((await cli.tss("makecredential", "-icred", "cred.bin", "-in", "obj.name")).code).toBe(1);
    await ok("flushcontext", "-ha", object);
  });
});

describe("certifyx509: the rebuilt certificate verifies", () => {
  it("self-signed (RSA) and signed by another key (ECC), with the TPMA_OBJECT extension; openssl-free checks with node:crypto", async () => {
    const rsa = handleOf(await ok("createprimary", "-hi", "o", "-rsa", "-si", "-pwdk", "sig", "-opu", "x-rsa.pub"));
    const pub = unmarshal(TPM2B_PUBLIC, file("x-rsa.pub")).publicArea as { objectAttributes: number };
    const iob = pub.objectAttributes.toString(16).padStart(8, "0");
    await ok(
      "certifyx509",
      "-hk",
      rsa,
      "-ho",
      rsa,
      "-pwdk",
      "sig",
      "-pwdo",
      "sig",
      "-rsa",
      "2048",
      "-sub",
      "-iob",
      iob,
      "-opc",
      "x1.pc",
      "-oa",
      "x1.add",
      "-otbs",
      "x1.tbs",
      "-os",
      "x1.sig",
      "-ocert",
      "x1.der",
    );
    const root = new X509Certificate(file("x1.der"));
    expect(root.verify(publicKeyOf("x-rsa.pub"))).toBe(true);
    expect(root.subject).toBe(root.issuer);
    expect(root.publicKey.export({ format: "der", type: "spki" })).toEqual(
      publicKeyOf("x-rsa.pub").export({ format: "der", type: "spki" }),
    );
    // The TPM signed the digest of the TBSCertificate we rebuilt.
    const tbs = parseCertificate(file("x1.der")).tbs;
    expect(hex(file("x1.tbs"))).toBe(hex(sha256(tbs)));
    expect(verifies("x1.sig", tbs, publicKeyOf("x-rsa.pub"))).toBe(true);
    expect(root.toString()).toContain("BEGIN CERTIFICATE");
    const ecc = handleOf(
      await ok("createprimary", "-hi", "o", "-ecc", "nistp256", "-si", "-pwdk", "sig", "-opu", "x-ecc.pub"),
    );
    await ok(
      "certifyx509",
      "-hk",
      ecc,
      "-ho",
      rsa,
      "-pwdk",
      "sig",
      "-pwdo",
      "sig",
      "-ecc",
      "nistp256",
      "-ku",
      "critical,digitalSignature",
      "-ocert",
      "x2.der",
    );
    const leaf = new X509Certificate(file("x2.der"));
    expect(leaf.verify(publicKeyOf("x-ecc.pub"))).toBe(true);
    expect(leaf.subject).toContain("CN=Subject");
    // Usage errors: no algorithm, both algorithms, a bad key usage.
    for (const args of [[], ["-rsa", "2048", "-ecc", "nistp256"], ["-rsa", "2048", "-ku", "critical,flying"]]) {
      expect((await cli.tss("certifyx509", "-hk", ecc, "-ho", rsa, ...args)).code).toBe(1);
    }
    await ok("flushcontext", "-ha", ecc);
    await ok("flushcontext", "-ha", rsa);
  });
});
