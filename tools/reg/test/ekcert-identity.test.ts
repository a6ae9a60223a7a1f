// tpmIdentity, isEkCertificate and authorityInfo on real EK certificates (GCE vTPM,
// STMicro, Infineon TPM 1.2, Nuvoton: tools/reg/test/fixtures/ek-certs), each
// compared with what `openssl x509 -text` prints of the same file, plus the
// specification attribute (which OpenSSL does not decode) as known answers.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { authorityInfo, isEkCertificate, parseCertificate, tpmIdentity } from "@tss/ekcert";
import { describe, expect, it } from "vitest";

const DIR = join(import.meta.dirname, "fixtures", "ek-certs");

/** What OpenSSL prints: the TCG attributes of the SAN directoryName, AIA and CRL URLs, the EKU. */
function opensslView(file: string) {
  const text = execFileSync("openssl", ["x509", "-inform", "DER", "-in", join(DIR, file), "-noout", "-text"], {
    encoding: "utf8",
  });
  const dirName = /DirName:(\/2\.23\.133\.[^\n]*)/.exec(text)?.[1];
  const attrs = Object.fromEntries(
    (dirName ?? "")
      .split(/[/+](?=2\.23\.133\.)/)
      .filter(Boolean)
      .map((a) => a.replace(/^\//, "").split("=") as [string, string]),
  );
  const caIssuers = [...text.matchAll(/CA Issuers - URI:(\S+)/g)].map((m) => m[1]);
  const ocsp = [...text.matchAll(/OCSP - URI:(\S+)/g)].map((m) => m[1]);
  const crlSection = /CRL Distribution Points:([\s\S]*?)(?=\n {12}\S|\n {4}Signature)/.exec(text)?.[1] ?? "";
  const crl = [...crlSection.matchAll(/URI:(\S+)/g)].map((m) => m[1]);
  const eku = /Extended Key Usage:[^\n]*\n\s*([^\n]*)/.exec(text)?.[1] ?? "";
  return { attrs, caIssuers, ocsp, crl, ekCertificate: eku.split(/,\s*/).includes("2.23.133.8.1") };
}

/** Known answers: vendor name and specification (family, level, revision) per file; undefined: none in the certificate. */
const EXPECTED: Record<string, { name?: string; spec?: [string, number, number] }> = {
  "gce-uca-tpm-rsa-enc-cert.der": { name: "Google", spec: ["2.0", 0, 142] },
  "gce-uca-tpm-ecc-enc-cert.der": { name: "Google", spec: ["2.0", 0, 142] },
  "gce-pca-tpm-rsa-enc-cert.der": {},
  "gce-pca-tpm-ecc-enc-cert.der": {},
  "ifx-tpm12-rsa-ek-hirs.der": { name: "Infineon", spec: ["1.2", 2, 3] },
  "ntc-rsa-ek-hirs.der": { name: "Nuvoton Technology" },
  "stm-ecc-ek-keylime.der": { name: "STMicroelectronics", spec: ["2.0", 0, 116] },
  "stm-rsa-ek-keylime.der": { name: "STMicroelectronics", spec: ["2.0", 0, 116] },
  "stm-rsa-ek-hirs-ab21ccf2.der": { name: "STMicroelectronics", spec: ["1.2", 2, 116] },
  "stm-rsa-ek-hirs-nuc1.der": { name: "STMicroelectronics", spec: ["1.2", 2, 116] },
  "stm-rsa-ek-hirs-nuc2.der": { name: "STMicroelectronics", spec: ["1.2", 2, 116] },
};

describe("EK certificate accessors on real certificates, against openssl x509 -text", () => {
  it("the OpenSSL view finds what it should (the comparison is not vacuous)", () => {
    const gce = opensslView("gce-uca-tpm-ecc-enc-cert.der");
    expect(gce.attrs).toEqual({ "2.23.133.2.1": "id:474F4F47", "2.23.133.2.2": "vTPM", "2.23.133.2.3": "id:20160511" });
    expect(gce.caIssuers).toEqual(["https://pki.goog/cloud_integrity/tpm_ek_intermediate_3.crt"]);
    expect(gce.crl).toEqual(["https://pki.goog/cloud_integrity/tpm_ek_intermediate_3.crl"]);
    expect(gce.ekCertificate).toBe(true);
    expect(opensslView("ntc-rsa-ek-hirs.der").attrs["2.23.133.2.2"]).toBe("NPCT6xx");
  });
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const cert = parseCertificate(new Uint8Array(readFileSync(join(DIR, file))));
      const theirs = opensslView(file);
      const id = tpmIdentity(cert);
      if (Object.keys(theirs.attrs).length === 0) {
        expect(id?.manufacturer).toBeUndefined();
      } else {
        const manufacturer = theirs.attrs["2.23.133.2.1"]!;
        expect(id?.manufacturer?.id).toBe(manufacturer);
        const vendor = Buffer.from(manufacturer.slice(3), "hex")
          .toString("latin1")
          .replace(/[\0 ]+$/, "");
        expect(id?.manufacturer?.vendorId).toBe(vendor);
        expect(id?.manufacturer?.name).toBe(expected.name);
        expect(id?.model).toBe(theirs.attrs["2.23.133.2.2"]);
        expect(id?.version).toBe(theirs.attrs["2.23.133.2.3"]);
      }
      expect(id?.specification).toEqual(
        expected.spec ? { family: expected.spec[0], level: expected.spec[1], revision: expected.spec[2] } : undefined,
      );
      expect(authorityInfo(cert)).toEqual({ caIssuers: theirs.caIssuers, ocsp: theirs.ocsp, crl: theirs.crl });
      expect(isEkCertificate(cert)).toBe(theirs.ekCertificate);
    });
  }
});
