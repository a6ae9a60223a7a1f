// fetchIntelEkCertificate against a local node:http server that answers as Intel's
// EK certificate service does (as tpm2-tools' tpm2_getekcertificate and tpm2-tss's
// FAPI read it): GET <service>/<URL-safe base64 of the key's SHA-256> gives a JSON
// object {"pubhash": ..., "certificate": <URL-safe base64 DER, "=" written %3D>}.
// No real Intel PTT EK certificate is public, so the server serves a chain made here
// with OpenSSL (an ECC P-384 root, a P-256 intermediate served at the EK
// certificate's caIssuers URL, EK certificates for an RSA 2048 and an ECC P-256 EK);
// the function takes the roots. Under forge, webcrypto and node: the URL equals the
// one node:crypto computes, the certificate decodes (and equals the tpm2-tools shell
// recipe's decoding: sed 's/%3D/=/g' | tr '_-' '/+' | openssl base64 -d), the chain
// verifies (with the intermediate given, or fetched from caIssuers); and each failure
// has its code: HTTP 404, not JSON, no "certificate", bad base64, another key's
// certificate, a time-out, an abort, a reply too large, Intel's real roots.
import { execFileSync } from "node:child_process";
import { createHash, createPublicKey } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { decodeIntelEkCertificateReply, EkCertError, ekTemplate, fetchIntelEkCertificate } from "@tss/ekcert";
import { byVendor } from "@tss/ekcert-roots";
import type { Crypto } from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "tss-ekcert-intel-"));
const ossl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
const PLUGINS: Record<string, () => Crypto> = {
  forge: createForgeCrypto,
  webcrypto: createWebCrypto,
  node: createNodeCrypto,
};

let server: Server;
let base = "";
const routes = new Map<string, { status?: number; body: string | Uint8Array; slow?: boolean }>();

function b64url(der: Uint8Array): string {
  return Buffer.from(der).toString("base64").replaceAll("=", "%3D").replaceAll("+", "-").replaceAll("/", "_");
}

/** The service path of a key: as tpm2_getekcertificate computes it, with node:crypto. */
function servicePath(data: Buffer): string {
  return b64url(createHash("sha256").update(data).digest());
}

