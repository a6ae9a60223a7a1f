import { TPM_ALG_ID, TPM_CAP, TPM_CC, TPM_SU, TpmError } from "@tss/marshal";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";

/** TPM_PT_FAMILY_INDICATOR (PT_FIXED + 0). */
const TPM_PT_FAMILY_INDICATOR = 0x100;

describeMatrix("walking skeleton", (ctx) => {
  it("GetRandom returns the bytes requested", async () => {
    const a = await ctx().tss.execute(TPM_CC.GetRandom, { bytesRequested: 16 });
    const b = await ctx().tss.getRandom({ bytesRequested: 16 });
    expect(a.randomBytes).toHaveLength(16);
    expect(b.randomBytes).toHaveLength(16);
    expect(a.randomBytes).not.toEqual(b.randomBytes);
  });

  it("Startup after startup is TPM_RC_INITIALIZE", async () => {
    const err = await ctx()
      .tss.startup({ startupType: TPM_SU.CLEAR })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TpmError);
    expect((err as TpmError).responseCode).toBe(0x100);
  });

  it("PCR_Read reads SHA-256 PCRs 0..7 (all zero after reset, except the locality PCRs)", async () => {
    const out = await ctx().tss.pcrRead({
      pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: new Uint8Array([0xff, 0, 0]) }],
    });
    expect(out.pcrSelectionOut).toEqual([{ hash: TPM_ALG_ID.SHA256, pcrSelect: new Uint8Array([0xff, 0, 0]) }]);
    expect(out.pcrValues).toHaveLength(8);
    for (const v of out.pcrValues) expect(v).toEqual(new Uint8Array(32));
  });

  it('GetCapability reads the TPM family indicator "2.0"', async () => {
    const out = await ctx().tss.getCapability({
      capability: TPM_CAP.TPM_PROPERTIES,
      property: TPM_PT_FAMILY_INDICATOR,
      propertyCount: 1,
    });
    const data = out.capabilityData.data as { tpmProperties: { property: number; value: number }[] };
    expect(data.tpmProperties[0]).toEqual({ property: TPM_PT_FAMILY_INDICATOR, value: 0x322e3000 });
  });
});

describeMatrix(
  "a TPM that needs Startup",
  (ctx) => {
    it("Startup(CLEAR) then GetRandom", async () => {
      const before = await ctx()
        .tss.getRandom({ bytesRequested: 4 })
        .catch((e) => e);
      expect((before as TpmError).responseCode).toBe(0x100);
      await ctx().tss.startup({ startupType: TPM_SU.CLEAR });
      expect((await ctx().tss.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
    });
  },
  { swtpm: { startup: false } },
);
