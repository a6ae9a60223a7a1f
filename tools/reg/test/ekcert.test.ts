// @tss/ekcert against swtpm with REAL EK certificates: swtpm_setup
// --create-ek-cert (its swtpm_localca CA, configured in a temporary folder)
// writes an RSA 2048 EK certificate at 0x01C00002 and an ECC P-384 one at
// 0x01C00016 (H-3), with the EKs persisted at 0x81010001 and 0x81010016. For the
// low-range ECC P-256 EK (L-2), which swtpm_setup 0.7 does not certify, the
// same swtpm_localca issues a certificate for the EK our createEk makes, and we
// write it to 0x01C0000A. Then per plugin combination: read each certificate,
// createEk (its key must equal swtpm_setup's persisted EK and the certificate's
// key), verify the chain to the local CA's root; tampered certificates and
// wrong roots fail; template and nonce NV indexes change the EK as the profile says.
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  applyEkNonce,
  certificateMatchesEk,
  createEk,
  type EkAlgorithm,
  ekProfile,
  ekTemplate,
  intelEkCertificateUrl,
  parseCertificate,
  readEkCertificate,
  readNvIndex,
  verifyEkCertificate,
} from "@tss/ekcert";
import { ByteWriter, TPM_RH, TPMT_PUBLIC } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSwtpm } from "../src/swtpm.js";
import { provisionEkState } from "../src/swtpm-ek.js";
import { describeMatrix } from "./support/describe-matrix.js";

