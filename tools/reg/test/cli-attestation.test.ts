// The attestation utilities as the built `tss` binary, one process per call,
// against a private swtpm, with their outputs checked in software
// (node:crypto): quote, certify, certifycreation, nvcertify and gettime
// signatures verify with the signing key's public area, and the TPMS_ATTEST
// fields are the PCR digest, Names, creation hash and NV contents computed
// independently; sessions as IBM's (-se0..2). Files cross both ways with
// Debian's IBM TSS utilities (tss2 1.4.5) on the same swtpm: quote and certify
// signature and attestation files, creation tickets and hashes. Audit,
// credentials and certifyx509: cli-audit-credential.test.ts.
import { TPM_ALG_ID, TPM_ST } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attestKit, hex, sha256, u32 } from "./support/attest-files.js";
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
    "certifycreation with creation tickets and hashes from IBM's createprimary and ours, both ways; a wrong hash fails the ticket",
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
      // The other way: our createprimary's ticket and hash, read by IBM's certifycreation and ours.
      const ours = handleOf(
        await ok("createprimary", "-hi", "o", "-st", "-tk", "otk.bin", "-ch", "och.bin", "-opu", "ocr.pub"),
      );
      await ibm(
        "certifycreation",
        "-ho",
        ours,
        "-hk",
        rsa,
        "-tk",
        "otk.bin",
        "-ch",
        "och.bin",
        "-os",
        "icc.sig",
        "-oa",
        "icc.att",
      );
      expect(verifies("icc.sig", file("icc.att"), publicKeyOf("rsa.pub"))).toBe(true);
      await ok("certifycreation", "-ho", ours, "-hk", rsa, "-tk", "otk.bin", "-ch", "och.bin", "-oa", "occ.att");
      const objectName = (attestOf("occ.att").attested as { creation: { objectName: Uint8Array } }).creation.objectName;
      expect(hex(objectName)).toBe(hex(nameOf("ocr.pub")));
      await ok("flushcontext", "-ha", ours);
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
