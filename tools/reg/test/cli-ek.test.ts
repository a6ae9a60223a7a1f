// EK creation and EK certificates through the built `tss` binary, one process
// per call, against swtpm: (1) an swtpm whose EK certificates swtpm_setup
// --create-ek-cert provisioned (RSA 2048 at 01c00002, ECC P-384 at 01c00016,
// its swtpm-localca CA): createek -ce/-cp/-root/-te/-no, nvread -cert/-ocert
// (text compared with `openssl x509 -text`, the PEM with node:crypto), the EK
// nonce index honoured; (2) a fresh swtpm whose certificates createekcert
// issues with a software CA (OpenSSL-made keys, IBM's CA names, -cacert),
// under platform and endorsement passwords, low and high range, RSA and ECC:
// each certificate verifies with node:crypto against the CA, certifies the EK
// that createek -cp makes, and chains to the root for createek -root. IBM's
// createek (tss2 1.4.5) reads the same certificates and agrees.
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ekTemplate } from "@tss/ekcert";
import { marshal, TPM2B_PUBLIC, TPMT_PUBLIC, unmarshal } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, haveIbmTss, ibmOk, provisionWithSwtpmSetup, startCliEnv, tssOk } from "./support/cli-runner.js";

const IBM = haveIbmTss();

/** A self-signed CA made by OpenSSL: `<name>.key` (PEM, encrypted with `password`) and `<name>.pem`. */
function openSslCa(dir: string, name: string, key: string, subject: string, password: string): void {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", key, ...(key.startsWith("ec") ? ["-pkeyopt", "ec_paramgen_curve:P-256"] : [])]
      .concat(["-keyout", `${name}.key`, "-passout", `pass:${password}`, "-subj", subject, "-days", "30"])
      .concat(["-out", `${name}.pem`]),
    { cwd: dir, stdio: "ignore" },
  );
}

