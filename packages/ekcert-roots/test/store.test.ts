// The store against its source files: every certificate's DER hashes to its
// sha256 and parses (X.509, node:crypto), its dates and subject match the
// certificate; the loader's selections partition the store.
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCertificate } from "@tss/ekcert";
import { describe, expect, it } from "vitest";
import { all, byFingerprint, byVendor, intermediates, roots, vendors } from "../src/index.js";

const certsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "certs");
const sources = JSON.parse(readFileSync(join(certsDir, "sources.json"), "utf8")) as {
  certificates: { file: string; vendor: string; kind: string; sha256: string }[];
};

describe("@tss/ekcert-roots store", () => {
  it("holds every certificate sources.json lists, with its fingerprint, dates and subject", () => {
    expect(all().length).toBe(sources.certificates.length);
    expect(all().length).toBeGreaterThan(300);
    for (const c of all()) {
      expect(createHash("sha256").update(c.der).digest("hex")).toBe(c.sha256);
      const x = new X509Certificate(c.der);
      expect(c.notBefore.getTime()).toBe(new Date(x.validFrom).getTime());
      expect(c.notAfter.getTime()).toBe(new Date(x.validTo).getTime());
      expect(c.subject).toBe(x.subject.replaceAll("\n", ", "));
      const entry = sources.certificates.find((e) => e.file === c.file);
      expect(entry?.sha256).toBe(c.sha256);
      expect(entry?.vendor).toBe(c.vendor);
      expect(c.source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(c.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(new X509Certificate(c.pem).fingerprint256.replaceAll(":", "").toLowerCase()).toBe(c.sha256);
    }
  });

  it("parses every certificate with @tss/ekcert", () => {
    for (const c of all()) expect(parseCertificate(c.der).der).toEqual(c.der);
  });

  it("selects by kind, vendor and fingerprint", () => {
    expect(roots().length + intermediates().length).toBe(all().length);
    expect(roots().every((c) => c.kind === "root")).toBe(true);
    expect(vendors()).toEqual(["AMD", "ATML", "GOOG", "IFX", "INTC", "NTC", "NTZ", "QCOM", "STM"]);
    const ifx = byVendor("ifx");
    expect(ifx.length).toBeGreaterThan(100);
    expect(ifx.every((c) => c.vendor === "IFX")).toBe(true);
    expect(byVendor("NOPE")).toEqual([]);
    const some = all()[7]!;
    expect(byFingerprint(some.sha256.toUpperCase().replace(/(..)(?!$)/g, "$1:"))).toBe(some);
    expect(byFingerprint("00")).toBeUndefined();
    expect(Object.isFrozen(all())).toBe(true);
    expect(() => byVendor(3 as unknown as string)).toThrow(TypeError);
  });

  it("has the roots that EK chains end in: P-521, P-384 and RSA roots of Infineon, Nuvoton, STMicro", () => {
    const names = roots().map((c) => c.subject);
    for (const cn of [
      "Infineon OPTIGA(TM) ECC Root CA 2",
      "NPCTxxx ECC521 RootCA",
      "STM TPM ECC Root CA 01",
      "GlobalSign Trusted Platform Module Root CA",
      "Nuvoton TPM Root CA 2010",
    ])
      expect(names.some((n) => n.includes(cn))).toBe(true);
  });
});
