// The PCR utilities as the built `tss` binary, one process per call, against one
// private swtpm, flows in sequence: pcrextend / pcrevent / pcrread (-iosad) /
// pcrreset checked against values computed here (node:crypto) and
// against Debian's IBM utilities (tss2 1.4.5) on the same swtpm. pcrallocate and
// the banks: cli-pcr-banks.test.ts. The event-log
// utilities (eventextend, imaextend): cli-eventlog.test.ts.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, handleOf, haveIbmTss, ibmOk, startCliEnv, tssOk } from "./support/cli-runner.js";

const IBM = haveIbmTss();
let cli: CliEnv;
const ok = (...args: string[]) => tssOk(cli, ...args);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha = (alg: string, ...parts: Uint8Array[]) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const file = (name: string) => new Uint8Array(readFileSync(join(cli.dir, name)));
const put = (name: string, bytes: Uint8Array | string) => writeFileSync(join(cli.dir, name), bytes);
const pcrHex = async (pcr: number, alg = "sha256") =>
  (await ok("pcrread", "-ha", String(pcr), "-halg", alg, "-ns")).trim();

beforeAll(async () => {
  cli = await startCliEnv();
  await ok("startup").catch(() => undefined);
}, 180_000);
afterAll(async () => {
  await cli?.stop();
});

describe("PCR utilities against swtpm", () => {
  it("pcrextend and pcrread: banks extended with zero-padded data; text, -ns, -of and --json; IBM's pcrread agrees", async () => {
    const s1 = await pcrHex(16, "sha1");
    const s256 = await pcrHex(16);
    await ok("pcrextend", "-ha", "16", "-halg", "sha1", "-halg", "sha256", "-ic", "abc");
    const pad = (n: number) => {
      const d = new Uint8Array(n);
      d.set(new TextEncoder().encode("abc"));
      return d;
    };
    const v1 = hex(sha("sha1", Buffer.from(s1, "hex"), pad(20)));
    const v256 = hex(sha("sha256", Buffer.from(s256, "hex"), pad(32)));
    expect(await ok("pcrread", "-ha", "16", "-halg", "sha1", "-halg", "sha256", "-ns")).toBe(`${v1}\n${v256}\n`);
    const text = await ok("pcrread", "-ha", "16", "-halg", "sha256", "-of", "p16.bin");
    expect(text).toMatch(/^count 1 pcrUpdateCounter \d+ \n digest length 32\n/);
    expect(hex(file("p16.bin"))).toBe(v256);
    const json = JSON.parse(await ok("pcrread", "-ha", "16", "-halg", "sha1", "-halg", "sha256", "--json"));
    expect(json.digests).toEqual([
      { hashAlg: "sha1", digest: v1 },
      { hashAlg: "sha256", digest: v256 },
    ]);
    // -if: a data file, and a file bigger than the largest digest is refused without reading it whole.
    put("d.bin", Uint8Array.of(1, 2, 3));
    await ok("pcrextend", "-ha", "16", "-if", "d.bin");
    expect(await pcrHex(16)).toBe(
      hex(sha("sha256", Buffer.from(v256, "hex"), Uint8Array.from([1, 2, 3, ...new Uint8Array(29)]))),
    );
    put("big.bin", new Uint8Array(65));
    const big = await cli.tss("pcrextend", "-ha", "16", "-if", "big.bin");
    expect(big.code).not.toBe(0);
    expect(big.err + big.out).toContain("Input data too long 65");
    const endless = await cli.tss("pcrextend", "-ha", "16", "-if", "/dev/zero");
    expect(endless.code).not.toBe(0);
    expect(endless.err + endless.out).toContain("Input data too long");
    expect((await cli.tss("pcrextend", "-ha", "16", "-ic", "x".repeat(65))).code).not.toBe(0);
    expect((await cli.tss("pcrread", "-ha", "24")).code).toBe(1);
    if (IBM) {
      // IBM 1.4.5 prints the same digest lines for the same PCR (its header line has no update counter).
      const theirs = await ibmOk(cli, "pcrread", "-ha", "16", "-halg", "sha256");
      const ours = await ok("pcrread", "-ha", "16", "-halg", "sha256");
      expect(ours.split("\n").slice(1)).toEqual(theirs.split("\n").slice(1));
      expect(theirs.split("\n")[0]).toMatch(/^count 1/);
    }
  });

  it("pcrread -iosad: the session audit digest it computes equals the TPM's (getsessionauditdigest)", async () => {
    const session = handleOf(await ok("startauthsession", "-se", "h"));
    put("sad.bin", new Uint8Array(32));
    await ok("pcrread", "-ha", "16", "-halg", "sha1", "-halg", "sha256", "-se0", session, "81", "-iosad", "sad.bin");
    await ok("getsessionauditdigest", "-hs", session, "-od", "sad.od", "-os", "sad.sig");
    expect(hex(file("sad.bin"))).toBe(hex(file("sad.od")));
    expect(hex(file("sad.bin"))).not.toBe("00".repeat(32));
    await ok("flushcontext", "-ha", session);
  });

  it("pcrevent: the TPM's digests of the event, -of1/-of2 files, the PCR extended with them", async () => {
    const before = await pcrHex(16);
    put("event.bin", new TextEncoder().encode("event data from a file"));
    const out = await ok("pcrevent", "-ha", "16", "-if", "event.bin", "-of1", "e1.bin", "-of2", "e2.bin");
    expect(out).toContain("pcrevent: count");
    const data = new TextEncoder().encode("event data from a file");
    expect(hex(file("e1.bin"))).toBe(hex(sha("sha1", data)));
    expect(hex(file("e2.bin"))).toBe(hex(sha("sha256", data)));
    expect(await pcrHex(16)).toBe(hex(sha("sha256", Buffer.from(before, "hex"), sha("sha256", data))));
    // (No cross-check with IBM's tsspcrevent: 1.4.5 fails on swtpm's four-bank answer with TPM_RC_SIZE.)
    put("event-big.bin", new Uint8Array(1025));
    expect((await cli.tss("pcrevent", "-ha", "16", "-if", "event-big.bin")).code).not.toBe(0);
    const json = JSON.parse(await ok("pcrevent", "-ha", "16", "-ic", "x", "--json"));
    expect(json.digests.find((d: { hashAlg: string }) => d.hashAlg === "sha256").digest).toBe(
      hex(sha("sha256", new TextEncoder().encode("x"))),
    );
  });

  it("pcrreset: PCR 16 back to zeros; PCR 10 refused at locality 0", async () => {
    expect(await pcrHex(16)).not.toBe("00".repeat(32));
    await ok("pcrreset", "-ha", "16");
    expect(await pcrHex(16)).toBe("00".repeat(32));
    const refused = await cli.tss("pcrreset", "-ha", "10");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("rc 00000907");
  });
});
