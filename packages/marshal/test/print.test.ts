// The tssprint-layout printers: names, attribute lines, byte strings, structures.
import { describe, expect, it } from "vitest";
import {
  actDataLines,
  algIdLine,
  algIdName,
  eccCurveLine,
  handleLine,
  pcrSelectionLines,
  printAllLines,
  TPM_ALG_ID,
  TPM_ECC_CURVE,
  TPM_RH,
  TPMA_ALGORITHM,
  TPMA_STARTUP_CLEAR,
  taggedPolicyLines,
  tpmaAlgorithmLines,
  tpmaMemoryLines,
  tpmaModesLines,
  tpmaPermanentLines,
  tpmaStartupClearLines,
} from "../src/index.js";

describe("names", () => {
  it("algorithms, curves and handles by their specification names, unknown values in hex", () => {
    expect(algIdName(TPM_ALG_ID.SHA1)).toBe("TPM_ALG_SHA1");
    expect(algIdLine("", TPM_ALG_ID.RSA, 2)).toBe("   TPM_ALG_RSA");
    expect(algIdLine("hash", TPM_ALG_ID.SHA256, 4)).toBe("    hash TPM_ALG_SHA256");
    expect(algIdLine("x", 0x7777, 0)).toBe("x TPM_ALG_ID value 7777 unknown");
    expect(eccCurveLine("", TPM_ECC_CURVE.NIST_P256, 4)).toBe("     TPM_ECC_NIST_P256");
    expect(eccCurveLine("", 0x99, 0)).toBe(" TPM_ECC_CURVE value 0099 unknown");
    expect(handleLine("handle", TPM_RH.OWNER, 4)).toBe("    handle TPM_RH_OWNER");
    expect(handleLine("handle", TPM_RH.PW, 0)).toBe("handle TPM_RS_PW");
    expect(handleLine("handle", 0x40000110, 0)).toBe("handle TPM_HANDLE 40000110");
  });
});

describe("attributes", () => {
  it("TPMA_ALGORITHM lists the set bits only, in bit order", () => {
    expect(tpmaAlgorithmLines(TPMA_ALGORITHM.object | TPMA_ALGORITHM.asymmetric, 4)).toEqual([
      "    TPMA_ALGORITHM: asymmetric",
      "    TPMA_ALGORITHM: object",
    ]);
    expect(tpmaAlgorithmLines(0, 4)).toEqual([]);
  });

  it("yes/no attribute words list every flag", () => {
    expect(tpmaMemoryLines(6, 0)).toEqual([
      "TPMA_MEMORY: sharedRAM no",
      "TPMA_MEMORY: sharedNV yes",
      "TPMA_MEMORY: objectCopiedToRam yes",
    ]);
    expect(tpmaPermanentLines(0x400, 0).at(-1)).toBe("TPMA_PERMANENT: tpmGeneratedEPS yes");
    expect(tpmaPermanentLines(0x400, 0)).toHaveLength(6);
    expect(tpmaModesLines(0, 1)).toEqual([" TPMA_MODES: TPMA_MODES_FIPS_140_2 no"]);
    expect(tpmaModesLines(0b1011, 0)).toEqual([
      "TPMA_MODES: TPMA_MODES_FIPS_140_2 yes",
      "TPMA_MODES: TPMA_MODES_FIPS_140_3 yes",
      "TPMA_MODES: TPMA_MODES_FIPS_140_3_INDICATOR 2",
    ]);
  });

  it("TPMA_STARTUP_CLEAR shows readOnly only when it is set", () => {
    const lines = tpmaStartupClearLines(0x8000000f, 0);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe("TPMA_STARTUP_CLEAR: orderly yes");
    expect(tpmaStartupClearLines(TPMA_STARTUP_CLEAR.readOnly, 0)).toContain("TPMA_STARTUP_CLEAR: readOnly yes");
  });
});

describe("bytes and structures", () => {
  it("printAllLines: a length line, then sixteen 'xx ' groups per indented line", () => {
    const bytes = Uint8Array.from({ length: 17 }, (_, i) => i);
    expect(printAllLines("data", bytes, 2)).toEqual([
      "  data length 17",
      `  ${[...bytes.subarray(0, 16)].map((b) => `${b.toString(16).padStart(2, "0")} `).join("")}`,
      "  10 ",
    ]);
    expect(printAllLines("empty", new Uint8Array(0), 1)).toEqual([" empty length 0", " "]);
  });

  it("PCR selections, tagged policies (NULL and a digest) and ACT data", () => {
    expect(pcrSelectionLines({ hash: TPM_ALG_ID.SHA1, pcrSelect: Uint8Array.of(0xff, 0xff, 0xff) }, 2)).toEqual([
      "    hash TPM_ALG_SHA1",
      "    TPMS_PCR_SELECTION length 3",
      "    ff ff ff ",
    ]);
    expect(
      taggedPolicyLines({ handle: TPM_RH.OWNER, policyHash: { hashAlg: TPM_ALG_ID.NULL, digest: {} } }, 4),
    ).toEqual(["    handle TPM_RH_OWNER", "      hashAlg TPM_ALG_NULL"]);
    const digest = new Uint8Array(32).fill(0xab);
    const withDigest = taggedPolicyLines(
      { handle: TPM_RH.LOCKOUT, policyHash: { hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: digest } } },
      4,
    );
    expect(withDigest.slice(0, 3)).toEqual([
      "    handle TPM_RH_LOCKOUT",
      "      hashAlg TPM_ALG_SHA256",
      "      sha256 length 32",
    ]);
    expect(withDigest).toHaveLength(5);
    expect(actDataLines({ handle: 0x40000110, timeout: 30, attributes: 1 }, 4)).toEqual([
      "    handle TPM_HANDLE 40000110",
      "    TPMS_ACT_DATA timeout 30 sec",
      "    TPMA_ACT: TPMA_ACT_SIGNALED set",
      "    TPMA_ACT: TPMA_ACT_PRESERVE_SIGNALED clear",
    ]);
  });
});
