// X.509 parsing and chain verification against OpenSSL-made certificates,
// cross-checked with node:crypto's X509Certificate; both crypto plugins verify.
import { X509Certificate } from "node:crypto";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  type Certificate,
  derToPemCertificate,
  EkCertError,
  KEY_USAGE,
  loadRootCertificates,
  parseCertificate,
  pemToDerCertificates,
  verifyCertificateChain,
} from "@tss/ekcert";
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpensslCa } from "./support.js";

const ca = new OpensslCa();
beforeAll(() => {
  // ECDSA chain: P-256 root -> P-384 intermediate (ecdsa-with-SHA256) -> RSA leaf (ecdsa-with-SHA384).
  ca.key("ecroot", "ec:P-256");
  ca.root("ecroot", "Test EC Root");
  ca.key("ecint", "ec:P-384");
  ca.issue("ecint", "Test EC Intermediate", "ecroot", { ca: true });
  ca.key("rsaleaf", "rsa:2048");
  ca.issue("rsaleaf", "RSA leaf", "ecint", { digest: "sha384" });
  // RSA root: an ECC P-256 leaf signed with sha512WithRSAEncryption, and one with RSASSA-PSS (SHA-256).
  ca.key("rsaroot", "rsa:2048");
  ca.root("rsaroot", "Test RSA Root");
  ca.key("ecleaf", "ec:P-256");
  ca.issue("ecleaf", "EC leaf", "rsaroot", { digest: "sha512" });
  ca.key("pssleaf", "ec:P-384");
  ca.issue("pssleaf", "PSS leaf", "rsaroot", {
    extra: ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256"],
  });
  // Issued by a non-CA (the RSA leaf), and a short-lived one.
  ca.key("underleaf", "ec:P-256");
  ca.issue("underleaf", "Under a leaf", "rsaleaf");
  ca.key("short", "ec:P-256");
  ca.issue("short", "Short lived", "rsaroot", { days: 1 });
}, 60_000);
afterAll(() => ca.dispose());

const jwkBytes = (s: string | undefined) => new Uint8Array(Buffer.from(s ?? "", "base64url"));

describe("parseCertificate against node:crypto", () => {
  for (const name of ["ecroot", "ecint", "rsaleaf", "rsaroot", "ecleaf", "pssleaf"]) {
    it(name, () => {
      const der = ca.der(name);
      const ours = parseCertificate(der);
      const theirs = new X509Certificate(Buffer.from(der));
      expect(ours.version).toBe(3);
      expect(ours.subject.text).toBe(theirs.subject.replaceAll("\n", ", "));
      expect(ours.issuer.text).toBe(theirs.issuer.replaceAll("\n", ", "));
      expect(ours.notBefore.getTime()).toBe(new Date(theirs.validFrom).getTime());
      expect(ours.notAfter.getTime()).toBe(new Date(theirs.validTo).getTime());
      expect(Buffer.from(ours.serialNumber).toString("hex").toUpperCase().replace(/^0+/, "")).toBe(
        theirs.serialNumber.replace(/^0+/, ""),
      );
      expect(ours.spki).toEqual(new Uint8Array(theirs.publicKey.export({ type: "spki", format: "der" })));
      const jwk = theirs.publicKey.export({ format: "jwk" });
      if (jwk.kty === "RSA") {
        expect(ours.publicKey).toEqual({ rsa: { n: jwkBytes(jwk.n), e: 65537 } });
      } else {
        const curveID = { "P-256": 3, "P-384": 4, "P-521": 5 }[jwk.crv as string];
        expect(ours.publicKey).toEqual({ ecc: { curveID, x: jwkBytes(jwk.x), y: jwkBytes(jwk.y) } });
      }
      expect(ours.basicConstraints?.cA).toBe(theirs.ca);
      const keyUsage = ours.keyUsage ?? 0;
      expect((keyUsage & KEY_USAGE.keyCertSign) !== 0).toBe(theirs.ca);
    });
  }
  it("signature algorithms", () => {
    expect(parseCertificate(ca.der("ecint")).signatureAlgorithm).toMatchObject({
      scheme: "ECDSA",
      hashAlg: TPM_ALG_ID.SHA256,
    });
    expect(parseCertificate(ca.der("rsaleaf")).signatureAlgorithm).toMatchObject({
      scheme: "ECDSA",
      hashAlg: TPM_ALG_ID.SHA384,
    });
    expect(parseCertificate(ca.der("ecleaf")).signatureAlgorithm).toMatchObject({
      scheme: "RSASSA",
      hashAlg: TPM_ALG_ID.SHA512,
    });
    expect(parseCertificate(ca.der("pssleaf")).signatureAlgorithm).toMatchObject({
      scheme: "RSAPSS",
      hashAlg: TPM_ALG_ID.SHA256,
    });
  });
});

