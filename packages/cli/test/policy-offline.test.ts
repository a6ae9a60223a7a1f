// The policy utilities' checks that need no TPM, in-process: bad input is a
// usage error (exit 1, the reason, a pointer to -h) found before any TPM is
// contacted (the environment names a closed port), and files that cannot be a
// TPM2B or a ticket are refused by name.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliIo, main } from "@tss/cli";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "tss-policy-offline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "d32.bin"), new Uint8Array(32));
writeFileSync(join(dir, "long.bin"), new Uint8Array(65));
writeFileSync(join(dir, "bad.tk"), Uint8Array.of(0x80, 0x22, 0x40));
writeFileSync(join(dir, "notakey.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

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

describe("policy utilities offline", () => {
  it("bad input is a usage error: exit 1, the reason and a pointer to -h", async () => {
    const S = "03000000";
    const cases: [string[], RegExp][] = [
      [["policygetdigest"], /missing policy session handle parameter -ha/],
      [["policycommandcode", "-ha", S], /missing parameter -cc/],
      [["policycommandcode", "-ha", S, "-cc", "xyz"], /bad parameter xyz for -cc/],
      [["policyor", "-ha", S, "-if", "d32.bin"], /-if must be specified 2 to 8 times/],
      [["policyor", "-ha", S, ...Array.from({ length: 9 }, () => ["-if", "d32.bin"]).flat()], /up to 8 times/],
      [["policypcr", "-ha", S], /missing pcr mask parameter -bm/],
      [["policypcr", "-ha", S, "-bm", "1000000"], /beyond PCR 23/],
      [["policypcr", "-ha", S, "-bm", "1", "-halg", "md5"], /bad parameter md5 for -halg/],
      [["policynv", "-ha", "01000000", "-hs", S], /operandB data string or data file must be specified/],
      [["policynv", "-ha", "01000000", "-hs", S, "-ic", "a", "-if", "d32.bin"], /cannot both be specified/],
      [["policynv", "-ha", "81000000", "-hs", S, "-ic", "a"], /MSB not 01/],
      [["policynv", "-ha", "01000000", "-hs", S, "-ic", "a", "-hi", "e"], /missing or illegal -hi/],
      [["policynv", "-ha", "01000000", "-hs", S, "-ic", "a", "-op", "c"], /bad parameter c for -op/],
      [["policycountertimer", "-ha", S, "-ic", "a", "-off", "70000"], /beyond a UINT16/],
      [["policynvwritten", "-hs", S, "-ws", "x"], /missing or illegal -ws/],
      [["policysecret", "-hs", S], /missing authorizing entity handle parameter -ha/],
      [["policysecret", "-ha", "40000001", "-hs", S, "-exp", "1e3"], /bad parameter 1e3 for -exp/],
      [["policysigned", "-hk", "80000000", "-ha", S], /missing signing key -sk or signature -is/],
      [["policysigned", "-hk", "80000000", "-ha", S, "-sk", "a", "-is", "b"], /cannot have both/],
      [["policysigned", "-hk", "80000000", "-ha", S, "-sk", "notakey.pem"], /notakey.pem: not a private key/],
      [["policyticket", "-ha", S, "-to", "d32.bin", "-tk", "bad.tk"], /missing parameter -na or -hi/],
      [["policyticket", "-ha", S, "-to", "d32.bin", "-tk", "bad.tk", "-hi", "o", "-na", "d32.bin"], /both -na and -hi/],
      [["policyticket", "-ha", S, "-to", "d32.bin", "-tk", "bad.tk", "-hi", "o"], /bad.tk is not a TPMT_TK_AUTH/],
      [["policyauthorize", "-ha", S, "-appr", "d32.bin", "-skn", "d32.bin"], /missing parameter -tk/],
      [["policyauthorize", "-ha", S, "-skn", "d32.bin", "-tk", "bad.tk"], /missing parameter -appr/],
      [["policyduplicationselect", "-ha", S], /missing new parent Name file -inpn/],
      [["policycapability", "-hs", S, "-ic", "a"], /missing or illegal parameter -cap/],
      [["policytemplate", "-ha", S], /missing template hash file -te/],
      [["policyparameters", "-ha", S], /missing parameter hash file -ph/],
      [["policyauthorizenv", "-ha", "01000000"], /missing policy session handle parameter -hs/],
    ];
    for (const [args, reason] of cases) {
      const r = await tss(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(reason);
      expect(r.err).toMatch(/-h for usage/);
    }
  });

  it("a file longer than its TPM2B buffer is refused by name before the TPM is contacted", async () => {
    const r = await tss("policycphash", "-ha", "03000000", "-cp", "long.bin");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/long\.bin: 65 bytes do not fit a 64-byte TPM2B buffer/);
  });
});