const eks: Record<string, { publicArea: never; der: Uint8Array; hashInput: Buffer }> = {};
let rootDer: Uint8Array;
let intermediateDer: Uint8Array;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? "");
    if (!route) {
      res.writeHead(404).end("not found");
      return;
    }
    if (route.slow) return; // never answers
    res.writeHead(route.status ?? 200, { "content-type": "application/json" }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  ossl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "root.key");
  writeFileSync(
    join(dir, "ca.ext"),
    "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
  );
  ossl(
    "req",
    "-x509",
    "-key",
    "root.key",
    "-subj",
    "/O=Intel Corporation/OU=test/CN=Test EK Root",
    "-days",
    "3650",
    "-sha384",
    "-out",
    "root.pem",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  ossl(
    "req",
    "-new",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    "int.key",
    "-subj",
    "/O=Intel Corporation/OU=test/CN=Test EK Intermediate",
    "-out",
    "int.csr",
  );
  ossl(
    "x509",
    "-req",
    "-in",
    "int.csr",
    "-CA",
    "root.pem",
    "-CAkey",
    "root.key",
    "-CAcreateserial",
    "-days",
    "3000",
    "-sha384",
    "-extfile",
    "ca.ext",
    "-out",
    "int.pem",
  );
  writeFileSync(
    join(dir, "ek.ext"),
    `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\nextendedKeyUsage=2.23.133.8.1\nauthorityKeyIdentifier=keyid\nauthorityInfoAccess=caIssuers;URI:${base}/ca/intermediate.crt\n`,
  );
  for (const [name, keyArgs, template] of [
    ["rsa", ["rsa", "-pkeyopt", "rsa_keygen_bits:2048"], "rsa2048"],
    ["ecc", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"], "ecc-p256"],
    ["other", ["rsa", "-pkeyopt", "rsa_keygen_bits:2048"], "rsa2048"],
  ] as const) {
    ossl(
      "req",
      "-new",
      "-newkey",
      ...keyArgs,
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-subj",
      "/CN=ek",
      "-out",
      `${name}.csr`,
    );
    ossl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "int.pem",
      "-CAkey",
      "int.key",
      "-CAcreateserial",
      "-days",
      "2000",
      "-sha256",
      "-extfile",
      "ek.ext",
      "-outform",
      "DER",
      "-out",
      `${name}.der`,
    );
    const jwk = createPublicKey(readFileSync(join(dir, `${name}.key`))).export({ format: "jwk" });
    const der = new Uint8Array(readFileSync(join(dir, `${name}.der`)));
    if (template === "rsa2048") {
      const n = Buffer.from(jwk.n!, "base64url");
      eks[name] = {
        publicArea: { ...ekTemplate(template), unique: { rsa: new Uint8Array(n) } } as never,
        der,
        hashInput: Buffer.concat([n, Buffer.from([1, 0, 1])]),
      };
    } else {
      const x = Buffer.from(jwk.x!, "base64url");
      const y = Buffer.from(jwk.y!, "base64url");
      eks[name] = {
        publicArea: {
          ...ekTemplate(template),
          unique: { ecc: { x: new Uint8Array(x), y: new Uint8Array(y) } },
        } as never,
        der,
        hashInput: Buffer.concat([x, y]),
      };
    }
  }
  rootDer = new Uint8Array(ossl("x509", "-in", "root.pem", "-outform", "DER"));
  intermediateDer = new Uint8Array(ossl("x509", "-in", "int.pem", "-outform", "DER"));
  routes.set("/ca/intermediate.crt", { body: intermediateDer });

  const reply = (der: Uint8Array, hash: string) => JSON.stringify({ pubhash: hash, certificate: b64url(der) });
  for (const name of ["rsa", "ecc"]) {
    const path = servicePath(eks[name]!.hashInput);
    routes.set(`/ekcertservice/${path}`, { body: reply(eks[name]!.der, path) });
    routes.set(`/not-json/${path}`, { body: "<html>maintenance</html>" });
    routes.set(`/no-certificate/${path}`, { body: JSON.stringify({ pubhash: path }) });
    routes.set(`/bad-base64/${path}`, { body: JSON.stringify({ certificate: "MII*not base64*" }) });
    routes.set(`/not-a-certificate/${path}`, { body: JSON.stringify({ certificate: "AAECAwQ" }) });
    routes.set(`/other-key/${path}`, { body: reply(eks.other!.der, path) });
    routes.set(`/slow/${path}`, { body: "", slow: true });
    routes.set(`/big/${path}`, { body: JSON.stringify({ certificate: "A".repeat(100_000) }) });
    routes.set(`/unavailable/${path}`, { status: 503, body: "busy" });
  }
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return e instanceof EkCertError ? `${e.code}: ${e.message}` : `not an EkCertError: ${e}`;
  }
}

