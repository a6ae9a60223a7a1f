// The NV utilities' work that needs no TPM, in-process: usage errors on bad
// input (each exits 1 with a pointer to -h, before any TPM is contacted: the
// environment names no TPM), nvsetbits -phash's parameter hash against a
// known answer, and the attribute names nvreadpublic prints.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, main } from "@tss/cli";
import { tpmaNvLines } from "@tss/marshal";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "tss-nv-offline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `tss <args>` in-process against no TPM (a closed port). */
async function tss(...args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { TPM_INTERFACE_TYPE: "socsim", TPM_SERVER_NAME: "127.0.0.1", TPM_COMMAND_PORT: "1", TPM_DATA_DIR: dir },
    cwd: dir,
  };
  return { code: await main(args, io), out, err };
}

describe("NV utilities offline", () => {
  it("bad input is a usage error: exit 1, the reason and a pointer to -h", async () => {
    const cases: [string[], RegExp][] = [
      [["nvincrement", "-ha", "81000000"], /MSB not 01/],
      [["nvwrite", "-ha", "01000000", "-ic", "a", "-id", "0", "1"], /more than one input data source/],
      [["nvwrite", "-ha", "01000000", "-id", "0"], /-id option needs a value/],
      [["nvread", "-ha", "01000000", "-id", "x", "1"], /bad parameter x for -id/],
      [["nvsetbits", "-ha", "01000000", "-bit", "64"], /-bit out of range/],
      [["nvread", "-ha", "01000000", "-sz", "70000"], /-sz 70000 out of range/],
      [["nvdefinespace", "-ha", "01000000", "-hi", "o", "-sz", "65536"], /-sz 65536 out of range/],
      [["nvread", "-ha", "01000000", "-off", "65536"], /-off 65536 out of range/],
      [["nvwrite", "-ha", "01000000", "-ic", "ab", "-off", "65535"], /too large/],
      [["nvsetbits", "-ha", "01000000", "-phash", "sha256"], /-phash option needs a value/],
      [["nvextend", "-ha", "01000000"], /-if or input string -ic must be specified/],
      [["nvextend", "-ha", "01000000", "-ic", "a", "-if", "f"], /cannot both be specified/],
      [["nvglobalwritelock", "-hia", "e"], /bad parameter e for -hia/],
      [["nvglobalwritelock"], /missing or illegal -hia/],
      [["nvreadpublic", "-ha", "01000000", "-nalg", "md5"], /bad parameter md5 for -nalg/],
      [["nvchangeauth", "-pwdn", "x"], /MSB not 01/],
      [["nvundefinespacespecial", "-ha", "01000000", "-x"], /-x is not a valid option/],
      [["nvwritelock", "-ha", "01000000", "-hia", "x"], /-hia has bad parameter x/],
      [["nvdefinespace", "-ha", "01000000", "-hi", "o", "-ty", "z"], /bad parameter z for -ty/],
      [["nvdefinespace", "-ha", "01000000", "-hi", "o", "-ty", "c", "-ty", "b"], /-ty can only be specified once/],
    ];
    for (const [args, reason] of cases) {
      const r = await tss(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(reason);
      expect(r.err).toMatch(/-h for usage/);
    }
  });

  it("-h prints IBM's usage lines for the new flags and exits 1", async () => {
    const r = await tss("nvwrite", "-h");
    expect(r.code).toBe(1);
    expect(r.out).toContain("\t[-id\tdata values, pinPass and pinLimit (4 bytes each)]");
    expect((await tss("nvread", "-h")).out).toContain("\t[-id\tdata values for pinCount and pinLimit verification");
    expect((await tss("nvreadpublic", "-h")).out).toContain("\t[-nalg\texpected name hash algorithm");
  });

  it("nvsetbits -phash: H(TPM_CC_NV_SetBits || bits) printed in hex and written, without a TPM", async () => {
    for (const [alg, bits] of [
      ["sha256", 0x9n],
      ["sha1", 1n << 63n],
      ["sha384", 0n],
    ] as const) {
      const args = ["nvsetbits", "-ha", "01000000", "-phash", alg, "ph.bin"];
      for (let b = 0; b < 64; b++) if ((bits >> BigInt(b)) & 1n) args.push("-bit", String(b));
      const r = await tss(...args);
      expect(r.code, r.err).toBe(0);
      const input = Buffer.alloc(12);
      input.writeUInt32BE(0x135, 0);
      input.writeBigUInt64BE(bits, 4);
      const expected = createHash(alg).update(input).digest("hex");
      expect(r.out).toBe(`${expected}\n`);
      expect(readFileSync(join(dir, "ph.bin")).toString("hex")).toBe(expected);
    }
    // A fixed vector: bits 0 and 3 under SHA-256.
    expect((await tss("nvsetbits", "-ha", "01000000", "-bit", "0", "-bit", "3", "-phash", "sha256", "p.bin")).out).toBe(
      "a802b4bd2e96adf5b84631fe3aecb08063d50ac6524faede356318c7edec79cf\n",
    );
  });

  it("attribute names in IBM's order, the type in its place", () => {
    expect(tpmaNvLines(0x22040004, 0)).toEqual([
      "TPMA_NV_AUTHWRITE",
      "TPM_NT_ORDINARY",
      "TPMA_NV_AUTHREAD",
      "TPMA_NV_NO_DA",
      "TPMA_NV_WRITTEN",
    ]);
    expect(tpmaNvLines(0x4002_0492, 0)).toEqual([
      "TPMA_NV_OWNERWRITE",
      "TPM_NT_PIN_PASS",
      "TPMA_NV_POLICY_DELETE",
      "TPMA_NV_OWNERREAD",
      "TPMA_NV_PLATFORMCREATE",
    ]);
    expect(tpmaNvLines(0x70, 0)).toEqual(["TPMA_NV type 07 unknown"]);
    expect(tpmaNvLines(0x1000_0884, 0)).toEqual([
      "TPMA_NV_AUTHWRITE",
      "TPM_NT_PIN_FAIL",
      "TPMA_NV_WRITELOCKED",
      "TPMA_NV_READLOCKED",
    ]);
  });
});
