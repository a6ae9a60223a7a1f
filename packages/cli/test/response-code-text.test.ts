// The IBM layout of response-code lines (returncode and "<utility>: failed" lines).
import { describe, expect, it } from "vitest";
import { responseCodeLine } from "../src/response-code-text.js";
import { TSS_LAYER_CODES, tssLayerCode } from "../src/tss-layer-codes.js";

describe("responseCodeLine", () => {
  it("format-one codes end with IBM's handle, parameter or session number", () => {
    expect(responseCodeLine(0x9a2)).toMatch(/^TPM_RC_BAD_AUTH - .+ Session number 1$/);
    expect(responseCodeLine(0x1cb)).toMatch(/^TPM_RC_HANDLE - .+ Parameter number 1$/);
    expect(responseCodeLine(0x3c1)).toMatch(/^TPM_RC_ASYMMETRIC - .+ Parameter number 3$/);
    expect(responseCodeLine(0x18b)).toMatch(/^TPM_RC_HANDLE - .+ Handle number 1$/);
    expect(responseCodeLine(0x0c1)).toMatch(/^TPM_RC_ASYMMETRIC - .+ Parameter number unspecified$/);
    expect(responseCodeLine(0x095)).toMatch(/^TPM_RC_SIZE - .+ Handle number unspecified$/);
    expect(responseCodeLine(0x882)).toMatch(/^TPM_RC_.+ Session number unspecified$/);
  });

  it("format-zero codes and warnings: name and text, nothing after", () => {
    expect(responseCodeLine(0)).toBe("TPM_RC_SUCCESS");
    expect(responseCodeLine(0x100)).toMatch(/^TPM_RC_INITIALIZE - [^\n]+[a-z]$/);
    expect(responseCodeLine(0x921)).toMatch(/^TPM_RC_LOCKOUT - /);
    expect(responseCodeLine(0x901)).toMatch(/^TPM_RC_CONTEXT_GAP - /);
    // No name for these: IBM's wording.
    expect(responseCodeLine(0x941)).toBe("response code unknown");
    expect(responseCodeLine(0x500)).toBe("TPM2 vendor defined response code");
    expect(responseCodeLine(0x47f)).toBe("TPM 1.2 response code");
  });

  it("IBM TSS layer codes (000bxxxx) by their TSS_RC_* names", () => {
    expect(responseCodeLine(0xb0001)).toMatch(/^TSS_RC_OUT_OF_MEMORY - /);
    expect(responseCodeLine(0xb0008)).toMatch(/^TSS_RC_NO_CONNECTION - /);
    expect(responseCodeLine(0xb0092)).toMatch(/^TSS_RC_NO_NVPUBLIC_SLOT - /);
    expect(responseCodeLine(0xb9999)).toBe("response code unknown");
    // Every value is in layer 11 and names itself back.
    for (const [name, [value]] of Object.entries(TSS_LAYER_CODES)) {
      expect(value >>> 16).toBe(0xb);
      expect(tssLayerCode(value)?.name).toBe(name);
    }
  });

  it("Windows TBS results (8028xxxx) by their TBS_E_* names", () => {
    expect(responseCodeLine(0x8028400f)).toMatch(/^TBS_E_TPM_NOT_FOUND - [a-z]/);
    expect(responseCodeLine(0x80284001)).toMatch(/^TBS_E_INTERNAL_ERROR - /);
    expect(responseCodeLine(0x80289999)).toBe("response code unknown");
  });

  it("another layer's code is described, not decoded as a TPM code", () => {
    expect(responseCodeLine(0x000a0101)).toMatch(/layer 10/);
  });
});
