// PCR bank allocation as IBM's testpcr.sh exercises it, with the built `tss` binary
// against a private swtpm: for several bank sets, pcrallocate (+/-sha1, sha256,
// sha384, sha512), a power cycle and Startup, then pcrreset / pcrextend / pcrread /
// pcrevent on PCR 16 in every allocated bank, checked against node:crypto; banks
// switched off report no PCR value (pcrevent still returns their digest of the event).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliEnv, startCliEnv, tssOk } from "./support/cli-runner.js";

let cli: CliEnv;
const ok = (...args: string[]) => tssOk(cli, ...args);
const BANKS = [
  { name: "sha1", size: 20, of: "-of1" },
  { name: "sha256", size: 32, of: "-of2" },
  { name: "sha384", size: 48, of: "-of3" },
  { name: "sha512", size: 64, of: "-of5" },
] as const;
const hashOf = (alg: string, ...parts: Uint8Array[]) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest("hex");
};
const DATA = new TextEncoder().encode("aaa");

beforeAll(async () => {
  cli = await startCliEnv();
  await ok("startup").catch(() => undefined);
  writeFileSync(join(cli.dir, "aaa"), DATA);
}, 180_000);
afterAll(async () => {
  await cli?.stop();
});

describe("pcrallocate and the PCR utilities in each bank set", () => {
  const sets: (readonly string[])[] = [
    ["sha1", "sha256", "sha384", "sha512"],
    ["sha256", "sha512"],
  ];
  for (const on of sets) {
    it(`banks ${on.join(", ")}`, async () => {
      const flags = BANKS.map((b) => `${on.includes(b.name) ? "+" : "-"}${b.name}`);
      const before = (await ok("pcrread", "-ha", "0", "-halg", "sha256", "-ns")).trim();
      await ok("pcrallocate", ...flags);
      // Not before the next TPM reset.
      expect((await ok("pcrread", "-ha", "0", "-halg", "sha256", "-ns")).trim()).toBe(before);
      await ok("powerup");
      await ok("startup");
      const banks = BANKS.filter((b) => on.includes(b.name));
      const halgs = banks.flatMap((b) => ["-halg", b.name]);
      await ok("pcrreset", "-ha", "16");
      await ok("pcrextend", "-ha", "16", ...halgs, "-if", "aaa");
      const padded = (n: number) => {
        const d = new Uint8Array(n);
        d.set(DATA);
        return d;
      };
      expect(await ok("pcrread", "-ha", "16", ...halgs, "-ns")).toBe(
        banks.map((b) => `${hashOf(b.name, new Uint8Array(b.size), padded(b.size))}\n`).join(""),
      );
      await ok("pcrreset", "-ha", "16");
      await ok("pcrevent", "-ha", "16", "-if", "aaa", ...banks.flatMap((b) => [b.of, `ev-${b.name}.bin`]));
      for (const b of banks)
        expect(readFileSync(join(cli.dir, `ev-${b.name}.bin`)).toString("hex")).toBe(hashOf(b.name, DATA));
      expect(await ok("pcrread", "-ha", "16", ...halgs, "-ns")).toBe(
        banks
          .map((b) => `${hashOf(b.name, new Uint8Array(b.size), Buffer.from(hashOf(b.name, DATA), "hex"))}\n`)
          .join(""),
      );
      const off = BANKS.find((b) => !on.includes(b.name));
      if (off) {
        expect(await ok("pcrread", "-ha", "16", "-halg", off.name, "-ns")).toBe("count 0\n");
        // TPM2_PCR_Event hashes the data with every implemented algorithm, allocated or not.
        await ok("pcrevent", "-ha", "16", "-ic", "x", off.of, "x.bin");
        expect(readFileSync(join(cli.dir, "x.bin")).toString("hex")).toBe(
          hashOf(off.name, new TextEncoder().encode("x")),
        );
      }
    });
  }
});
