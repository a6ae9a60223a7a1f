// Test certificates made by OpenSSL (the CLI) in a temporary folder: an
// independent X.509 producer for our DER parser and chain verification.
// tools/reg/test/ekcert-fetch.test.ts builds its CA with it too.
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

  /** Runs `openssl` with `args` in the folder (for what key/root/issue do not cover); returns its standard output. */
  openssl(...args: string[]): string {
    return execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  }

  /** A private key: "ec:P-256", "ec:P-384", "rsa:2048". */
  key(name: string, kind: string): void {
    const [type, param] = kind.split(":");
    if (type === "ec")
      this.run(["genpkey", "-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${param}`, "-out", `${name}.key`]);
    else this.run(["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${param}`, "-out", `${name}.key`]);
  }

  /** A self-signed CA certificate. */
  root(
    name: string,
    cn: string,
    digest = "sha256",
    addext: readonly string[] = ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"],
  ): void {
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
      ...addext.flatMap((x) => ["-addext", x]),
      "-out",
      `${name}.pem`,
    ]);
  }

  /** A certificate for `name`'s key issued by `issuer`; `ca` makes it a CA; extra args (e.g. -sigopt) go to `openssl x509`. */
  issue(
    name: string,
    cn: string,
    issuer: string,
    opts: { ca?: boolean; digest?: string; days?: number; extra?: string[]; ext?: string } = {},
  ): void {
    this.run(["req", "-new", "-key", `${name}.key`, "-subj", `/CN=${cn}`, "-out", `${name}.csr`]);
    writeFileSync(
      join(this.dir, `${name}.ext`),
      opts.ext ??
        (opts.ca
          ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n"
          : "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n"),
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

  /**
   * `openssl verify` of `leaf` against `root` (trusted) with `untrusted` intermediates at `at`:
   * "OK", or OpenSSL's error name for the first failure and the depth it concerns.
   */
  verify(
    leaf: string,
    root: string,
    untrusted: readonly string[],
    at?: Date,
  ): { ok: boolean; error?: string; depth?: number } {
    const args = ["verify", "-CAfile", `${root}.pem`];
    if (untrusted.length) {
      writeFileSync(join(this.dir, "untrusted.pem"), untrusted.map((u) => this.pem(u)).join(""));
      args.push("-untrusted", "untrusted.pem");
    }
    if (at) args.push("-attime", String(Math.floor(at.getTime() / 1000)));
    args.push(`${leaf}.pem`);
    try {
      execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
      return { ok: true };
    } catch (e) {
      const out = String((e as { stdout?: Buffer }).stdout ?? "") + String((e as { stderr?: Buffer }).stderr ?? "");
      const m = /error (\d+) at (\d+) depth lookup: ([^\n]+)/.exec(out);
      return m ? { ok: false, error: m[3]!.trim(), depth: Number(m[2]) } : { ok: false, error: out.trim() };
    }
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
