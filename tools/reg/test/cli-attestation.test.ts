// The attestation, audit and credential utilities as the built `tss` binary,
// one process per call, against a private swtpm, with their outputs checked in
// software (node:crypto): quote, certify, certifycreation, nvcertify and
// gettime signatures verify with the signing key's public area, the TPMS_ATTEST
// fields are the PCR digest, Names, creation hash and NV contents computed
// independently; setcommandcodeauditstatus + getcommandauditdigest and
// getsessionauditdigest digests are recomputed from the audited commands'
// cpHash/rpHash; makecredential (TPM and software) → activatecredential
// returns the credential; certifyx509's certificate verifies with the key.
// Files cross both ways with Debian's IBM TSS utilities (tss2 1.4.5) on the
// same swtpm: quote/certify signature and attestation files, creation tickets
// and hashes, credential blobs and secrets.
import { createHash, createPublicKey, type KeyObject, verify, X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCertificate } from "@tss/ekcert";
import { type Infer, TPM_ALG_ID, TPM_ST, TPM2B_PUBLIC, TPMS_ATTEST, TPMT_SIGNATURE, unmarshal } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, haveIbmTss, startCliEnv } from "./support/cli-runner.js";

const IBM = haveIbmTss();
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const u16 = (n: number) => Uint8Array.of(n >>> 8, n & 0xff);

type Attest = Infer<typeof TPMS_ATTEST>;

let cli: CliEnv;
const file = (name: string) => new Uint8Array(readFileSync(join(cli.dir, name)));
const put = (name: string, bytes: Uint8Array | string) => writeFileSync(join(cli.dir, name), bytes);

/** Runs `tss` and expects exit status 0; returns standard output. */
async function ok(...args: string[]): Promise<string> {
  const r = await cli.tss(...args);
  if (r.code !== 0) throw new Error(`tss ${args.join(" ")} exited ${r.code}:\n${r.err}${r.out}`);
  return r.out;
}

/** Runs IBM's utility and expects exit status 0. */
async function ibm(utility: string, ...args: string[]): Promise<string> {
  const r = await cli.ibm(utility, ...args);
  if (r.code !== 0) throw new Error(`IBM ${utility} ${args.join(" ")} exited ${r.code}:\n${r.out}${r.err}`);
  return r.out;
}

/** The handle a createprimary or createek -noflush run printed. */
function handleOf(out: string): string {
  const m = /Handle ([0-9a-f]{8})/.exec(out);
  if (!m) throw new Error(`no handle in ${out}`);
  return m[1]!;
}

/** The node:crypto public key of a TPM2B_PUBLIC file. */
function publicKeyOf(name: string): KeyObject {
  const area = unmarshal(TPM2B_PUBLIC, file(name)).publicArea as {
    type: number;
    parameters: { eccDetail?: { curveID: number } };
    unique: { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
  };
  const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
  if (area.type === TPM_ALG_ID.RSA) {
    return createPublicKey({ key: { kty: "RSA", n: b64(area.unique.rsa!), e: "AQAB" }, format: "jwk" });
  }
  const { x, y } = area.unique.ecc!;
  const crv = x.length === 48 ? "P-384" : "P-256";
  return createPublicKey({ key: { kty: "EC", crv, x: b64(x), y: b64(y) }, format: "jwk" });
}

/** The Name of a TPM2B_PUBLIC file's object (SHA-256 name algorithm). */
function nameOf(name: string): Uint8Array {
  return Uint8Array.of(0x00, 0x0b, ...sha256(file(name).subarray(2)));
}

/** Verifies a TPMT_SIGNATURE file over `message` with node:crypto; returns the signature's algorithm. */
function verifies(sigFile: string, message: Uint8Array, key: KeyObject): boolean {
  const sig = unmarshal(TPMT_SIGNATURE.plus, file(sigFile)) as {
    sigAlg: number;
    signature: {
      rsassa?: { hash: number; sig: Uint8Array };
      ecdsa?: { hash: number; signatureR: Uint8Array; signatureS: Uint8Array };
    };
  };
  if (sig.sigAlg === TPM_ALG_ID.RSASSA) return verify("sha256", message, key, sig.signature.rsassa!.sig);
  if (sig.sigAlg === TPM_ALG_ID.ECDSA) {
    const { signatureR: r, signatureS: s } = sig.signature.ecdsa!;
    return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, Buffer.concat([r, s]));
  }
  throw new Error(`signature algorithm 0x${sig.sigAlg.toString(16)}`);
}

/** The TPMS_ATTEST of an -oa file (raw octets). */
function attestOf(name: string): Attest {
  return unmarshal(TPMS_ATTEST, file(name));
}

