// Real vendors' EK certificates (tools/reg/test/fixtures/ek-certs: Google Compute
// Engine vTPM, STMicro, Infineon, Nuvoton, from public repositories; sources.json
// says where each came from) verified to the roots of @tss/ekcert-roots under every
// crypto plugin (forge, webcrypto, node), and the result (valid, or the error code)
// equal to OpenSSL's on the same files:
//
//   openssl verify -partial_chain -ignore_critical -auth_level 0 -attime T \
//     -CAfile <the store's roots> -untrusted <the store's intermediates> ek.pem
//
// -partial_chain because a "root" of the store is a trust anchor even when it is not
// self-signed (Infineon's TPM 1.2 "IFX TPM EK Root CA" is issued by VeriSign), as
// verifyCertificateChain treats its roots; -ignore_critical because EK certificates
// carry a critical subjectAltName of TPM attributes (and some a critical
// subjectDirectoryAttributes) and verifyCertificateChain does not reject unknown
// critical extensions either; -auth_level 0 because TPM 1.2-era certificates are
// signed with SHA-1. Several EK certificates have an RSAES-OAEP subject key
// (id-RSAES-OAEP, as the TCG's TPM 1.2 profile allows) that OpenSSL cannot decode,
// so `openssl verify` fails on the leaf itself ("unspecified certificate
// verification error"). For those the OpenSSL reference is made of two OpenSSL
// checks: the leaf's signature under each same-named issuer of the store
// (`openssl dgst -verify`), then `openssl verify` of that issuer; plus the leaf's
// dates. Each certificate is verified at 2023-01-01 (inside every leaf's validity)
// and at 2026-06-01.
//
// Then every intermediate of the store is verified to the store's roots the same way
// (P-256, P-384 and P-521 CA keys: Infineon's TPM 2.0 ECC CAs under ECC Root CA 2,
// Nuvoton's ECC384 LeafCAs under the ECC521 root, STMicro, Intel, AMD ...), the
// results equal to openssl verify's.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  type Certificate,
  derToPemCertificate,
  EkCertError,
  parseCertificate,
  verifyCertificateChain,
} from "@tss/ekcert";
import { intermediates, roots, type VendorCertificate } from "@tss/ekcert-roots";
import type { Crypto } from "@tss/marshal";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures", "ek-certs");
const sources = JSON.parse(readFileSync(join(fixtures, "sources.json"), "utf8")) as {
  certificates: { file: string; vendor: string; key: string; sha256: string }[];
};
const work = mkdtempSync(join(tmpdir(), "tss-ekcert-vendors-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rootDers = roots().map((c) => c.der);
// Parsed once: verifyCertificateChain takes parsed certificates as they are.
const rootCerts = rootDers.map(parseCertificate);
const intermediateCerts = intermediates().map((c) => parseCertificate(c.der));
const rootsPem = join(work, "roots.pem");
const intermediatesPem = join(work, "intermediates.pem");
writeFileSync(
  rootsPem,
  roots()
    .map((c) => c.pem)
    .join(""),
);
writeFileSync(
  intermediatesPem,
  intermediates()
    .map((c) => c.pem)
    .join(""),
);
const storeCerts: { der: Uint8Array; cert: Certificate; pem: string }[] = [...roots(), ...intermediates()].map(
  (c: VendorCertificate) => ({ der: c.der, cert: parseCertificate(c.der), pem: c.pem }),
);

const PLUGINS: Record<string, () => Crypto> = {
  forge: createForgeCrypto,
  webcrypto: createWebCrypto,
  node: createNodeCrypto,
};
const TIMES = [new Date("2023-01-01T00:00:00Z"), new Date("2026-06-01T00:00:00Z")];

/** OpenSSL's error numbers (X509_V_ERR_*) as verifyCertificateChain's codes. */
const OPENSSL_CODES: Record<number, string> = {
  2: "NO_ISSUER", // unable to get issuer certificate
  7: "BAD_SIGNATURE", // certificate signature failure
  9: "NOT_YET_VALID",
  10: "EXPIRED",
  18: "UNTRUSTED_ROOT", // self-signed certificate (not among the roots)
  19: "UNTRUSTED_ROOT", // self-signed certificate in certificate chain
  20: "NO_ISSUER", // unable to get local issuer certificate
  24: "NOT_A_CA", // invalid CA certificate
  25: "PATH_TOO_LONG", // path length constraint exceeded
};

let fileCounter = 0;
function tempFile(content: string | Uint8Array): string {
  const path = join(work, `f${fileCounter++}`);
  writeFileSync(path, content);
  return path;
}

/**
 * `openssl verify` of PEM files at `at`, one run for all: per file "valid", an error
 * code, or "KEY_UNREADABLE" (OpenSSL cannot decode the file's own key, so it cannot
 * judge it).
 */
function opensslVerifyAll(pemFiles: readonly string[], at: Date): string[] {
  const r = spawnSync(
    "openssl",
    [
      "verify",
      "-partial_chain",
      "-ignore_critical",
      "-auth_level",
      "0",
      "-attime",
      String(Math.floor(at.getTime() / 1000)),
      "-CAfile",
      rootsPem,
      "-untrusted",
      intermediatesPem,
      ...pemFiles,
    ],
    { encoding: "utf8" },
  );
  // Per file, OpenSSL writes "FILE: OK" on standard output, or on standard error
  // "error N at D depth lookup: ..." ended by "error FILE: verification failed", and
  // after that line the library's error lines ("...:error:...:X509_PUBKEY_get0:...").
  const results = new Map<string, string>();
  for (const line of r.stdout.split("\n")) {
    const ok = /^(.*): OK$/.exec(line);
    if (ok) results.set(ok[1]!, "valid");
  }
  const blocks: { file: string; lines: string[] }[] = [];
  let pending: string[] = [];
  for (const line of r.stderr.split("\n")) {
    const failed = /^error (.*): verification failed$/.exec(line);
    if (failed) {
      blocks.push({ file: failed[1]!, lines: pending });
      pending = [];
    } else if (/^[0-9A-F]+:error:/.test(line) && blocks.length > 0) blocks.at(-1)!.lines.push(line);
    else pending.push(line);
  }
  for (const { file, lines } of blocks) results.set(file, judge(lines.join("\n")));
  return pemFiles.map((f) => results.get(f) ?? `OPENSSL_NO_RESULT: ${r.stderr.slice(0, 200)}`);
}

function judge(out: string): string {
  const m = /error (\d+) at (\d+) depth/.exec(out);
  const keyUnreadable = /X509_PUBKEY_get0|unable to get certs public key/.test(out);
  if (keyUnreadable && (!m || m[2] === "0")) return "KEY_UNREADABLE";
  if (m) return OPENSSL_CODES[Number(m[1])] ?? `OPENSSL_${m[1]}`;
  return `OPENSSL_FAILED: ${out.slice(0, 200)}`;
}

/** `openssl verify` of one PEM file at `at`. */
function opensslVerify(pemFile: string, at: Date): string {
  return opensslVerifyAll([pemFile], at)[0]!;
}

/** OpenSSL's name of a certificate's public key: "P-256", "P-384", "P-521" or "RSA <bits>". */
function publicKeyName(der: Uint8Array): string {
  const text = execFileSync("openssl", ["x509", "-inform", "DER", "-noout", "-text"], { input: der }).toString();
  const curve = /NIST CURVE: (P-\d+)/.exec(text);
  if (curve) return curve[1]!;
  const rsa = /Public-Key: \((\d+) bit\)/.exec(text);
  return rsa ? `RSA ${rsa[1]}` : "unknown";
}

/** OpenSSL's digest name of a certificate's signature hash. */
function digestName(cert: Certificate): string {
  const oid = cert.signatureAlgorithm.oid;
  const names: Record<string, string> = {
    "1.2.840.113549.1.1.5": "sha1",
    "1.2.840.113549.1.1.11": "sha256",
    "1.2.840.113549.1.1.12": "sha384",
    "1.2.840.113549.1.1.13": "sha512",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
  };
  const name = names[oid];
  if (!name) throw new Error(`no openssl digest for ${oid}`);
  return name;
}

/**
 * The OpenSSL reference for a leaf whose key OpenSSL cannot read: its dates, its
 * signature under each store certificate with its issuer's Name (openssl dgst
 * -verify), then `openssl verify` of that issuer.
 */
function opensslVerifyByIssuer(leaf: Certificate, at: Date): string {
  const issuers = storeCerts.filter((c) => c.cert.subject.canonical === leaf.issuer.canonical);
  if (issuers.length === 0) return "NO_ISSUER";
  const tbs = tempFile(leaf.tbs);
  const sig = tempFile(leaf.signatureValue);
  for (const issuer of issuers) {
    const pub = tempFile(execFileSync("openssl", ["x509", "-pubkey", "-noout"], { input: issuer.pem }));
    const r = spawnSync("openssl", ["dgst", `-${digestName(leaf)}`, "-verify", pub, "-signature", sig, tbs], {
      encoding: "utf8",
    });
    if (r.status !== 0) continue;
    if (at < leaf.notBefore) return "NOT_YET_VALID";
    if (at > leaf.notAfter) return "EXPIRED";
    if (rootDers.some((d) => Buffer.compare(Buffer.from(d), Buffer.from(issuer.der)) === 0)) return "valid";
    return opensslVerify(tempFile(issuer.pem), at);
  }
  return "BAD_SIGNATURE";
}

/** verifyCertificateChain's verdict: "valid" or the EkCertError code. */
async function ours(crypto: Crypto, der: Uint8Array, at: Date): Promise<{ result: string; chain?: Certificate[] }> {
  try {
    const v = await verifyCertificateChain(crypto, der, { roots: rootCerts, intermediates: intermediateCerts, at });
    return { result: "valid", chain: [...v.chain] };
  } catch (e) {
    if (e instanceof EkCertError) return { result: e.code };
    throw e;
  }
}

const ekCerts = sources.certificates.map((s) => {
  const der = new Uint8Array(readFileSync(join(fixtures, s.file)));
  return { ...s, der, cert: parseCertificate(der), pemFile: tempFile(derToPemCertificate(der)) };
});
const reference = new Map<string, string>();
for (const ek of ekCerts)
  for (const at of TIMES) {
    const direct = opensslVerify(ek.pemFile, at);
    reference.set(
      `${ek.file}@${at.toISOString()}`,
      direct === "KEY_UNREADABLE" ? opensslVerifyByIssuer(ek.cert, at) : direct,
    );
  }

describe("real EK certificates to the roots of @tss/ekcert-roots", () => {
  it("are the files sources.json lists: at least 14 from 4 vendors, RSA and ECC", () => {
    expect(ekCerts.length).toBeGreaterThanOrEqual(14);
    expect(new Set(ekCerts.map((e) => e.vendor))).toEqual(new Set(["GOOG", "STM", "IFX", "NTC"]));
    expect(ekCerts.some((e) => e.key.startsWith("ECC"))).toBe(true);
    expect(ekCerts.some((e) => e.key.startsWith("RSA"))).toBe(true);
    for (const e of ekCerts)
      expect(Buffer.from(execFileSync("openssl", ["dgst", "-sha256", "-r"], { input: e.der })).toString()).toMatch(
        new RegExp(`^${e.sha256} `),
      );
  });

  it("OpenSSL verifies all but the Infineon TPM 1.2 one, whose issuing CA certificate the store lacks", () => {
    const table = ekCerts.map((e) => [e.file, ...TIMES.map((t) => reference.get(`${e.file}@${t.toISOString()}`))]);
    console.log(table.map((row) => row.join("  ")).join("\n"));
    for (const [file, at2023] of table) {
      // The Infineon certificate's authorityKeyIdentifier names the serial number 08681E16 of
      // the "IFX TPM EK Intermediate CA 08" certificate that signed it; the store's CA 08
      // (same key, which OpenSSL's dgst -verify confirms) is a re-issue, serial 7C6A18EA.
      // OpenSSL (X509_check_akid) and verifyCertificateChain both refuse it as the issuer.
      // The Infineon SLB 9665 certificate was issued on 2023-01-17: not yet valid at the first time.
      const expected =
        file === "ifx-tpm12-rsa-ek-hirs.der"
          ? "NO_ISSUER"
          : file === "ifx-rsa-ek-teleport-slb9665.der"
            ? "NOT_YET_VALID"
            : "valid";
      expect([file, at2023]).toEqual([file, expected]);
    }
    expect(table.filter((row) => row.slice(1).includes("valid")).length).toBeGreaterThanOrEqual(13);
  });

  it("one summary line per certificate: vendor, EK key, the chain's CA keys, result (node plugin, the first time it is valid)", async () => {
    const crypto = createNodeCrypto();
    const caKeys = new Set<string>();
    const validVendors = new Set<string>();
    const lines: string[] = [];
    const chainsByFile = new Map<string, string[]>();
    for (const ek of ekCerts) {
      let got = await ours(crypto, ek.der, TIMES[0]!);
      let at = TIMES[0]!;
      for (const t of TIMES.slice(1))
        if (got.result !== "valid") {
          got = await ours(crypto, ek.der, t);
          at = t;
        }
      const chainKeys = (got.chain ?? []).slice(1).map((c) => publicKeyName(c.der));
      if (got.result === "valid") {
        chainsByFile.set(ek.file, chainKeys);
        for (const k of chainKeys) caKeys.add(k);
        validVendors.add(ek.vendor);
      }
      lines.push(
        `${ek.vendor}  ${ek.file}  EK ${ek.key}  chain [${chainKeys.join(" <- ")}]  ${got.result} at ${at.toISOString().slice(0, 10)}`,
      );
    }
    console.log(lines.join("\n"));
    expect(validVendors).toEqual(new Set(["GOOG", "STM", "IFX", "NTC"]));
    // P-521: the Infineon SLB 9672 ECC EK is signed (ECDSA-SHA512) by "Infineon OPTIGA(TM)
    // TPM 2.0 ECC CA 056", a P-521 key, under "Infineon OPTIGA(TM) ECC Root CA 2" (P-521).
    expect([...caKeys].filter((k) => k.startsWith("P-")).sort()).toEqual(["P-256", "P-384", "P-521"]);
    expect(chainsByFile.get("ifx-ecc-ek-optiga-explorer-slb9672.der")).toEqual(["P-521", "P-521"]);
    expect([...caKeys].some((k) => k.startsWith("RSA"))).toBe(true);
  });

  for (const [name, make] of Object.entries(PLUGINS)) {
    it(`${name}: every result equals OpenSSL's, and the chains reach the vendor's root`, async () => {
      const crypto = make();
      for (const ek of ekCerts)
        for (const at of TIMES) {
          const got = await ours(crypto, ek.der, at);
          expect([ek.file, at.toISOString(), got.result]).toEqual([
            ek.file,
            at.toISOString(),
            reference.get(`${ek.file}@${at.toISOString()}`),
          ]);
          if (got.chain) {
            expect(got.chain.length).toBeGreaterThanOrEqual(2);
            expect(got.chain[0]!.der).toEqual(ek.der);
          }
        }
    });
  }

  it("a tampered EK certificate fails with BAD_SIGNATURE under every plugin, as under OpenSSL", async () => {
    const ek = ekCerts.find((e) => e.file === "stm-ecc-ek-keylime.der")!;
    const bad = new Uint8Array(ek.der);
    bad[bad.length - 10]! ^= 0x01; // inside the signature value
    const badPem = tempFile(derToPemCertificate(bad));
    expect(opensslVerify(badPem, TIMES[0]!)).toBe("BAD_SIGNATURE");
    for (const make of Object.values(PLUGINS))
      expect((await ours(make(), bad, TIMES[0]!)).result).toBe("BAD_SIGNATURE");
  });
});

describe("every intermediate of @tss/ekcert-roots to the store's roots", () => {
  const at = new Date("2025-01-01T00:00:00Z");
  const files = intermediates().map((c) => tempFile(c.pem));
  const references = opensslVerifyAll(files, at);
  const cases = intermediates().map((c, i) => ({ c, reference: references[i]! }));

  it("covers P-256, P-384 and P-521 CA keys that OpenSSL verifies", () => {
    const curves = new Set<number>();
    for (const { c, reference: r } of cases) {
      if (r !== "valid") continue;
      const issuer = storeCerts.find((s) => s.cert.subject.canonical === parseCertificate(c.der).issuer.canonical);
      const key = issuer?.cert.publicKey;
      if (key && "ecc" in key) curves.add(key.ecc.curveID);
    }
    expect([...curves].sort()).toEqual([3, 4, 5]); // TPM_ECC_NIST_P256, P384, P521
    expect(cases.filter((x) => x.reference === "valid").length).toBeGreaterThan(150);
  });

  for (const [name, make] of Object.entries(PLUGINS)) {
    it(`${name}: the same result as OpenSSL for each of them`, async () => {
      const crypto = make();
      const tally: Record<string, number> = {};
      for (const { c, reference: r } of cases) {
        const got = await ours(crypto, c.der, at);
        expect([c.file, got.result]).toEqual([c.file, r]);
        tally[got.result] = (tally[got.result] ?? 0) + 1;
      }
      console.log(`${name}: ${JSON.stringify(tally)}`);
      expect(tally.valid).toBeGreaterThan(150);
    });
  }
});