describe("bad input is a typed error", () => {
  it("garbage, truncation, trailing bytes, BER lengths", () => {
    const der = ca.der("rsaleaf");
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      new Uint8Array([1, 2, 3]),
      der.subarray(0, der.length - 1),
      Uint8Array.from([...der, 0]),
      Uint8Array.from([0x30, 0x80, ...der.subarray(4), 0, 0]),
    ];
    for (const c of cases) expect(() => parseCertificate(c)).toThrow(EkCertError);
    // Every truncation and a sweep of single-octet changes fail cleanly or parse (never anything but EkCertError).
    for (let n = 0; n < der.length; n += 7) expect(() => parseCertificate(der.subarray(0, n))).toThrow(EkCertError);
    for (let i = 0; i < der.length; i += 3) {
      const m = der.slice();
      m[i] = m[i]! ^ 0xff;
      try {
        parseCertificate(m);
      } catch (e) {
        expect(e).toBeInstanceOf(EkCertError);
      }
    }
  });
  it("PEM: several blocks, other blocks ignored, bad base64 and missing end refused", () => {
    const text = `junk\n${ca.pem("ecroot")}-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n${ca.pem("rsaroot").replaceAll("\n", "\r\n")}`;
    const ders = pemToDerCertificates(text);
    expect(ders).toEqual([ca.der("ecroot"), ca.der("rsaroot")]);
    expect(loadRootCertificates([text, ca.pem("ecint")]).map((c) => c.subject.text)).toEqual([
      "CN=Test EC Root",
      "CN=Test RSA Root",
      "CN=Test EC Intermediate",
    ]);
    expect(derToPemCertificate(ca.der("ecroot"))).toBe(ca.pem("ecroot"));
    expect(() => pemToDerCertificates("no pem here")).toThrow(EkCertError);
    expect(() => pemToDerCertificates("-----BEGIN CERTIFICATE-----\nAAA*\n-----END CERTIFICATE-----")).toThrow(
      EkCertError,
    );
    expect(() => pemToDerCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n")).toThrow(EkCertError);
  });
});

const PLUGINS: [string, Crypto][] = [
  ["forge", createForgeCrypto()],
  ["webcrypto", createWebCrypto()],
];

for (const [pluginName, crypto] of PLUGINS) {
  describe(`verifyCertificateChain [${pluginName}]`, () => {
    const roots = () => [ca.pem("ecroot"), ca.pem("rsaroot")];
    it("ECDSA P-256 and P-384 links to an EC root", async () => {
      const v = await verifyCertificateChain(crypto, ca.der("rsaleaf"), {
        roots: roots(),
        intermediates: [ca.pem("ecint")],
      });
      expect(v.chain.map((c: Certificate) => c.subject.text)).toEqual([
        "CN=RSA leaf",
        "CN=Test EC Intermediate",
        "CN=Test EC Root",
      ]);
    });
    it("RSA PKCS #1 v1.5 (SHA-512) and RSA-PSS links", async () => {
      for (const leaf of ["ecleaf", "pssleaf"]) {
        const v = await verifyCertificateChain(crypto, ca.pem(leaf), { roots: roots() });
        expect(v.root.subject.text).toBe("CN=Test RSA Root");
      }
    });
    it("a missing intermediate is NO_ISSUER, a wrong root too", async () => {
      await expect(verifyCertificateChain(crypto, ca.der("rsaleaf"), { roots: roots() })).rejects.toMatchObject({
        code: "NO_ISSUER",
      });
      await expect(
        verifyCertificateChain(crypto, ca.der("ecleaf"), { roots: [ca.pem("ecroot")] }),
      ).rejects.toMatchObject({ code: "NO_ISSUER" });
    });
    it("a tampered certificate is BAD_SIGNATURE", async () => {
      const der = ca.der("ecleaf");
      const c = parseCertificate(der);
      // Change one octet inside the subject public key (inside the TBSCertificate).
      const at = Buffer.from(der).indexOf(Buffer.from(c.spki)) + c.spki.length - 5;
      const bad = der.slice();
      bad[at] = bad[at]! ^ 1;
      await expect(verifyCertificateChain(crypto, bad, { roots: roots() })).rejects.toMatchObject({
        code: "BAD_SIGNATURE",
      });
      // A root with the right Name but another key: its subjectKeyIdentifier is not the leaf's
      // authorityKeyIdentifier, so it is no candidate and the leaf has no issuer.
      const other = new OpensslCa();
      try {
        other.key("rsaroot", "rsa:2048");
        other.root("rsaroot", "Test RSA Root");
        await expect(verifyCertificateChain(crypto, der, { roots: [other.pem("rsaroot")] })).rejects.toMatchObject({
          code: "NO_ISSUER",
        });
      } finally {
        other.dispose();
      }
    });
    it("an issuer that is not a CA is NOT_A_CA", async () => {
      await expect(
        verifyCertificateChain(crypto, ca.der("underleaf"), {
          roots: roots(),
          intermediates: [ca.pem("rsaleaf"), ca.pem("ecint")],
        }),
      ).rejects.toMatchObject({ code: "NOT_A_CA" });
    });
    it("validity dates: EXPIRED, NOT_YET_VALID unless the check is off", async () => {
      const later = new Date(Date.now() + 3 * 86400_000);
      await expect(
        verifyCertificateChain(crypto, ca.der("short"), { roots: roots(), at: later }),
      ).rejects.toMatchObject({ code: "EXPIRED" });
      await expect(
        verifyCertificateChain(crypto, ca.der("short"), { roots: roots(), at: new Date(0) }),
      ).rejects.toMatchObject({ code: "NOT_YET_VALID" });
      const v = await verifyCertificateChain(crypto, ca.der("short"), {
        roots: roots(),
        at: later,
        checkValidity: false,
      });
      expect(v.chain.length).toBe(2);
    });
    it("chain length limit and argument checks", async () => {
      await expect(
        verifyCertificateChain(crypto, ca.der("rsaleaf"), {
          roots: roots(),
          intermediates: [ca.pem("ecint")],
          maxLength: 2,
        }),
      ).rejects.toMatchObject({ code: "PATH_TOO_LONG" });
      await expect(verifyCertificateChain(crypto, ca.der("rsaleaf"), { roots: [] })).rejects.toMatchObject({
        code: "BAD_PARAMETER",
      });
      await expect(verifyCertificateChain(undefined, ca.der("ecleaf"), { roots: roots() })).rejects.toMatchObject({
        code: "NO_CRYPTO",
      });
    });
  });
}