/** The bytes getrandom printed (" randomBytes length n" then hex lines). */
function randomOf(out: string): Uint8Array {
  const lines = out.split("\n").filter((l) => /^ ([0-9a-f]{2} )+$/.test(l));
  return Uint8Array.from(
    lines.flatMap((l) =>
      l
        .trim()
        .split(" ")
        .map((b) => Number.parseInt(b, 16)),
    ),
  );
}

beforeAll(async () => {
  cli = await startCliEnv();
}, 180_000);
afterAll(async () => {
  await cli?.stop();
});

describe("attestation utilities against swtpm, checked in software", () => {
  let rsa: string; // restricted RSA signing key (RSASSA SHA-256), loaded throughout

  it("quote: RSA and ECC signatures verify, the PCR digest and qualifying data are the PCRs' and ours; files cross with IBM's", async () => {
    rsa = handleOf(await ok("createprimary", "-hi", "o", "-rsa", "-sir", "-opu", "rsa.pub"));
    const ecc = handleOf(await ok("createprimary", "-hi", "o", "-ecc", "nistp256", "-sir", "-opu", "ecc.pub"));
    await ok("pcrextend", "-ha", "16", "-ic", "attestation flow");
    await ok("pcrread", "-ha", "0", "-of", "pcr0.bin");
    await ok("pcrread", "-ha", "16", "-of", "pcr16.bin");
    const pcrDigest = sha256(file("pcr0.bin"), file("pcr16.bin"));
    put(
      "qd.bin",
      Uint8Array.from({ length: 20 }, (_, i) => i * 7),
    );
    for (const [key, pub, salg] of [
      [rsa, "rsa.pub", "rsa"],
      [ecc, "ecc.pub", "ecc"],
    ] as const) {
      await ok(
        "quote",
        "-hp",
        "0",
        "-hp",
        "16",
        "-hk",
        key,
        "-salg",
        salg,
        "-qd",
        "qd.bin",
        "-os",
        `q-${salg}.sig`,
        "-oa",
        `q-${salg}.att`,
      );
      expect(verifies(`q-${salg}.sig`, file(`q-${salg}.att`), publicKeyOf(pub))).toBe(true);
      const attest = attestOf(`q-${salg}.att`);
      expect(attest.type).toBe(TPM_ST.ATTEST_QUOTE);
      expect(hex(attest.extraData)).toBe(hex(file("qd.bin")));
      expect(hex(attest.qualifiedSigner.subarray(0, 2))).toBe("000b");
      const quote = (
        attest.attested as { quote: { pcrSelect: { hash: number; pcrSelect: Uint8Array }[]; pcrDigest: Uint8Array } }
      ).quote;
      expect(quote.pcrSelect).toEqual([{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0x01, 0x00, 0x01) }]);
      expect(hex(quote.pcrDigest)).toBe(hex(pcrDigest));
      // A tampered attestation does not verify.
      const bad = file(`q-${salg}.att`);
      bad[bad.length - 1]! ^= 1;
      expect(verifies(`q-${salg}.sig`, bad, publicKeyOf(pub))).toBe(false);
    }
    // --json: the parsed TPMS_ATTEST.
    const json = JSON.parse(await ok("quote", "-hp", "16", "-hk", rsa, "--json"));
    expect(json.attest.type).toBe(TPM_ST.ATTEST_QUOTE);
    expect(json.signature.sigAlg).toBe(TPM_ALG_ID.RSASSA);
    // Usage errors: no PCR, a PCR out of range, an unknown flag.
    for (const args of [
      ["-hk", rsa],
      ["-hk", rsa, "-hp", "24"],
      ["-hk", rsa, "-hp", "1", "-xyz"],
    ]) {
      expect((await cli.tss("quote", ...args)).code).toBe(1);
    }
    if (IBM) {
      // IBM's files verified by ours and ours by IBM's (TPM2_VerifySignature on the same key).
      await ibm("quote", "-hp", "0", "-hp", "16", "-hk", rsa, "-qd", "qd.bin", "-os", "iq.sig", "-oa", "iq.att");
      expect(verifies("iq.sig", file("iq.att"), publicKeyOf("rsa.pub"))).toBe(true);
      expect(hex((attestOf("iq.att").attested as { quote: { pcrDigest: Uint8Array } }).quote.pcrDigest)).toBe(
        hex(pcrDigest),
      );
      await ok("verifysignature", "-hk", rsa, "-if", "iq.att", "-is", "iq.sig");
      await ibm("verifysignature", "-hk", rsa, "-if", "q-rsa.att", "-is", "q-rsa.sig");
    }
    await ok("flushcontext", "-ha", ecc);
  });

  it("certify and gettime: the certified Name and qualified Name are the object's; the time attestation verifies", async () => {
    const st = handleOf(await ok("createprimary", "-hi", "o", "-st", "-pwdk", "sto", "-opu", "st.pub"));
    put("qd2.bin", "certify nonce");
    await ok("certify", "-ho", st, "-pwdo", "sto", "-hk", rsa, "-qd", "qd2.bin", "-os", "c.sig", "-oa", "c.att");
    expect(verifies("c.sig", file("c.att"), publicKeyOf("rsa.pub"))).toBe(true);
    const attest = attestOf("c.att");
    expect(attest.type).toBe(TPM_ST.ATTEST_CERTIFY);
    const certified = (attest.attested as { certify: { name: Uint8Array; qualifiedName: Uint8Array } }).certify;
    expect(hex(certified.name)).toBe(hex(nameOf("st.pub")));
    // A primary key's qualified Name: H(the hierarchy handle || Name).
    expect(hex(certified.qualifiedName)).toBe(`000b${hex(sha256(u32(0x40000001), nameOf("st.pub")))}`);
    const wrong = await cli.tss("certify", "-ho", st, "-pwdo", "nope", "-hk", rsa);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("TPM_RC_BAD_AUTH");
    if (IBM) {
      await ibm("certify", "-ho", st, "-pwdo", "sto", "-hk", rsa, "-os", "ic.sig", "-oa", "ic.att");
      expect(verifies("ic.sig", file("ic.att"), publicKeyOf("rsa.pub"))).toBe(true);
      await ibm("verifysignature", "-hk", rsa, "-if", "c.att", "-is", "c.sig");
    }
    // Sessions as IBM's: -se0 an HMAC session authorizing the object (with its password), -se1 the
    // password session of the key, and an AES session encrypting the response (the TPM2B_ATTEST).
    const hmac = handleOf(await ok("startauthsession", "-se", "h"));
    const aes = handleOf(await ok("startauthsession", "-se", "h", "-sym", "aes"));
    await ok(
      "certify",
      "-ho",
      st,
      "-pwdo",
      "sto",
      "-hk",
      rsa,
      "-se0",
      hmac,
      "01",
      "-se1",
      "40000009",
      "00",
      "-se2",
      aes,
      "41",
      "-os",
      "cs.sig",
      "-oa",
      "cs.att",
    );
    expect(verifies("cs.sig", file("cs.att"), publicKeyOf("rsa.pub"))).toBe(true);
    expect(hex((attestOf("cs.att").attested as { certify: { name: Uint8Array } }).certify.name)).toBe(
      hex(nameOf("st.pub")),
    );
    const badHmac = await cli.tss("certify", "-ho", st, "-pwdo", "nope", "-hk", rsa, "-se0", hmac, "01");
    expect(badHmac.code).toBe(1);
    expect(badHmac.err).toContain("TPM_RC_BAD_AUTH");
    await ok("flushcontext", "-ha", aes);
    await cli.tss("flushcontext", "-ha", hmac); // the TPM may have ended it with the failure
    await ok("gettime", "-hk", rsa, "-qd", "qd2.bin", "-os", "t.sig", "-oa", "t.att");
    expect(verifies("t.sig", file("t.att"), publicKeyOf("rsa.pub"))).toBe(true);
    const time = attestOf("t.att");
    expect(time.type).toBe(TPM_ST.ATTEST_TIME);
    expect((time.attested as { time: { time: { time: bigint } } }).time.time.time).toBeGreaterThan(0n);
    await ok("flushcontext", "-ha", st);
  });

  it.skipIf(!IBM)(
    "certifycreation with IBM createprimary's creation ticket and hash; a wrong hash fails the ticket",
    async () => {
      const out = await ibm("createprimary", "-hi", "o", "-st", "-tk", "tk.bin", "-ch", "ch.bin", "-opu", "cr.pub");
      const key = handleOf(out);
      await ok(
        "certifycreation",
        "-ho",
        key,
        "-hk",
        rsa,
        "-tk",
        "tk.bin",
        "-ch",
        "ch.bin",
        "-os",
        "cc.sig",
        "-oa",
        "cc.att",
      );
      expect(verifies("cc.sig", file("cc.att"), publicKeyOf("rsa.pub"))).toBe(true);
      const creation = (
        attestOf("cc.att").attested as { creation: { objectName: Uint8Array; creationHash: Uint8Array } }
      ).creation;
      expect(hex(creation.objectName)).toBe(hex(nameOf("cr.pub")));
      expect(hex(creation.creationHash)).toBe(hex(file("ch.bin")));
      put("badch.bin", new Uint8Array(32).fill(7));
      const bad = await cli.tss("certifycreation", "-ho", key, "-hk", rsa, "-tk", "tk.bin", "-ch", "badch.bin");
      expect(bad.code).toBe(1);
      expect(bad.err).toContain("TPM_RC_TICKET");
      await ok("flushcontext", "-ha", key);
    },
  );

  it.skipIf(!IBM)(
    "-salg hmac: quote and gettime with IBM createprimary's keyed-hash key; the TPM verifies the HMACs",
    async () => {
      const key = handleOf(await ibm("createprimary", "-hi", "o", "-kh"));
      await ok("quote", "-hp", "0", "-hk", key, "-salg", "hmac", "-os", "qh.sig", "-oa", "qh.att");
      await ok("gettime", "-hk", key, "-salg", "hmac", "-os", "th.sig", "-oa", "th.att");
      expect(hex(file("qh.sig").subarray(0, 4))).toBe("0005000b");
      await ok("verifysignature", "-hk", key, "-if", "qh.att", "-is", "qh.sig");
      await ok("verifysignature", "-hk", key, "-if", "th.att", "-is", "th.sig");
      put("qh-bad.att", Uint8Array.of(...file("qh.att"), 0));
      expect((await cli.tss("verifysignature", "-hk", key, "-if", "qh-bad.att", "-is", "qh.sig")).code).toBe(1);
      await ok("flushcontext", "-ha", key);
    },
  );

  it("nvcertify: a range of the contents and a digest of the whole index, under the index password", async () => {
    await ok("nvdefinespace", "-ha", "01500000", "-hi", "o", "-sz", "16", "-pwdn", "nnn");
    await ok("nvwrite", "-ha", "01500000", "-pwdn", "nnn", "-ic", "0123456789abcdef");
    await ok("nvreadpublic", "-ha", "01500000", "-on", "nv.name");
    await ok(
      "nvcertify",
      "-ha",
      "01500000",
      "-pwdn",
      "nnn",
      "-hk",
      rsa,
      "-sz",
      "8",
      "-off",
      "4",
      "-od",
      "nv.od",
      "-os",
      "n.sig",
      "-oa",
      "n.att",
    );
    expect(verifies("n.sig", file("n.att"), publicKeyOf("rsa.pub"))).toBe(true);
    const nv = (attestOf("n.att").attested as { nv: { indexName: Uint8Array; offset: number; nvContents: Uint8Array } })
      .nv;
    expect(new TextDecoder().decode(nv.nvContents)).toBe("456789ab");
    expect(nv.offset).toBe(4);
    expect(hex(nv.indexName)).toBe(hex(file("nv.name")));
    expect(new TextDecoder().decode(file("nv.od"))).toBe("456789ab");
    await ok(
      "nvcertify",
      "-ha",
      "01500000",
      "-pwdn",
      "nnn",
      "-hk",
      rsa,
      "-sz",
      "0",
      "-od",
      "nvd.od",
      "-os",
      "n2.sig",
      "-oa",
      "n2.att",
    );
    expect(verifies("n2.sig", file("n2.att"), publicKeyOf("rsa.pub"))).toBe(true);
    expect(hex(file("nvd.od"))).toBe(hex(sha256(new TextEncoder().encode("0123456789abcdef"))));
    await ok("nvundefinespace", "-ha", "01500000", "-hi", "o");
  });
});