describe("fetchIntelEkCertificate", () => {
  for (const [name, make] of Object.entries(PLUGINS)) {
    it(`${name}: RSA and ECC EKs, the certificate decoded, the key checked, the chain verified`, async () => {
      const crypto = make();
      const rsa = await fetchIntelEkCertificate(eks.rsa!.publicArea, {
        crypto,
        fetch,
        baseUrl: `${base}/ekcertservice/`,
        roots: [rootDer],
        intermediates: [intermediateDer],
      });
      expect(rsa.url).toBe(`${base}/ekcertservice/${servicePath(eks.rsa!.hashInput)}`);
      expect(rsa.pubhash).toBe(servicePath(eks.rsa!.hashInput));
      expect(rsa.certificate.der).toEqual(eks.rsa!.der);
      expect(rsa.chain.map((c) => c.der)).toEqual([eks.rsa!.der, intermediateDer, rootDer]);
      expect(rsa.fetchedIntermediates).toEqual([]);

      // ECC, no intermediate given: fetched from the certificate's caIssuers URL.
      const ecc = await fetchIntelEkCertificate(eks.ecc!.publicArea, {
        crypto,
        fetch,
        baseUrl: `${base}/ekcertservice`,
        roots: [rootDer],
      });
      expect(ecc.url).toBe(`${base}/ekcertservice/${servicePath(eks.ecc!.hashInput)}`);
      expect(ecc.fetchedIntermediates.map((c) => c.der)).toEqual([intermediateDer]);
      expect(ecc.root.der).toEqual(rootDer);
      expect(
        await code(
          fetchIntelEkCertificate(eks.ecc!.publicArea, {
            crypto,
            fetch,
            baseUrl: `${base}/ekcertservice`,
            roots: [rootDer],
            followAuthorityInfo: false,
          }),
        ),
      ).toMatch(/^NO_ISSUER/);
    });
  }

  it("decodes as the tpm2-tools recipe does (sed 's/%3D/=/g' | tr '_-' '/+' | openssl base64 -d)", async () => {
    for (const name of ["rsa", "ecc", "other"]) {
      const field = b64url(eks[name]!.der);
      const shell = execFileSync(
        "bash",
        ["-c", `printf %s "$1" | sed -e 's/%3D/=/g' | tr '_-' '/+' | fold -w 64 | openssl base64 -d`, "-", field],
        { encoding: "buffer" },
      );
      expect(decodeIntelEkCertificateReply(JSON.stringify({ certificate: field })).der).toEqual(new Uint8Array(shell));
    }
    // Padding written "=", "%3D" or left out; white space in the value is ignored.
    const der = eks.rsa!.der.subarray(0, 200);
    const plain = Buffer.from(der).toString("base64url");
    for (const v of [plain, `${plain}==`, `${plain}%3D%3D`, `${plain.slice(0, 20)}\n${plain.slice(20)}`])
      expect(decodeIntelEkCertificateReply(JSON.stringify({ certificate: v })).der).toEqual(der);
  });

  it("fails with a code for each bad reply and bad request", async () => {
    const crypto = createNodeCrypto();
    const at = (service: string, extra: object = {}) =>
      code(
        fetchIntelEkCertificate(eks.rsa!.publicArea, {
          crypto,
          fetch,
          baseUrl: `${base}/${service}/`,
          roots: [rootDer],
          intermediates: [intermediateDer],
          ...extra,
        }),
      );
    expect(await at("missing")).toMatch(/^FETCH_FAILED: .*HTTP status 404/);
    expect(await at("unavailable")).toMatch(/^FETCH_FAILED: .*HTTP status 503/);
    expect(await at("not-json")).toMatch(/^BAD_CERTIFICATE: .*not JSON/);
    expect(await at("no-certificate")).toMatch(/^BAD_CERTIFICATE: .*no "certificate"/);
    expect(await at("bad-base64")).toMatch(/^BAD_CERTIFICATE: .*base64/);
    expect(await at("not-a-certificate")).toMatch(/^BAD_CERTIFICATE/);
    expect(await at("other-key")).toMatch(/^KEY_MISMATCH/);
    expect(await at("big")).toMatch(/^TOO_LARGE/);
    expect(await at("big", { maxBytes: 200_000 })).toMatch(/^BAD_CERTIFICATE/);
    expect(await at("slow", { timeoutMs: 300 })).toMatch(/^FETCH_FAILED: .*no reply within 300 ms/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await at("slow", { signal: controller.signal })).toMatch(/^FETCH_FAILED: .*aborted/);
    const aborted = new AbortController();
    aborted.abort();
    expect(await at("ekcertservice", { signal: aborted.signal })).toMatch(/^FETCH_FAILED: .*aborted/);
    expect(await at("ekcertservice", { at: new Date("2000-01-01") })).toMatch(/^NOT_YET_VALID/);
    // Intel's real EK roots (from @tss/ekcert-roots) do not accept the test chain.
    const intelRoots = byVendor("INTC").filter((c) => c.kind === "root");
    expect(intelRoots.length).toBeGreaterThan(0);
    expect(await at("ekcertservice", { roots: intelRoots.map((c) => c.der) })).toMatch(/^(NO_ISSUER|UNTRUSTED_ROOT)/);
    // Bad options.
    expect(await at("ekcertservice", { roots: [] })).toMatch(/^BAD_PARAMETER/);
    expect(await at("ekcertservice", { crypto: undefined })).toMatch(/^NO_CRYPTO/);
    expect(await at("ekcertservice", { timeoutMs: 0 })).toMatch(/^BAD_PARAMETER/);
    expect(await code(fetchIntelEkCertificate({} as never, { crypto, roots: [rootDer], fetch }))).toMatch(
      /^UNSUPPORTED/,
    );
  });
});