const dir = mkdtempSync(join(tmpdir(), "tss-ekcert-reg-"));
const { stateDir, caDir, localcaConfig, localcaOptions } = provisionEkState({ dir });
// A root with the local CA root's Name but another key (and no subjectKeyIdentifier, so that
// path building cannot rule it out by key identifier and tries its signature), and an unrelated root (OpenSSL).
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "fake.key",
    "-subj",
    "/CN=swtpm-localca-rootca",
    "-addext",
    "subjectKeyIdentifier=none",
    "-days",
    "30",
    "-out",
    "fake-root.pem",
  ],
  { cwd: dir, stdio: "ignore" },
);
execFileSync(
  "openssl",
  [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "other.key",
    "-subj",
    "/CN=Other Root",
    "-days",
    "30",
    "-out",
    "other-root.pem",
  ],
  { cwd: dir, stdio: "ignore" },
);
const ROOT = readFileSync(join(caDir, "swtpm-localca-rootca-cert.pem"), "utf8");
const INTERMEDIATE = readFileSync(join(caDir, "issuercert.pem"), "utf8");
const FAKE_ROOT = readFileSync(join(dir, "fake-root.pem"), "utf8");
const OTHER_ROOT = readFileSync(join(dir, "other-root.pem"), "utf8");
const pemDer = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
const ROOT_DER = pemDer(ROOT);
const FAKE_ROOT_DER = pemDer(FAKE_ROOT);
const empty = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** NV attributes for an index we provision (platform-created like swtpm_setup's, no write lock). */
const PP_CERT_ATTRIBUTES = 0x00000001 | 0x00010000 | 0x00020000 | 0x00040000 | 0x02000000 | 0x40000000;
/** An owner index: OWNERWRITE | OWNERREAD | AUTHREAD | NO_DA. */
const OWNER_ATTRIBUTES = 0x00000002 | 0x00020000 | 0x00040000 | 0x02000000;

async function defineAndWrite(tss: Tss, authHandle: number, nvIndex: number, attributes: number, data: Uint8Array) {
  await tss.nvDefineSpace({
    authHandle,
    auth: empty,
    publicInfo: { nvPublic: { nvIndex, nameAlg: 0x000b, attributes, authPolicy: empty, dataSize: data.length } },
  });
  for (let offset = 0; offset < data.length; offset += 512) {
    await tss.nvWrite({ authHandle, nvIndex, data: data.subarray(offset, offset + 512), offset });
  }
}

function marshalPublic(p: unknown): Uint8Array {
  const w = new ByteWriter(2048);
  TPMT_PUBLIC.write(w, p as never, "TPMT_PUBLIC");
  return w.finish();
}

beforeAll(async () => {
  // The L-2 certificate: swtpm_localca certifies the P-256 EK createEk makes; written at 0x01C0000A.
  const tpm = await startSwtpm({ stateDir });
  const tss = createTss({
    transport: new MssimTransport({ host: tpm.host, port: tpm.port }),
    crypto: createWebCrypto(),
  });
  try {
    const ek = await createEk(tss, { algorithm: "ecc-p256" });
    await tss.flushContext({ flushHandle: ek.handle });
    const { x, y } = (ek.publicArea.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
    const out = join(dir, "p256");
    mkdirSync(out);
    execFileSync(
      "swtpm_localca",
      [
        "--type",
        "ek",
        "--ek",
        `x=${hex(x)},y=${hex(y)}`,
        "--dir",
        out,
        "--tpm2",
        "--tpm-spec-family",
        "2.0",
        "--tpm-spec-level",
        "0",
        "--tpm-spec-revision",
        "164",
        "--tpm-manufacturer",
        "id:00001014",
        "--tpm-model",
        "swtpm",
        "--tpm-version",
        "id:20191023",
        "--configfile",
        localcaConfig,
        "--optsfile",
        localcaOptions,
      ],
      { stdio: "ignore" },
    );
    await defineAndWrite(
      tss,
      TPM_RH.PLATFORM,
      0x01c0000a,
      PP_CERT_ATTRIBUTES,
      new Uint8Array(readFileSync(join(out, "ek.cert"))),
    );
  } finally {
    await tss.close();
    await tpm.stop();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: { algorithm: EkAlgorithm; persisted?: number }[] = [
  { algorithm: "rsa2048", persisted: 0x81010001 },
  { algorithm: "ecc-p384", persisted: 0x81010016 },
  { algorithm: "ecc-p256" },
];

describeMatrix(
  "ekcert on swtpm_setup's EK certificates",
  (ctx) => {
    for (const { algorithm, persisted } of CASES) {
      it(`${algorithm}: certificate from NV, createEk, same key, chain to the swtpm-localca root`, async () => {
        const { tss, crypto } = ctx();
        const der = await readEkCertificate(tss, algorithm);
        // node:crypto (OpenSSL) reads the same certificate and agrees with our parser.
        const theirs = new X509Certificate(Buffer.from(der));
        const ours = parseCertificate(der);
        expect(ours.issuer.text).toBe(theirs.issuer);
        expect(hex(ours.spki)).toBe(hex(new Uint8Array(theirs.publicKey.export({ type: "spki", format: "der" }))));
        // A small chunk size reads the same bytes.
        const whole = await readNvIndex(tss, ekProfile(algorithm).certIndex, { chunkSize: 100 });
        expect(hex(whole.subarray(0, der.length))).toBe(hex(der));

        const ek = await createEk(tss, { algorithm });
        try {
          expect(ek.templateSource).toBe("default");
          if (persisted !== undefined) {
            // swtpm_setup's EK and ours are one key: the template is the profile's.
            const stored = await tss.readPublic({ objectHandle: persisted });
            expect(hex(marshalPublic(stored.outPublic.publicArea))).toBe(hex(marshalPublic(ek.publicArea)));
            expect(hex(stored.name)).toBe(hex(ek.name));
          }
          expect(certificateMatchesEk(ours, ek.publicArea)).toBe(true);
          const v = await verifyEkCertificate(crypto, der, {
            ekPublic: ek.publicArea,
            roots: [ROOT],
            intermediates: [INTERMEDIATE],
          });
          expect(v.chain.map((c) => c.subject.text)).toEqual([
            ours.subject.text,
            "CN=swtpm-localca",
            "CN=swtpm-localca-rootca",
          ]);
          if (algorithm === "rsa2048") {
            const n = (ek.publicArea.unique as { rsa: Uint8Array }).rsa;
            const d = createHash("sha256")
              .update(n)
              .update(Buffer.from([1, 0, 1]))
              .digest("base64");
            expect(await intelEkCertificateUrl(crypto, ek.publicArea)).toBe(
              `https://ekop.intel.com/ekcertservice/${d.replace(/=/g, "%3D").replace(/\+/g, "-").replace(/\//g, "_")}`,
            );
          }
        } finally {
          await tss.flushContext({ flushHandle: ek.handle });
        }
      });
    }

    it("a tampered certificate, a wrong root, another EK: typed failures", async () => {
      const { tss, crypto } = ctx();
      const der = await readEkCertificate(tss, "rsa2048");
      const ours = parseCertificate(der);
      const bad = der.slice();
      const at = Buffer.from(der).indexOf(Buffer.from(ours.spki)) + 40;
      bad[at] = bad[at]! ^ 0x01;
      const opts = { roots: [ROOT], intermediates: [INTERMEDIATE] };
      // GnuTLS (swtpm_localca) writes the CN as PrintableString, OpenSSL as UTF8String: same Name, other DER.
      const [real, fake] = [parseCertificate(ROOT_DER), parseCertificate(FAKE_ROOT_DER)];
      expect(hex(real.subject.der)).not.toBe(hex(fake.subject.der));
      expect(real.subject.canonical).toBe(fake.subject.canonical);
      await expect(verifyEkCertificate(crypto, bad, opts)).rejects.toMatchObject({ code: "BAD_SIGNATURE" });
      await expect(
        verifyEkCertificate(crypto, der, { roots: [FAKE_ROOT], intermediates: [INTERMEDIATE] }),
      ).rejects.toMatchObject({
        code: "BAD_SIGNATURE",
      });
      await expect(
        verifyEkCertificate(crypto, der, { roots: [OTHER_ROOT], intermediates: [INTERMEDIATE] }),
      ).rejects.toMatchObject({
        code: "NO_ISSUER",
      });
      await expect(verifyEkCertificate(crypto, der, { roots: [ROOT] })).rejects.toMatchObject({ code: "NO_ISSUER" });
      const ecc = await readEkCertificate(tss, "ecc-p384");
      const ek = await createEk(tss, { algorithm: "ecc-p256" });
      try {
        await expect(verifyEkCertificate(crypto, ecc, { ...opts, ekPublic: ek.publicArea })).rejects.toMatchObject({
          code: "KEY_MISMATCH",
        });
      } finally {
        await tss.flushContext({ flushHandle: ek.handle });
      }
      await expect(readEkCertificate(tss, "rsa4096")).rejects.toMatchObject({
        name: "EkCertError",
        code: "NV_INDEX_ABSENT",
      });
    });

    it("EK template and nonce indexes (low range) change the EK as the profile says", async () => {
      const { tss } = ctx();
      const nonceIndex = 0x01c0000b;
      const templateIndex = 0x01c0000c;
      const plain = await createEk(tss, { algorithm: "ecc-p256" });
      await tss.flushContext({ flushHandle: plain.handle });
      const nonce = new Uint8Array([0xde, 0xad, 0xbe, 0xef]);
      await defineAndWrite(tss, TPM_RH.OWNER, nonceIndex, OWNER_ATTRIBUTES, nonce);
      try {
        const withNonce = await createEk(tss, { algorithm: "ecc-p256" });
        await tss.flushContext({ flushHandle: withNonce.handle });
        expect(withNonce.nonce).toEqual(nonce);
        expect(hex(withNonce.name)).not.toBe(hex(plain.name));
        // The same key as CreatePrimary with the nonce applied by hand.
        const direct = await tss.createPrimary({
          primaryHandle: TPM_RH.ENDORSEMENT,
          inSensitive: { sensitive: { userAuth: empty, data: empty } },
          inPublic: { publicArea: applyEkNonce(ekTemplate("ecc-p256"), nonce) as never },
          outsideInfo: empty,
          creationPCR: [],
        });
        await tss.flushContext({ flushHandle: direct.objectHandle });
        expect(hex(direct.name)).toBe(hex(withNonce.name));
        // useNvTemplate false ignores it.
        const ignored = await createEk(tss, { algorithm: "ecc-p256", useNvTemplate: false });
        await tss.flushContext({ flushHandle: ignored.handle });
        expect(hex(ignored.name)).toBe(hex(plain.name));
      } finally {
        await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: nonceIndex });
      }
      // A template index holding the H-2 template: the low-range EK becomes the H-2 EK.
      await defineAndWrite(
        tss,
        TPM_RH.OWNER,
        templateIndex,
        OWNER_ATTRIBUTES,
        marshalPublic(ekTemplate("ecc-p256-high")),
      );
      try {
        const fromNv = await createEk(tss, { algorithm: "ecc-p256" });
        await tss.flushContext({ flushHandle: fromNv.handle });
        const high = await createEk(tss, { algorithm: "ecc-p256-high" });
        await tss.flushContext({ flushHandle: high.handle });
        expect(fromNv.templateSource).toBe("nv");
        expect(hex(fromNv.name)).toBe(hex(high.name));
        expect(hex(fromNv.name)).not.toBe(hex(plain.name));
      } finally {
        await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: templateIndex });
      }
    });
  },
  { filter: { needsCrypto: true, transports: ["mssim"] }, swtpm: { stateDir } },
);
