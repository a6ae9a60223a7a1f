// fetchIntermediates against a local HTTP server: intermediates served as DER,
// PEM and PKCS #7 (openssl crl2pkcs7), an oversized reply, slow replies (time-out),
// an AIA loop, the count limit, a refused ldap: URL, an injected fetch, and the
// chain verified with what was fetched.
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createForgeCrypto } from "@tss/crypto-forge";
import { nodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import {
  type Certificate,
  certificatesInReply,
  type FetchFunction,
  fetchIntermediates,
  parseCertificate,
  pkcs7Certificates,
  verifyCertificateChain,
} from "@tss/ekcert";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpensslCa } from "../../../packages/ekcert/test/support.js";

const here = join(import.meta.dirname, "..", "..", "..");
const STM = join(here, "packages", "ekcert-roots", "certs", "STM");
const EK_CERTS = join(here, "tools", "reg", "test", "fixtures", "ek-certs");

const ca = new OpensslCa();
const dir = ca.dir;
const openssl = (...args: string[]) => ca.openssl(...args);
const der = (name: string) => ca.der(name);
const cert = (name: string): Certificate => parseCertificate(der(name));

/** Hits per path, and the replies by path. */
const hits = new Map<string, number>();
const replies = new Map<string, { body: Uint8Array | string; type?: string; delayMs?: number; stallBody?: boolean }>();
let server: Server;
let base = "";

