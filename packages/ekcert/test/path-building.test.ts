// Path building: issuers picked by key identifier before Name, every candidate
// tried, and each failure code with the certificate it concerns, cross-checked
// with `openssl verify` on the same files (same outcome, same certificate).
import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  certificateDer,
  distinguishedNameDer,
  type EkCertError,
  extensionDer,
  parseCertificate,
  signatureAlgorithmDer,
  tbsCertificateDer,
  verifyCertificateChain,
} from "@tss/ekcert";
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpensslCa } from "./support.js";

const ca = new OpensslCa();
const DAY = 86400_000;
const CA_EXT = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n";
const NO_KEY_IDS = "subjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n";
const LEAF_NO_KEY_IDS = `basicConstraints=critical,CA:FALSE\n${NO_KEY_IDS}`;

beforeAll(() => {
  ca.key("root", "ec:P-384");
  ca.root("root", "PB Root", "sha384");
  // GCE-style: two intermediates with one Name and two keys; the leaf is under B.
  ca.key("intA", "ec:P-256");
  ca.issue("intA", "EK\\/AK CA Intermediate", "root", { ca: true });
  ca.key("intB", "ec:P-256");
  ca.issue("intB", "EK\\/AK CA Intermediate", "root", { ca: true });
  ca.key("leafB", "rsa:2048");
  ca.issue("leafB", "EK under B", "intB");
  // The same without key identifiers: only the signature tells them apart.
  ca.key("rootN", "rsa:2048");
  ca.root("rootN", "PB Root N", "sha256", [
    "basicConstraints=critical,CA:TRUE",
    "keyUsage=critical,keyCertSign",
    "subjectKeyIdentifier=none",
    "authorityKeyIdentifier=none",
  ]);
  ca.key("intNA", "ec:P-256");
  ca.issue("intNA", "Shared Name CA", "rootN", { ext: CA_EXT + NO_KEY_IDS });
  ca.key("intNB", "ec:P-256");
  ca.issue("intNB", "Shared Name CA", "rootN", { ext: CA_EXT + NO_KEY_IDS });
  ca.key("leafNB", "ec:P-256");
  ca.issue("leafNB", "EK under NB", "intNB", { ext: LEAF_NO_KEY_IDS });
  // A renewed CA: one key, two certificates, the first short-lived.
  ca.key("intR1", "ec:P-256");
  ca.issue("intR1", "Renewed CA", "root", { ca: true, days: 1 });
  ca.openssl("pkey", "-in", "intR1.key", "-out", "intR2.key");
  ca.issue("intR2", "Renewed CA", "root", { ca: true });
  ca.key("leafR", "ec:P-256");
  ca.issue("leafR", "EK under renewed", "intR1");
  // A short-lived intermediate.
  ca.key("intS", "ec:P-256");
  ca.issue("intS", "Short CA", "root", { ca: true, days: 1 });
  ca.key("leafS", "ec:P-256");
  ca.issue("leafS", "EK under short", "intS");
  // Another self-signed root and a leaf under it.
  ca.key("other", "ec:P-256");
  ca.root("other", "Other Root");
  ca.key("leafO", "ec:P-256");
  ca.issue("leafO", "EK under other", "other");
  // Issuers that are not CAs: cA FALSE; cA TRUE without keyCertSign.
  ca.key("notca", "ec:P-256");
  ca.issue("notca", "Not a CA", "root");
  ca.key("leafX", "ec:P-256");
  ca.issue("leafX", "EK under not a CA", "notca");
  ca.key("kuca", "ec:P-256");
  ca.issue("kuca", "No keyCertSign CA", "root", {
    ext: "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n",
  });
  ca.key("leafK", "ec:P-256");
  ca.issue("leafK", "EK under no keyCertSign", "kuca");
  // pathLenConstraint 0 on a root with an intermediate below it.
  ca.key("rootP", "ec:P-256");
  ca.root("rootP", "Pathlen Root", "sha256", [
    "basicConstraints=critical,CA:TRUE,pathlen:0",
    "keyUsage=critical,keyCertSign",
  ]);
  ca.key("intP", "ec:P-256");
  ca.issue("intP", "Pathlen Intermediate", "rootP", { ca: true });
  ca.key("leafP", "ec:P-256");
  ca.issue("leafP", "EK under pathlen", "intP");
  // Ed25519: a signature algorithm this package does not verify.
  ca.openssl("genpkey", "-algorithm", "ED25519", "-out", "ed.key");
  ca.openssl(
    "req",
    "-x509",
    "-new",
    "-key",
    "ed.key",
    "-subj",
    "/CN=Ed Root",
    "-days",
    "30",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
    "-out",
    "ed.pem",
  );
  ca.key("leafE", "ec:P-256");
  ca.issue("leafE", "EK under Ed25519", "ed", { digest: "sha256", extra: [] });
  // P-521 with SHA-512 (Infineon, Nuvoton and STMicro ECC roots).
  ca.key("root521", "ec:P-521");
  ca.root("root521", "P-521 Root", "sha512");
  ca.key("int521", "ec:P-521");
  ca.issue("int521", "P-521 Intermediate", "root521", { ca: true, digest: "sha512" });
  ca.key("leaf521", "ec:P-384");
  ca.issue("leaf521", "EK under P-521", "int521", { digest: "sha512" });
}, 120_000);
afterAll(() => ca.dispose());

