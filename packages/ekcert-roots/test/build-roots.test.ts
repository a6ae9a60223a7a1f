// scripts/build-roots.mjs: the generated module is current, and the script fails
// on a changed fingerprint, an unlisted file and a missing file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const script = join(pkg, "scripts", "build-roots.mjs");
const work = mkdtempSync(join(tmpdir(), "ekcert-roots-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the package's script and certs in a temporary folder, modified by `change`. */
function runOnCopy(change: (certs: string) => void, ...args: string[]) {
  const dir = mkdtempSync(join(work, "pkg-"));
  cpSync(join(pkg, "certs"), join(dir, "certs"), { recursive: true });
  cpSync(join(pkg, "scripts"), join(dir, "scripts"), { recursive: true });
  cpSync(join(pkg, "src"), join(dir, "src"), { recursive: true });
  change(join(dir, "certs"));
  return spawnSync(process.execPath, [join(dir, "scripts", "build-roots.mjs"), ...args], { encoding: "utf8" });
}

describe("build-roots.mjs", () => {
  it("finds src/certificate-records.ts current", () => {
    const r = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\d+ certificates, module current/);
  });

  it("fails on a fingerprint that differs from sources.json", () => {
    const r = runOnCopy((certs) => {
      const path = join(certs, "sources.json");
      const j = JSON.parse(readFileSync(path, "utf8"));
      j.certificates[3].sha256 = "00".repeat(32);
      writeFileSync(path, JSON.stringify(j));
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SHA-256 [0-9a-f]{64}, sources.json says 0{64}/);
  });

  it("fails on an unlisted file, a missing file and a file that is not a certificate", () => {
    const r = runOnCopy((certs) => {
      writeFileSync(join(certs, "IFX", "extra.pem"), "not listed");
      const path = join(certs, "sources.json");
      const j = JSON.parse(readFileSync(path, "utf8"));
      rmSync(join(certs, j.certificates[0].file));
      writeFileSync(join(certs, j.certificates[1].file), "garbage");
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/IFX\/extra.pem: not listed in sources.json/);
    expect(r.stderr).toMatch(/the file is missing/);
    expect(r.stderr).toMatch(/not an X.509 certificate/);
  });

  it("--check fails when the module is stale", () => {
    const r = runOnCopy((certs) => {
      const path = join(certs, "..", "src", "certificate-records.ts");
      writeFileSync(path, readFileSync(path, "utf8").replace("vendor:", "vendor :"));
    }, "--check");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not current/);
  });
});
