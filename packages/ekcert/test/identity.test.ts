// tpmIdentity, isEkCertificate and authorityInfo on EK certificates made by
// OpenSSL (its generic ASN.1 syntax writes the TCG attributes: an independent producer).
import {
  authorityInfo,
  EkCertError,
  extendedKeyUsage,
  isEkCertificate,
  parseCertificate,
  TCG_VENDOR_IDS,
  tcgVendorName,
  tpmIdentity,
  vendorIdText,
} from "@tss/ekcert";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpensslCa } from "./support.js";

const ca = new OpensslCa();

/** An EK certificate extension file: the TPM attributes in a directoryName (manufacturer in its own RDN, model + version in one). */
function ekExtensions(manufacturer: string, model: string, version: string, spec?: [string, number, number]): string {
  return [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,keyEncipherment",
    "2.5.29.17=critical,ASN1:SEQUENCE:san",
    "extendedKeyUsage=2.23.133.8.1",
    "authorityInfoAccess=caIssuers;URI:http://example.test/ca.crt,OCSP;URI:http://ocsp.example.test/,caIssuers;URI:ldap://ldap.example.test/cn=ca",
    "crlDistributionPoints=URI:http://crl.example.test/ca.crl,URI:http://crl2.example.test/ca.crl",
    ...(spec ? ["2.5.29.9=ASN1:SEQUENCE:sda"] : []),
    "[san]",
    "dir=EXPLICIT:4C,SEQUENCE:tpm_dn",
    "[tpm_dn]",
    "rdn1=SET:rdn1",
    "rdn2=SET:rdn2",
    "[rdn1]",
    "a=SEQUENCE:manu",
    "[rdn2]",
    "b=SEQUENCE:model",
    "c=SEQUENCE:version",
    "[manu]",
    "type=OID:2.23.133.2.1",
    `value=UTF8:${manufacturer}`,
    "[model]",
    "type=OID:2.23.133.2.2",
    `value=UTF8:${model}`,
    "[version]",
    "type=OID:2.23.133.2.3",
    `value=UTF8:${version}`,
    ...(spec
      ? [
          "[sda]",
          "attr=SEQUENCE:spec_attr",
          "[spec_attr]",
          "type=OID:2.23.133.2.16",
          "values=SET:spec_set",
          "[spec_set]",
          "spec=SEQUENCE:spec",
          "[spec]",
          `family=UTF8:${spec[0]}`,
          `level=INT:${spec[1]}`,
          `revision=INT:${spec[2]}`,
        ]
      : []),
    "",
  ].join("\n");
}

beforeAll(() => {
  ca.key("ca", "ec:P-256");
  ca.root("ca", "Identity Test CA");
  ca.key("intel", "ec:P-256");
  ca.issue("intel", "ek intel", "ca", { ext: ekExtensions("id:494E5443", "PTT", "id:00020000", ["2.0", 0, 138]) });
  ca.key("stm", "rsa:2048");
  ca.issue("stm", "ek stm", "ca", { ext: ekExtensions("id:53544D20", "ST33HTPHAHD4", "id:00010200") });
  ca.key("unknown", "ec:P-256");
  ca.issue("unknown", "ek unknown", "ca", { ext: ekExtensions("id:58595A00", "X", "id:00000001", ["2.0", 0, 159]) });
  ca.key("plain", "ec:P-256");
  ca.issue("plain", "plain leaf", "ca");
  ca.key("broken", "ec:P-256");
  ca.issue("broken", "broken", "ca", {
    ext: "2.5.29.31=DER:0500\n1.3.6.1.5.5.7.1.1=DER:0500\n2.5.29.17=DER:0500\n2.5.29.37=DER:0500\n",
  });
}, 60_000);
afterAll(() => ca.dispose());

describe("tpmIdentity", () => {
  it("manufacturer (vendor ID and registry name), model, version, specification", () => {
    expect(tpmIdentity(parseCertificate(ca.der("intel")))).toEqual({
      manufacturer: { id: "id:494E5443", vendorId: "INTC", name: "Intel" },
      model: "PTT",
      version: "id:00020000",
      specification: { family: "2.0", level: 0, revision: 138 },
    });
  });
  it("a space-padded vendor ID (STM ), no specification", () => {
    expect(tpmIdentity(parseCertificate(ca.der("stm")))).toEqual({
      manufacturer: { id: "id:53544D20", vendorId: "STM", name: "STMicroelectronics" },
      model: "ST33HTPHAHD4",
      version: "id:00010200",
    });
  });
  it("an unregistered vendor ID has no name", () => {
    const id = tpmIdentity(parseCertificate(ca.der("unknown")));
    expect(id?.manufacturer).toEqual({ id: "id:58595A00", vendorId: "XYZ" });
    expect(id?.specification).toEqual({ family: "2.0", level: 0, revision: 159 });
  });
  it("a certificate without TPM attributes: undefined", () => {
    expect(tpmIdentity(parseCertificate(ca.der("plain")))).toBeUndefined();
  });
  it("the registry: IDs and names", () => {
    expect(vendorIdText(0x49465800)).toBe("IFX");
    expect(vendorIdText(Uint8Array.of(0x4e, 0x54, 0x43, 0))).toBe("NTC");
    expect(vendorIdText(0x53544d20)).toBe("STM");
    expect(tcgVendorName("NTC")).toBe("Nuvoton Technology");
    expect(tcgVendorName("IFX")).toBe("Infineon");
    expect(tcgVendorName("GOOG")).toBe("Google");
    expect(tcgVendorName("toString")).toBeUndefined();
    for (const id of Object.keys(TCG_VENDOR_IDS)) expect(id).toMatch(/^[A-Z]{3,4}$/);
  });
});

describe("isEkCertificate and extendedKeyUsage", () => {
  it("tcg-kp-EKCertificate present, absent", () => {
    expect(isEkCertificate(parseCertificate(ca.der("intel")))).toBe(true);
    expect(extendedKeyUsage(parseCertificate(ca.der("intel")))).toEqual(["2.23.133.8.1"]);
    expect(isEkCertificate(parseCertificate(ca.der("plain")))).toBe(false);
    expect(extendedKeyUsage(parseCertificate(ca.der("plain")))).toBeUndefined();
  });
});

describe("authorityInfo", () => {
  it("caIssuers and OCSP in order, every CRL URL", () => {
    expect(authorityInfo(parseCertificate(ca.der("intel")))).toEqual({
      caIssuers: ["http://example.test/ca.crt", "ldap://ldap.example.test/cn=ca"],
      ocsp: ["http://ocsp.example.test/"],
      crl: ["http://crl.example.test/ca.crl", "http://crl2.example.test/ca.crl"],
    });
  });
  it("none: empty lists", () => {
    expect(authorityInfo(parseCertificate(ca.der("plain")))).toEqual({ caIssuers: [], ocsp: [], crl: [] });
  });
});

describe("malformed extensions are BAD_CERTIFICATE", () => {
  it("each accessor", () => {
    const c = parseCertificate(ca.der("broken"));
    for (const f of [() => authorityInfo(c), () => tpmIdentity(c), () => isEkCertificate(c)]) {
      expect(f).toThrow(EkCertError);
      try {
        f();
      } catch (e) {
        expect((e as EkCertError).code).toBe("BAD_CERTIFICATE");
      }
    }
  });
});