/** OpenSSL's error text for each of our codes. */
const OPENSSL_ERRORS: Record<string, RegExp> = {
  NO_ISSUER: /unable to get local issuer certificate/,
  BAD_SIGNATURE: /certificate signature failure/,
  EXPIRED: /certificate has expired/,
  NOT_YET_VALID: /certificate is not yet valid/,
  UNTRUSTED_ROOT: /self[- ]signed certificate/,
  NOT_A_CA: /invalid CA certificate|key usage does not include certificate signing/,
  PATH_TOO_LONG: /path length constraint exceeded/,
};

interface Scenario {
  readonly name: string;
  readonly leaf: string;
  readonly root: string;
  readonly intermediates: readonly string[];
  readonly at?: () => Date;
  /** The code and the certificate (its file name) it concerns; undefined: verifies, with this chain. */
  readonly fails?: readonly [code: string, certificate: string];
  readonly chain?: readonly string[];
  /** OpenSSL's result differs (reason given), so it is not compared. */
  readonly opensslDiffers?: string;
  /** OpenSSL reports the same code for another certificate (reason given): the depth is not compared. */
  readonly opensslDepthDiffers?: string;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "same-named intermediates: the one whose key identifier matches",
    leaf: "leafB",
    root: "root",
    intermediates: ["intA", "intB"],
    chain: ["leafB", "intB", "root"],
  },
  {
    name: "same-named intermediate with another key identifier: NO_ISSUER for the leaf (not BAD_SIGNATURE)",
    leaf: "leafB",
    root: "root",
    intermediates: ["intA"],
    fails: ["NO_ISSUER", "leafB"],
  },
  {
    name: "no key identifiers: every same-named candidate is tried",
    leaf: "leafNB",
    root: "rootN",
    intermediates: ["intNA", "intNB"],
    chain: ["leafNB", "intNB", "rootN"],
    opensslDiffers: "OpenSSL takes the first same-named issuer and reports its signature failure",
  },
  {
    name: "no key identifiers and only the wrong same-named CA: BAD_SIGNATURE for the leaf",
    leaf: "leafNB",
    root: "rootN",
    intermediates: ["intNA"],
    fails: ["BAD_SIGNATURE", "leafNB"],
  },
  {
    name: "a renewed CA: the expired certificate is passed over for the valid one",
    leaf: "leafR",
    root: "root",
    intermediates: ["intR1", "intR2"],
    at: () => new Date(Date.now() + 3 * DAY),
    chain: ["leafR", "intR2", "root"],
  },
  {
    name: "an expired intermediate: EXPIRED for it",
    leaf: "leafS",
    root: "root",
    intermediates: ["intS"],
    at: () => new Date(Date.now() + 3 * DAY),
    fails: ["EXPIRED", "intS"],
  },
  {
    name: "before the leaf's notBefore: NOT_YET_VALID for the leaf",
    leaf: "leafB",
    root: "root",
    intermediates: ["intB"],
    at: () => new Date(Date.now() - 2 * DAY),
    fails: ["NOT_YET_VALID", "leafB"],
    opensslDepthDiffers: "every certificate here is not yet valid; OpenSSL checks dates from the root down",
  },
  {
    name: "a path to another self-signed certificate: UNTRUSTED_ROOT for it",
    leaf: "leafO",
    root: "root",
    intermediates: ["other"],
    fails: ["UNTRUSTED_ROOT", "other"],
  },
  {
    name: "a self-signed certificate that is not a root: UNTRUSTED_ROOT for it",
    leaf: "other",
    root: "root",
    intermediates: [],
    fails: ["UNTRUSTED_ROOT", "other"],
  },
  {
    name: "an issuer with cA FALSE: NOT_A_CA for the issuer",
    leaf: "leafX",
    root: "root",
    intermediates: ["notca"],
    fails: ["NOT_A_CA", "notca"],
  },
  {
    name: "an issuer without keyCertSign: NOT_A_CA for the issuer",
    leaf: "leafK",
    root: "root",
    intermediates: ["kuca"],
    fails: ["NOT_A_CA", "kuca"],
  },
  {
    name: "pathLenConstraint 0 with an intermediate below: PATH_TOO_LONG for the root",
    leaf: "leafP",
    root: "rootP",
    intermediates: ["intP"],
    fails: ["PATH_TOO_LONG", "rootP"],
  },
  {
    name: "an Ed25519 signature: UNSUPPORTED_ALGORITHM for the certificate it signs",
    leaf: "leafE",
    root: "ed",
    intermediates: [],
    fails: ["UNSUPPORTED_ALGORITHM", "leafE"],
    opensslDiffers: "OpenSSL verifies Ed25519",
  },
  {
    name: "P-521 with SHA-512 at every link above the leaf",
    leaf: "leaf521",
    root: "root521",
    intermediates: ["int521"],
    chain: ["leaf521", "int521", "root521"],
  },
];

