// @tss/attest reads the files the IBM TSS utilities write (and ours, which write
// the same formats): tssquote / tss quote -oa (the TPMS_ATTEST octets) and -os
// (a marshalled TPMT_SIGNATURE), tsscertify -oa/-os, tsscreateprimary -opu (a
// marshalled TPM2B_PUBLIC) and tsspcrread -of (the PCR value). Quotes by an RSA
// (RSASSA) and an ECC (ECDSA) restricted signing key verify under every crypto
// plugin; a flipped bit in the file is BAD_SIGNATURE, another nonce
// NONCE_MISMATCH, another PCR value PCR_MISMATCH; a certification of one key
// checked against the other is NAME_MISMATCH.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AttestError, verifyCertify, verifyQuote } from "@tss/attest";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, startCliEnv, tssOk } from "./support/cli-runner.js";

const PLUGINS = [
  { name: "forge", crypto: createForgeCrypto() },
  { name: "webcrypto", crypto: createWebCrypto() },
  { name: "node", crypto: createNodeCrypto() },
];

let cli: CliEnv;
const file = (name: string) => new Uint8Array(readFileSync(join(cli.dir, name)));
const handles: Record<"rsa" | "ecc", string> = { rsa: "", ecc: "" };

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "resolved",
    (e: unknown) => (e instanceof AttestError ? e.code : `not an AttestError: ${String(e)}`),
  );
}

describe.skipIf(!haveIbmTss())("IBM's and our utilities' files, verified by @tss/attest", () => {
  beforeAll(async () => {
    cli = await startCliEnv();
    // Restricted signing primaries in the endorsement hierarchy (IBM's -sir: RSASSA / ECDSA with SHA-256).
    handles.rsa = handleOf(await ibmOk(cli, "createprimary", "-hi", "e", "-rsa", "-sir", "-opu", "rsa.pub"));
    handles.ecc = handleOf(
      await ibmOk(cli, "createprimary", "-hi", "e", "-ecc", "nistp256", "-sir", "-opu", "ecc.pub"),
    );
    await ibmOk(cli, "pcrextend", "-ha", "16", "-halg", "sha256", "-ic", "attest-ibm-files");
    await ibmOk(cli, "pcrread", "-ha", "0", "-halg", "sha256", "-of", "pcr0.bin");
    await ibmOk(cli, "pcrread", "-ha", "16", "-halg", "sha256", "-of", "pcr16.bin");
    writeFileSync(join(cli.dir, "nonce.bin"), "a verifier's nonce");
    const quote = (who: "ibm" | "tss", key: "rsa" | "ecc") => {
      const args = ["-hk", handles[key], "-hp", "0", "-hp", "16", "-halg", "sha256", "-palg", "sha256"];
      args.push("-salg", key, "-qd", "nonce.bin", "-oa", `${who}-${key}.attest`, "-os", `${who}-${key}.sig`);
      return who === "ibm" ? ibmOk(cli, "quote", ...args) : tssOk(cli, "quote", ...args);
    };
    for (const key of ["rsa", "ecc"] as const) {
      await quote("ibm", key);
      await quote("tss", key);
    }
    // Each key certified by the other.
    await ibmOk(
      cli,
      "certify",
      "-ho",
      handles.rsa,
      "-hk",
      handles.ecc,
      "-salg",
      "ecc",
      "-qd",
      "nonce.bin",
      "-oa",
      "cert.attest",
      "-os",
      "cert.sig",
    );
  });
  afterAll(async () => {
    await cli?.stop();
  });

  describe.each(PLUGINS)("$name", ({ crypto }) => {
    it("quotes (RSASSA, ECDSA) from tssquote and tss quote verify from their files; tampering, nonce and PCRs fail with their codes", async () => {
      const nonce = file("nonce.bin");
      const pcrs = { [TPM_ALG_ID.SHA256]: { 0: file("pcr0.bin"), 16: file("pcr16.bin") } };
      for (const who of ["ibm", "tss"]) {
        for (const key of ["rsa", "ecc"]) {
          const input = {
            attest: file(`${who}-${key}.attest`),
            signature: file(`${who}-${key}.sig`),
            akPublic: file(`${key}.pub`),
            nonce,
            pcrs,
            crypto,
          };
          const quote = await verifyQuote(input);
          expect(quote.hashAlg).toBe(TPM_ALG_ID.SHA256);
          expect(new TextDecoder().decode(quote.extraData)).toBe("a verifier's nonce");
          const tampered = Uint8Array.from(input.attest);
          tampered[tampered.length - 5]! ^= 0x20;
          expect(await codeOf(verifyQuote({ ...input, attest: tampered }))).toBe("BAD_SIGNATURE");
          expect(await codeOf(verifyQuote({ ...input, nonce: nonce.subarray(2) }))).toBe("NONCE_MISMATCH");
          expect(
            await codeOf(
              verifyQuote({ ...input, pcrs: { [TPM_ALG_ID.SHA256]: { 0: file("pcr16.bin"), 16: file("pcr0.bin") } } }),
            ),
          ).toBe("PCR_MISMATCH");
          // The other key's public area.
          expect(await codeOf(verifyQuote({ ...input, akPublic: file(key === "rsa" ? "ecc.pub" : "rsa.pub") }))).toBe(
            "BAD_SIGNATURE",
          );
        }
      }
    });

    it("tsscertify's files: the RSA key's Name is certified; checked against the ECC key it is NAME_MISMATCH", async () => {
      const input = {
        attest: file("cert.attest"),
        signature: file("cert.sig"),
        signerPublic: file("ecc.pub"),
        qualifyingData: file("nonce.bin"),
        crypto,
      };
      const certified = await verifyCertify({ ...input, objectPublic: file("rsa.pub") });
      expect(certified.name).toHaveLength(34);
      expect(await codeOf(verifyCertify({ ...input, objectPublic: file("ecc.pub") }))).toBe("NAME_MISMATCH");
      // A certification is not a quote.
      expect(
        await codeOf(
          verifyQuote({
            attest: input.attest,
            signature: input.signature,
            akPublic: input.signerPublic,
            nonce: input.qualifyingData,
            pcrs: {},
            crypto,
          }),
        ),
      ).toBe("WRONG_TYPE");
    });
  });
});
