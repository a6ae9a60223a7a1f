// Test certificates made by OpenSSL (the CLI) in a temporary folder: an
// independent X.509 producer for our DER parser and chain verification.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A folder of OpenSSL-made keys and certificates. */
export class OpensslCa {
  readonly dir = mkdtempSync(join(tmpdir(), "tss-ekcert-"));

  private run(args: string[]): void {
    execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "ignore", "pipe"] });
  }

  /** A private key: "ec:P-256", "ec:P-384", "rsa:2048". */
  key(name: string, kind: string): void {
    const [type, param] = kind.split(":");
    if (type === "ec")
      this.run(["genpkey", "-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${param}`, "-out", `${name}.key`]);
    else this.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${param}`, "-out", `${name}.key`]);
  }

  /** A self-signed CA certificate. */
  root(name: string, cn: string, digest = "sha256"): void {
    this.run([
      "req",
      "-x509",
      "-new",
      "-key",
      `${name}.key`,
      "-subj",
      `/CN=${cn}`,
      "-days",
      "3650",
      `-${digest}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
      "-out",
      `${name}.pem`,
    ]);
  }

  /** A certificate for `name`'s key issued by `issuer`; `ca` makes it a CA; extra args (e.g. -sigopt) go to `openssl x509`. */
  issue(
    name: string,
    cn: string,
    issuer: string,
    opts: { ca?: boolean; digest?: string; days?: number; extra?: string[] } = {},
  ): void {
    this.run(["req", "-new", "-key", `${name}.key`, "-subj", `/CN=${cn}`, "-out", `${name}.csr`]);
    writeFileSync(
      join(this.dir, `${name}.ext`),
      opts.ca
        ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n"
        : "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n",
    );
    this.run([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${issuer}.pem`,
      "-CAkey",
      `${issuer}.key`,
      "-CAcreateserial",
      "-days",
      String(opts.days ?? 3650),
      `-${opts.digest ?? "sha256"}`,
      "-extfile",
      `${name}.ext`,
      ...(opts.extra ?? []),
      "-out",
      `${name}.pem`,
    ]);
  }

  pem(name: string): string {
    return readFileSync(join(this.dir, `${name}.pem`), "utf8");
  }

  der(name: string): Uint8Array {
    const pem = this.pem(name);
    return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