const PLUGINS: [string, Crypto][] = [
  ["forge", createForgeCrypto()],
  ["webcrypto", createWebCrypto()],
];

describe("openssl verify agrees", () => {
  for (const s of SCENARIOS.filter((x) => !x.opensslDiffers)) {
    it(s.name, () => {
      const theirs = ca.verify(s.leaf, s.root, s.intermediates, s.at?.());
      if (!s.fails) {
        expect(theirs).toEqual({ ok: true });
        return;
      }
      expect(theirs.ok).toBe(false);
      expect(theirs.error).toMatch(OPENSSL_ERRORS[s.fails[0]]!);
      if (s.opensslDepthDiffers) return;
      // OpenSSL's depth names the same certificate: count from the leaf along the expected chain.
      const cn = parseCertificate(ca.der(s.fails[1])).subject.text;
      const path = [s.leaf, ...s.intermediates, s.root];
      const atDepth = path.filter((n) => n !== "intA")[theirs.depth!];
      expect(parseCertificate(ca.der(atDepth!)).subject.text).toBe(cn);
    });
  }
});

for (const [pluginName, crypto] of PLUGINS) {
  describe(`verifyCertificateChain path building [${pluginName}]`, () => {
    for (const s of SCENARIOS) {
      it(s.name, async () => {
        const run = verifyCertificateChain(crypto, ca.pem(s.leaf), {
          roots: [ca.pem(s.root)],
          intermediates: s.intermediates.map((n) => ca.pem(n)),
          ...(s.at ? { at: s.at() } : {}),
        });
        if (!s.fails) {
          const v = await run;
          expect(v.chain.map((c) => c.der)).toEqual(s.chain!.map((n) => ca.der(n)));
          return;
        }
        const e = (await run.then(
          () => undefined,
          (x: unknown) => x,
        )) as EkCertError;
        expect(e?.name).toBe("EkCertError");
        expect(e.code).toBe(s.fails[0]);
        expect(e.certificate?.der).toEqual(ca.der(s.fails[1]));
      });
    }
    it("the overall limit (maxLength): PATH_TOO_LONG for the certificate reached", async () => {
      const e = await verifyCertificateChain(crypto, ca.pem("leafB"), {
        roots: [ca.pem("root")],
        intermediates: [ca.pem("intB")],
        maxLength: 2,
      }).catch((x: EkCertError) => x);
      expect(e).toMatchObject({ code: "PATH_TOO_LONG" });
      expect((e as EkCertError).certificate?.der).toEqual(ca.der("intB"));
    });
    it("key identifiers are parsed", () => {
      const leaf = parseCertificate(ca.der("leafB"));
      const intB = parseCertificate(ca.der("intB"));
      expect(leaf.authorityKeyIdentifier?.keyIdentifier).toEqual(intB.subjectKeyIdentifier);
      expect(parseCertificate(ca.der("leafNB")).authorityKeyIdentifier).toBeUndefined();
      expect(parseCertificate(ca.der("rootP")).basicConstraints).toEqual({ cA: true, pathLenConstraint: 0 });
    });
    it("a malformed authorityKeyIdentifier is ignored: the issuer is found by Name and signature", async () => {
      const intB = parseCertificate(ca.der("intB"));
      const alg = signatureAlgorithmDer("ECDSA", TPM_ALG_ID.SHA256);
      const tbs = tbsCertificateDer({
        serialNumber: 77n,
        signatureAlgorithm: alg,
        issuer: intB.subject.der,
        subject: distinguishedNameDer([["CN", "EK with a bad AKI"]]),
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 30 * DAY),
        spki: parseCertificate(ca.der("leafB")).spki,
        extensions: [extensionDer("2.5.29.35", Uint8Array.of(0x05, 0x00))],
      });
      const signature = sign("sha256", tbs, createPrivateKey(readFileSync(join(ca.dir, "intB.key"))));
      const der = certificateDer(tbs, alg, new Uint8Array(signature));
      const leaf = parseCertificate(der);
      expect(leaf.extensions.map((e) => e.oid)).toContain("2.5.29.35");
      expect(leaf.authorityKeyIdentifier).toBeUndefined();
      const v = await verifyCertificateChain(crypto, der, {
        roots: [ca.pem("root")],
        intermediates: [ca.pem("intA"), ca.pem("intB")],
      });
      expect(v.chain.map((c) => c.der)).toEqual([der, ca.der("intB"), ca.der("root")]);
    });
    it("bad options: BAD_PARAMETER", async () => {
      for (const bad of [{ at: new Date(Number.NaN) }, { maxLength: 0 }, { maxLength: 1.5 }]) {
        await expect(
          verifyCertificateChain(crypto, ca.pem("leafB"), { roots: [ca.pem("root")], ...bad }),
        ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
      }
    });
  });
}