/** A CA or leaf certificate for `name`'s key from `issuer`, with caIssuers URLs (paths on the local server or full URLs). */
function issue(name: string, cn: string, issuer: string, aia: string[], isCa = true): void {
  const urls = aia.map((u) => `caIssuers;URI:${u.startsWith("/") ? base + u : u}`).join(",");
  ca.issue(name, cn, issuer, {
    days: 30,
    ext: `${isCa ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n" : "basicConstraints=critical,CA:FALSE\n"}${urls ? `authorityInfoAccess=${urls}\n` : ""}`,
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? "";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const r = replies.get(path);
    if (!r) {
      res.writeHead(404).end("not found");
      return;
    }
    const send = () => {
      if (r.stallBody) {
        res.writeHead(200, { "content-type": r.type ?? "application/octet-stream" });
        res.write(typeof r.body === "string" ? r.body.slice(0, 10) : r.body.subarray(0, 10));
        return; // the rest never comes
      }
      res.writeHead(200, { "content-type": r.type ?? "application/octet-stream" }).end(r.body);
    };
    if (r.delayMs) setTimeout(send, r.delayMs);
    else send();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  ca.key("root", "ec:P-384");
  ca.root("root", "Fetch Root", "sha384", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"]);
  ca.key("int1", "ec:P-256");
  issue("int1", "Fetch Intermediate 1", "root", ["/root.p7c"]);
  ca.key("int2", "ec:P-256");
  issue("int2", "Fetch Intermediate 2", "int1", ["/int1.pem"]);
  ca.key("leaf", "ec:P-256");
  issue("leaf", "Fetch EK", "int2", ["/int2.der", "ldap://ldap.example.test/cn=int2", "/missing.crt"], false);
  ca.key("big", "ec:P-256");
  issue("big", "Oversized", "root", ["/big.crt"], false);
  ca.key("slow", "ec:P-256");
  issue("slow", "Slow", "root", ["/slow.crt"], false);
  ca.key("stall", "ec:P-256");
  issue("stall", "Stalled", "root", ["/stall.crt"], false);
  ca.key("loopA", "ec:P-256");
  issue("loopA", "Loop A", "root", ["/loopB.der"]);
  ca.key("loopB", "ec:P-256");
  issue("loopB", "Loop B", "root", ["/loopA.der"]);
  ca.key("loopLeaf", "ec:P-256");
  issue("loopLeaf", "Loop leaf", "loopA", ["/loopA.der"], false);

  openssl("crl2pkcs7", "-nocrl", "-certfile", "root.pem", "-outform", "DER", "-out", "root.p7c");
  replies.set("/root.p7c", {
    body: new Uint8Array(readFileSync(join(dir, "root.p7c"))),
    type: "application/pkcs7-mime",
  });
  replies.set("/int1.pem", { body: ca.pem("int1"), type: "application/x-pem-file" });
  replies.set("/int2.der", { body: der("int2"), type: "application/pkix-cert" });
  replies.set("/big.crt", { body: new Uint8Array(200_000).fill(0x30) });
  replies.set("/slow.crt", { body: der("int1"), delayMs: 3000 });
  replies.set("/stall.crt", { body: der("int1"), stallBody: true });
  replies.set("/loopA.der", { body: der("loopA") });
  replies.set("/loopB.der", { body: der("loopB") });
  // STMicro's intermediates, published at secure.globalsign.com, served here.
  replies.set("/globalsign/stmtpmekint05.crt", {
    body: new Uint8Array(readFileSync(join(STM, "STM-TPM-EK-Intermediate-CA-05_2.crt"))),
  });
  replies.set("/globalsign/stmtpmeccint01.crt", {
    body: new Uint8Array(readFileSync(join(STM, "STM-TPM-ECC-Intermediate-CA-01_2.crt"))),
  });
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
  ca.dispose();
});

const subjects = (cs: readonly Certificate[]) => cs.map((c) => c.subject.text);
const failureCodes = (fs: readonly { url: string; error: { code: string } }[]) =>
  fs.map((f) => [f.url.replace(base, ""), f.error.code]);

describe("fetchIntermediates over HTTP", () => {
  it("DER, PEM and PKCS #7 replies, recursively; ldap: refused, 404 reported; the chain then verifies", async () => {
    expect(pkcs7Certificates(new Uint8Array(readFileSync(join(dir, "root.p7c"))))).toEqual([der("root")]);
    const leaf = cert("leaf");
    const { certificates, failures } = await fetchIntermediates(leaf);
    expect(subjects(certificates)).toEqual(["CN=Fetch Intermediate 2", "CN=Fetch Intermediate 1", "CN=Fetch Root"]);
    expect(failureCodes(failures)).toEqual([
      ["ldap://ldap.example.test/cn=int2", "BAD_URL"],
      ["/missing.crt", "FETCH_FAILED"],
    ]);
    const v = await verifyCertificateChain(nodeCrypto, leaf, { roots: [der("root")], intermediates: certificates });
    expect(subjects(v.chain)).toEqual([
      "CN=Fetch EK",
      "CN=Fetch Intermediate 2",
      "CN=Fetch Intermediate 1",
      "CN=Fetch Root",
    ]);
  });

  it("reply formats: PKCS #7 with several certificates (DER and PEM), PEM bundles; garbage refused", () => {
    openssl(
      "crl2pkcs7",
      "-nocrl",
      "-certfile",
      "int2.pem",
      "-certfile",
      "int1.pem",
      "-outform",
      "DER",
      "-out",
      "two.p7c",
    );
    openssl("crl2pkcs7", "-nocrl", "-certfile", "int2.pem", "-certfile", "int1.pem", "-out", "two.p7b");
    const two = [der("int2"), der("int1")];
    expect(certificatesInReply(new Uint8Array(readFileSync(join(dir, "two.p7c"))))).toEqual(two);
    expect(certificatesInReply(new Uint8Array(readFileSync(join(dir, "two.p7b"))))).toEqual(two);
    const bundle = readFileSync(join(dir, "int2.pem"), "utf8") + ca.pem("int1");
    expect(certificatesInReply(new TextEncoder().encode(bundle))).toEqual(two);
    expect(() => certificatesInReply(new TextEncoder().encode("<html>not found</html>"))).toThrow(
      expect.objectContaining({ code: "BAD_CERTIFICATE" }),
    );
    expect(() => pkcs7Certificates(der("int1"))).toThrow(expect.objectContaining({ code: "BAD_CERTIFICATE" }));
  });

  it("the count limit: the rest is LIMIT_REACHED", async () => {
    const { certificates, failures } = await fetchIntermediates(cert("leaf"), { maxCertificates: 1 });
    expect(subjects(certificates)).toEqual(["CN=Fetch Intermediate 2"]);
    expect(failureCodes(failures)).toContainEqual(["/int1.pem", "LIMIT_REACHED"]);
  });

  it("an oversized reply is TOO_LARGE", async () => {
    const { certificates, failures } = await fetchIntermediates(cert("big"), { maxBytes: 65536 });
    expect(certificates).toEqual([]);
    expect(failureCodes(failures)).toEqual([["/big.crt", "TOO_LARGE"]]);
  });

  it("a slow reply and a stalled body time out (FETCH_FAILED) without waiting for them", async () => {
    const started = Date.now();
    const slow = await fetchIntermediates(cert("slow"), { timeoutMs: 300 });
    const stall = await fetchIntermediates(cert("stall"), { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(failureCodes(slow.failures)).toEqual([["/slow.crt", "FETCH_FAILED"]]);
    expect(slow.failures[0]!.error.message).toMatch(/300 ms/);
    expect(failureCodes(stall.failures)).toEqual([["/stall.crt", "FETCH_FAILED"]]);
  });

  it("an AIA loop (A points to B, B to A) fetches each URL once and ends", async () => {
    hits.clear();
    const { certificates, failures } = await fetchIntermediates(cert("loopLeaf"));
    expect(subjects(certificates)).toEqual(["CN=Loop A", "CN=Loop B"]);
    expect(failures).toEqual([]);
    expect(Object.fromEntries(hits)).toEqual({ "/loopA.der": 1, "/loopB.der": 1 });
  });

  it("the caller's signal aborts the walk", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(
      fetchIntermediates(cert("slow"), { timeoutMs: 5000, signal: controller.signal }),
    ).rejects.toMatchObject({ code: "FETCH_FAILED" });
  });
});

describe("fetchIntermediates with an injected fetch", () => {
  it("asks the given function only, with the URL as written", async () => {
    const asked: string[] = [];
    const fetch: FetchFunction = async (url) => {
      asked.push(url.replace(base, ""));
      const r = replies.get(url.replace(base, ""));
      const body = r ? (typeof r.body === "string" ? new TextEncoder().encode(r.body) : r.body) : undefined;
      return {
        ok: body !== undefined,
        status: body ? 200 : 404,
        arrayBuffer: async () => (body ? body.slice().buffer : new ArrayBuffer(0)),
      };
    };
    const { certificates, failures } = await fetchIntermediates(cert("leaf"), { fetch });
    expect(asked).toEqual(["/int2.der", "/missing.crt", "/int1.pem", "/root.p7c"]);
    expect(certificates.length).toBe(3);
    expect(failureCodes(failures)).toEqual([
      ["ldap://ldap.example.test/cn=int2", "BAD_URL"],
      ["/missing.crt", "FETCH_FAILED"],
    ]);
  });

  it("bad options and garbage replies", async () => {
    await expect(fetchIntermediates(cert("leaf"), { maxBytes: 0 })).rejects.toMatchObject({ code: "BAD_PARAMETER" });
    await expect(fetchIntermediates(cert("leaf"), { timeoutMs: -1 })).rejects.toMatchObject({ code: "BAD_PARAMETER" });
    await expect(fetchIntermediates({} as Certificate)).rejects.toMatchObject({ code: "BAD_PARAMETER" });
    const garbage: FetchFunction = async () => ({
      ok: true,
      status: 200,
      arrayBuffer: async () => new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]).buffer,
    });
    const { certificates, failures } = await fetchIntermediates(cert("leaf"), { fetch: garbage });
    expect(certificates).toEqual([]);
    expect(failures.map((f) => f.error.code)).toEqual(["BAD_CERTIFICATE", "BAD_URL", "BAD_CERTIFICATE"]);
  });
});

describe("real STMicro EK certificates: the intermediate from the AIA URL (served locally), then the chain", () => {
  /** A fetch that sends secure.globalsign.com's URLs to the local server. */
  const rewrite: FetchFunction = (url, init) =>
    fetch(url.replace("http://secure.globalsign.com/", `${base}/globalsign/`), init);
  const PLUGINS = [
    ["node", nodeCrypto],
    ["forge", createForgeCrypto()],
    ["webcrypto", createWebCrypto()],
  ] as const;
  for (const [file, url, root] of [
    ["stm-rsa-ek-keylime.der", "http://secure.globalsign.com/stmtpmekint05.crt", "ST-TPM-Root-Certificate.crt"],
    ["stm-ecc-ek-keylime.der", "http://secure.globalsign.com/stmtpmeccint01.crt", "STM-TPM-ECC-Root-CA-01.crt"],
  ] as const) {
    it(`${file}: ${url}, then verified under node, forge and WebCrypto as openssl verify does`, async () => {
      const ek = parseCertificate(new Uint8Array(readFileSync(join(EK_CERTS, file))));
      const { certificates, failures } = await fetchIntermediates(ek, { fetch: rewrite });
      expect(failures).toEqual([]);
      expect(certificates.map((c) => c.subject.text)).toEqual([ek.issuer.text]);
      const rootDer = new Uint8Array(readFileSync(join(STM, root)));
      const at = new Date(ek.notBefore.getTime() + 86400_000);
      for (const [name, crypto] of PLUGINS) {
        const v = await verifyCertificateChain(crypto, ek, { roots: [rootDer], intermediates: certificates, at });
        expect(v.chain.length, name).toBe(3);
      }
      // openssl verify on the same files at the same time; -partial_chain because STMicro's roots are
      // themselves issued by GlobalSign's, and our `roots` are trust anchors whether self-signed or not.
      writeFileSync(join(dir, "real-ek.der"), ek.der);
      openssl("x509", "-inform", "DER", "-in", "real-ek.der", "-out", "real-ek.pem");
      writeFileSync(join(dir, "real-int.der"), certificates[0]!.der);
      openssl("x509", "-inform", "DER", "-in", "real-int.der", "-out", "real-int.pem");
      writeFileSync(join(dir, "real-root.der"), rootDer);
      openssl("x509", "-inform", "DER", "-in", "real-root.der", "-out", "real-root.pem");
      const out = openssl(
        "verify",
        "-partial_chain",
        "-attime",
        String(Math.floor(at.getTime() / 1000)),
        "-CAfile",
        "real-root.pem",
        "-untrusted",
        "real-int.pem",
        "real-ek.pem",
      );
      expect(out).toMatch(/real-ek.pem: OK/);
    });
  }
});