describe("audit utilities: digests recomputed from the audited commands", () => {
  it("setcommandcodeauditstatus + getcommandauditdigest: the audited command list and the audit digest of two GetRandom", async () => {
    const rsa = handleOf(await ok("createprimary", "-hi", "o", "-rsa", "-sir", "-opu", "audit.pub"));
    // The algorithm and the list change in separate commands (the TPM takes one or the other).
    await ok("setcommandcodeauditstatus", "-hi", "p", "-halg", "sha256");
    await ok("setcommandcodeauditstatus", "-set", "0000017b");
    // Reading the digest resets it; then two audited GetRandom.
    await ok("getcommandauditdigest", "-hk", rsa);
    const outs = [await ok("getrandom", "-by", "8"), await ok("getrandom", "-by", "12")];
    await ok("getcommandauditdigest", "-hk", rsa, "-os", "ca.sig", "-oa", "ca.att");
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
    await ok("getcommandauditdigest", "-hk", rsa, "-oa", "ca2.att");
    const after = (attestOf("ca2.att").attested as { commandAudit: { commandDigest: Uint8Array } }).commandAudit;
    expect(hex(after.commandDigest)).toBe(hex(sha256(u32(0x140))));
    expect((await cli.tss("setcommandcodeauditstatus", "-hi", "e")).code).toBe(1);
    await ok("flushcontext", "-ha", rsa);
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
    const object = handleOf(await ok("createprimary", "-hi", "o", "-rsa", "-sir", "-opu", "obj.pub"));
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