function runner(getCli: () => CliEnv) {
  const file = (name: string) => new Uint8Array(readFileSync(join(getCli().dir, name)));
  const ok = (...args: string[]) => tssOk(getCli(), ...args);
  const ibm = (utility: string, ...args: string[]) => ibmOk(getCli(), utility, ...args);
  /** The DER certificate an NV index holds (nvread -ocert's PEM, through node:crypto). */
  const nvCertificate = async (index: string) => {
    await ok("nvread", "-ha", index, "-ocert", `${index}.pem`);
    return new X509Certificate(file(`${index}.pem`));
  };
  /** The SPKI of a loaded key (readpublic -opu, through node:crypto). */
  const spkiOf = async (handle: string) => {
    await ok("readpublic", "-ho", handle, "-opu", `${handle}.pub`);
    const area = unmarshal(TPM2B_PUBLIC, file(`${handle}.pub`)).publicArea as {
      unique: { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
    };
    const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
    const jwk = area.unique.rsa
      ? { kty: "RSA", n: b64(area.unique.rsa), e: "AQAB" }
      : {
          kty: "EC",
          crv: area.unique.ecc!.x.length === 48 ? "P-384" : "P-256",
          x: b64(area.unique.ecc!.x),
          y: b64(area.unique.ecc!.y),
        };
    const { createPublicKey } = await import("node:crypto");
    return createPublicKey({ key: jwk, format: "jwk" }).export({ format: "der", type: "spki" });
  };
  return { file, ok, ibm, nvCertificate, spkiOf };
}

const handleOf = (out: string) => /Primary key Handle ([0-9a-f]{8})/.exec(out)?.[1] ?? "";

describe("EK certificates swtpm_setup provisioned", () => {
  let cli: CliEnv;
  let dir: string;
  let ca: string;
  const { file, ok, ibm, nvCertificate, spkiOf } = runner(() => cli);
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tss-cli-ek-setup-"));
    const provisioned = provisionWithSwtpmSetup(dir);
    ca = provisioned.ca;
    cli = await startCliEnv({ swtpm: { stateDir: provisioned.state } });
    writeFileSync(join(cli.dir, "roots.txt"), `${ca}/swtpm-localca-rootca-cert.pem\n${ca}/issuercert.pem\n`);
    openSslCa(cli.dir, "other", "rsa:2048", "/CN=Other Root", "x");
    writeFileSync(join(cli.dir, "other.txt"), "other.pem\n");
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("nvread -cert prints OpenSSL's text of the certificate, -ocert writes its PEM; createek -ce prints it and its key", async () => {
    for (const index of ["01c00002", "01c00016"]) {
      const text = await ok("nvread", "-ha", index, "-cert");
      expect(text).not.toContain("nvread: data");
      const x509 = await nvCertificate(index);
      const openssl = execFileSync("openssl", ["x509", "-noout", "-text"], {
        input: x509.toString(),
        encoding: "utf8",
      });
      // Everything up to the extensions, and the signature, line for line (extensions other than
      // keyUsage and basicConstraints are printed as hex where OpenSSL decodes them).
      const head = (t: string) => t.split("        X509v3 extensions:")[0];
      const tail = (t: string) => t.slice(t.lastIndexOf("    Signature Algorithm:"));
      expect(head(text)).toBe(head(openssl));
      expect(tail(text)).toBe(tail(openssl));
      expect(text).toContain("X509v3 Key Usage: critical");
      // The raw index holds the DER (and padding): the PEM is its DER.
      await ok("nvread", "-ha", index, "-of", `${index}.raw`);
      const raw = file(`${index}.raw`);
      expect(Buffer.from(raw.subarray(0, x509.raw.length)).equals(x509.raw)).toBe(true);
    }
    const ce = await ok("createek", "-rsa", "2048", "-ce");
    expect(ce).toContain("Issuer: CN = swtpm-localca");
    expect(ce).toMatch(/ Certificate public key: length 256\n/);
    const ce384 = await ok("createek", "-high", "-ecc", "nistp384", "-ce");
    expect(ce384).toMatch(/ Certificate public key: length 96\n/);
    // No low-range ECC certificate on this swtpm.
    const none = await cli.tss("createek", "-ecc", "nistp256", "-ce");
    expect(none.code).toBe(1);
    expect(none.out).toContain("No EK certificate for EK certificate index 01c0000a");
  });

  it("createek -cp: the EK is the certificate's key (RSA 2048, ECC P-384); -noflush prints the handle; -nopub skips the check", async () => {
    for (const kind of [
      ["-rsa", "2048"],
      ["-ecc", "nistp384"],
    ]) {
      const out = await ok("createek", ...kind, "-cp", "-noflush");
      expect(out).toContain("Public key from X509 certificate matches output of createprimary");
      const handle = handleOf(out);
      expect(handle).toMatch(/^80/);
      const index = kind[0] === "-rsa" ? "01c00002" : "01c00016";
      expect(
        Buffer.from(await spkiOf(handle)).equals(
          (await nvCertificate(index)).publicKey.export({ format: "der", type: "spki" }),
        ),
      ).toBe(true);
      await ok("flushcontext", "-ha", handle);
    }
    const flushed = await ok("createek", "-rsa", "2048", "-cp");
    expect(flushed).not.toContain("Primary key Handle");
    expect((await cli.tss("createek", "-ecc", "nistp256", "-cp")).code).toBe(1);
    expect(await ok("createek", "-ecc", "nistp256", "-cp", "-nopub")).toContain(
      "createprimary: ECC public key x length 32",
    );
    // Usage: nothing to do, two modes, -high after the algorithm, a bad size.
    for (const args of [
      ["-rsa", "2048"],
      ["-rsa", "2048", "-ce", "-cp"],
      ["-rsa", "2048", "-high", "-ce"],
      ["-rsa", "1024", "-ce"],
    ]) {
      expect((await cli.tss("createek", ...args)).code).toBe(1);
    }
  });

  it("createek -root: the chain to swtpm-localca's root verifies, another root does not; IBM's createek agrees", async () => {
    expect(await ok("createek", "-rsa", "2048", "-root", "roots.txt")).toContain(
      "EK certificate verified against the root",
    );
    expect(await ok("createek", "-high", "-ecc", "nistp384", "-root", "roots.txt")).toContain(
      "verified against the root",
    );
    const bad = await cli.tss("createek", "-rsa", "2048", "-root", "other.txt");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("processRoot: EK certificate did not verify");
    if (IBM) {
      expect(await ibm("createek", "-alg", "rsa", "-root", "roots.txt")).toContain(
        "EK certificate verified against the root",
      );
      expect((await cli.ibm("createek", "-alg", "rsa", "-root", "other.txt")).code).not.toBe(0);
      expect(await ibm("createek", "-alg", "rsa", "-cp")).toContain("matches output of createprimary");
    }
  });

  it("createek -te / -no: absent indexes fail; a provisioned EK nonce is printed and changes the EK (the certificate no longer matches)", async () => {
    expect((await cli.tss("createek", "-rsa", "2048", "-te")).out).toContain(
      "No EK template for EK certifcate index 01c00002",
    );
    expect((await cli.tss("createek", "-rsa", "2048", "-no")).code).toBe(1);
    expect((await cli.tss("createek", "-high", "-rsa", "2048", "-no")).code).toBe(1);
    await ok("nvdefinespace", "-ha", "01c00003", "-hi", "p", "-sz", "8");
    await ok("nvwrite", "-ha", "01c00003", "-ic", "ek-nonce");
    try {
      expect(await ok("createek", "-rsa", "2048", "-no")).toContain(
        " EK Nonce:  length 8\n 65 6b 2d 6e 6f 6e 63 65 \n",
      );
      const cp = await cli.tss("createek", "-rsa", "2048", "-cp");
      expect(cp.code).toBe(1);
      expect(cp.out).toContain("EK Nonce:");
      expect(cp.out).toContain("does not match output of createprimary");
      expect(await ok("createek", "-rsa", "2048", "-cp", "-nopub")).toContain("EK Nonce:");
    } finally {
      await ok("nvundefinespace", "-ha", "01c00003", "-hi", "p");
    }
    expect(await ok("createek", "-rsa", "2048", "-cp")).toContain(
      "processPrimaryEN: EK nonce not found, use default template",
    );
    // A template index holding the profile's own template: -te prints it, -cp uses it (same EK, the certificate matches).
    writeFileSync(join(cli.dir, "template.bin"), marshal(TPMT_PUBLIC, ekTemplate("rsa2048") as never));
    await ok("nvdefinespace", "-ha", "01c00004", "-hi", "p", "-sz", String(file("template.bin").length));
    await ok("nvwrite", "-ha", "01c00004", "-if", "template.bin");
    try {
      const te = await ok("createek", "-rsa", "2048", "-te");
      expect(te).toContain("type TPM_ALG_RSA");
      expect(te).toContain("objectAttributes");
      expect(te).toContain("authPolicy length 32");
      const cp = await ok("createek", "-rsa", "2048", "-cp");
      expect(cp).toContain("type TPM_ALG_RSA");
      expect(cp).toContain("Public key from X509 certificate matches output of createprimary");
    } finally {
      await ok("nvundefinespace", "-ha", "01c00004", "-hi", "p");
    }
  });
});

describe("createekcert: EK certificates from a software CA", () => {
  let cli: CliEnv;
  const { file, ok, ibm, nvCertificate, spkiOf } = runner(() => cli);
  beforeAll(async () => {
    cli = await startCliEnv();
    // IBM's CA names: "EK CA" (RSA) and "EK EC CA" (ECC); and a CA with another name for -cacert.
    openSslCa(cli.dir, "cakey", "rsa:2048", "/C=US/ST=NY/L=Yorktown/O=IBM/CN=EK CA", "rrrr");
    openSslCa(cli.dir, "cakeyecc", "ec", "/C=US/ST=NY/L=Yorktown/O=IBM/CN=EK EC CA", "rrrr");
    openSslCa(cli.dir, "another", "rsa:2048", "/O=Example/CN=Another EK CA", "aaaa");
    writeFileSync(join(cli.dir, "roots.txt"), "cakey.pem\ncakeyecc.pem\nanother.pem\n");
  }, 180_000);
  afterAll(async () => {
    await cli?.stop();
  });

  it("low range RSA and ECC before the hierarchies get passwords: IBM's createek validates what createekcert wrote", async () => {
    await ok("createekcert", "-rsa", "2048", "-cakey", "cakey.key", "-capwd", "rrrr", "-of", "rsa.der");
    await ok(
      "createekcert",
      "-ecc",
      "nistp256",
      "-cakey",
      "cakeyecc.key",
      "-capwd",
      "rrrr",
      "-caalg",
      "ec",
      "-of",
      "ecc.der",
    );
    for (const [der, index, caPem] of [
      ["rsa.der", "01c00002", "cakey.pem"],
      ["ecc.der", "01c0000a", "cakeyecc.pem"],
    ] as const) {
      const cert = new X509Certificate(file(der));
      const caCert = new X509Certificate(file(caPem));
      expect(cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.checkIssued(caCert)).toBe(true);
      expect(cert.subject).toBe("C=US\nST=NY\nL=Yorktown\nO=IBM\nCN=IBM's SW TPM");
      expect((await nvCertificate(index)).raw.equals(cert.raw)).toBe(true);
    }
    expect(await ok("createek", "-rsa", "2048", "-cp", "-root", "roots.txt")).toContain(
      "EK certificate verified against the root",
    );
    expect(await ok("createek", "-ecc", "nistp256", "-cp", "-root", "roots.txt")).toContain(
      "EK certificate verified against the root",
    );
    if (IBM) {
      for (const alg of ["rsa", "ec"]) {
        expect(await ibm("createek", "-alg", alg, "-cp")).toContain("matches output of createprimary");
        expect(await ibm("createek", "-alg", alg, "-root", "roots.txt")).toContain(
          "EK certificate verified against the root",
        );
      }
    }
    // The index exists now: a second run writes into it (no second definition).
    await ok("createekcert", "-rsa", "2048", "-cakey", "cakey.key", "-capwd", "rrrr");
    // A wrong CA password or a missing -cakey fails before anything is written.
    expect((await cli.tss("createekcert", "-rsa", "2048", "-cakey", "cakey.key", "-capwd", "wrong")).code).toBe(1);
    expect((await cli.tss("createekcert", "-rsa", "2048")).code).toBe(1);
  });

  it("high range under platform and endorsement passwords, an EK password, -cacert; the EK is a usable parent", async () => {
    await ok("hierarchychangeauth", "-hi", "p", "-pwdn", "ppp");
    await ok("hierarchychangeauth", "-hi", "e", "-pwdn", "eee");
    try {
      // Without the endorsement password (CreatePrimary) or the platform password (NV_DefineSpace): failures.
      expect(
        (await cli.tss("createekcert", "-high", "-rsa", "2048", "-cakey", "cakey.key", "-capwd", "rrrr")).code,
      ).toBe(1);
      expect(
        (await cli.tss("createekcert", "-rsa", "2048", "-pwdp", "ppp", "-cakey", "cakey.key", "-capwd", "rrrr")).code,
      ).toBe(1);
      // -cacert: the issuer is that certificate's subject.
      await ok(
        "createekcert",
        "-high",
        "-rsa",
        "2048",
        "-cakey",
        "another.key",
        "-capwd",
        "aaaa",
        "-cacert",
        "another.pem",
        "-pwdp",
        "ppp",
        "-pwde",
        "eee",
        "-pwdk",
        "kkk",
      );
      await ok(
        "createekcert",
        "-high",
        "-ecc",
        "nistp256",
        "-cakey",
        "cakeyecc.key",
        "-capwd",
        "rrrr",
        "-caalg",
        "ec",
        "-pwdp",
        "ppp",
        "-pwde",
        "eee",
      );
      const rsa = await nvCertificate("01c00012");
      expect(rsa.issuer).toBe("O=Example\nCN=Another EK CA");
      expect(rsa.verify(new X509Certificate(file("another.pem")).publicKey)).toBe(true);
      expect((await nvCertificate("01c00014")).verify(new X509Certificate(file("cakeyecc.pem")).publicKey)).toBe(true);
      const out = await ok(
        "createek",
        "-high",
        "-rsa",
        "2048",
        "-pwde",
        "eee",
        "-pwdk",
        "kkk",
        "-cp",
        "-noflush",
        "-root",
        "roots.txt",
      );
      expect(out).toContain("matches output of createprimary");
      expect(out).toContain("EK certificate verified against the root");
      const ek = handleOf(out);
      expect(Buffer.from(await spkiOf(ek)).equals(rsa.publicKey.export({ format: "der", type: "spki" }))).toBe(true);
      // The high-range EK has userWithAuth: its password authorizes a child's creation.
      await ok("create", "-hp", ek, "-si", "-pwdp", "kkk", "-opu", "child.pub", "-opr", "child.priv");
      await ok("flushcontext", "-ha", ek);
      expect(await ok("createek", "-high", "-ecc", "nistp256", "-pwde", "eee", "-cp")).toContain(
        "matches output of createprimary",
      );
    } finally {
      await ok("hierarchychangeauth", "-hi", "p", "-pwda", "ppp");
      await ok("hierarchychangeauth", "-hi", "e", "-pwda", "eee");
    }
  });
});
