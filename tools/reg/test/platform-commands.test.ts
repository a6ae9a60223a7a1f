// The TPM commands behind the platform utilities (getcapability, startup,
// shutdown, gettestresult) through the library on every plugin combination:
// every capability group GetCapability has decodes, paging with moreData;
// SelfTest and GetTestResult; Shutdown(STATE) and Startup(STATE) across a power
// cycle on swtpm's control channel keep the saved PCRs, Shutdown(CLEAR) does not.
import { TPM_ALG_ID, TPM_CAP, TPM_CC, TPM_RH, TPM_SU, TpmError } from "@tss/marshal";
import { SwtpmPlatform } from "@tss/transport-mssim";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import type { Swtpm } from "../src/swtpm.js";
import { describeMatrix } from "./support/describe-matrix.js";

async function getCapability(tss: Tss, capability: number, property: number, propertyCount = 64) {
  const out = await tss.getCapability({ capability, property, propertyCount });
  expect(out.capabilityData.capability).toBe(capability);
  return { moreData: Boolean(out.moreData), data: out.capabilityData.data as Record<string, any> };
}

/** A power cycle on swtpm's control channel (CMD_INIT), beside the transport under test. */
async function powerCycle(tpm: Swtpm): Promise<void> {
  const platform = new SwtpmPlatform({
    host: tpm.host,
    port: tpm.ctrlPort,
    connectTimeoutMs: 5000,
    responseTimeoutMs: 5000,
  });
  try {
    await platform.reset();
  } finally {
    await platform.close();
  }
}

const rcOf = (e: unknown) => (e instanceof TpmError ? e.responseCode : e);

describeMatrix("platform commands", (ctx) => {
  it("GetCapability decodes every capability group the TPM has", async () => {
    const { tss } = ctx();
    const algs = (await getCapability(tss, TPM_CAP.ALGS, 0)).data.algorithms as { alg: number }[];
    expect(algs.map((a) => a.alg)).toContain(TPM_ALG_ID.SHA256);
    const permanent = (await getCapability(tss, TPM_CAP.HANDLES, TPM_RH.FIRST)).data.handles as number[];
    expect(permanent).toContain(TPM_RH.OWNER);
    // Paging: 64 commands then more; the next page starts after the last one.
    const first = await getCapability(tss, TPM_CAP.COMMANDS, TPM_CC.NV_UndefineSpaceSpecial, 64);
    expect(first.moreData).toBe(true);
    const page = first.data.command as number[];
    expect(page).toHaveLength(64);
    const next = await getCapability(tss, TPM_CAP.COMMANDS, (page.at(-1)! & 0xffff) + 1, 4);
    expect((next.data.command as number[])[0]! & 0xffff).toBeGreaterThan(page.at(-1)! & 0xffff);
    expect((await getCapability(tss, TPM_CAP.PP_COMMANDS, 0)).data.ppCommands).toBeInstanceOf(Array);
    expect((await getCapability(tss, TPM_CAP.AUDIT_COMMANDS, 0)).data.auditCommands).toContain(
      TPM_CC.SetCommandCodeAuditStatus,
    );
    const banks = (await getCapability(tss, TPM_CAP.PCRS, 0)).data.assignedPCR as { hash: number }[];
    expect(banks.map((b) => b.hash)).toContain(TPM_ALG_ID.SHA256);
    const fixed = (await getCapability(tss, TPM_CAP.TPM_PROPERTIES, 0x100, 1)).data.tpmProperties;
    expect(fixed).toEqual([{ property: 0x100, value: 0x322e3000 }]);
    const pcrProps = (await getCapability(tss, TPM_CAP.PCR_PROPERTIES, 0)).data.pcrProperties as { tag: number }[];
    expect(pcrProps[0]!.tag).toBe(0);
    expect((await getCapability(tss, TPM_CAP.ECC_CURVES, 0)).data.eccCurves).toContain(3);
    const policies = (await getCapability(tss, TPM_CAP.AUTH_POLICIES, TPM_RH.FIRST)).data.authPolicies as {
      handle: number;
      policyHash: { hashAlg: number };
    }[];
    expect(policies.find((p) => p.handle === TPM_RH.OWNER)?.policyHash.hashAlg).toBe(TPM_ALG_ID.NULL);
    expect((await getCapability(tss, TPM_CAP.ACT, TPM_RH.ACT_0)).data.actData).toBeInstanceOf(Array);
  });

  it("SelfTest (full) then GetTestResult: success", async () => {
    const { tss } = ctx();
    await tss.selfTest({ fullTest: true });
    const out = await tss.getTestResult({});
    expect(out.testResult).toBe(0);
    expect(out.outData).toBeInstanceOf(Uint8Array);
  });

  it("IncrementalSelfTest lists what is left to test; TestParms accepts P-256 signing parameters and refuses an unknown curve", async () => {
    const { tss } = ctx();
    const inc = await tss.incrementalSelfTest({ toTest: [TPM_ALG_ID.SHA256, TPM_ALG_ID.AES] });
    expect(inc.toDoList).toBeInstanceOf(Array);
    // After a full self-test nothing of these is left.
    await tss.selfTest({ fullTest: true });
    expect((await tss.incrementalSelfTest({ toTest: [TPM_ALG_ID.SHA256] })).toDoList).toEqual([]);
    const parms = (curveID: number) => ({
      type: TPM_ALG_ID.ECC,
      parameters: {
        eccDetail: {
          symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
          scheme: { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } },
          curveID,
          kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
        },
      },
    });
    await tss.testParms({ parameters: parms(0x0003) } as never);
    // A curve the specification names but this TPM lacks: the TPM refuses it (TPM_RC_CURVE).
    const curves = (await getCapability(tss, TPM_CAP.ECC_CURVES, 0)).data.eccCurves as number[];
    const absent = [0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0010, 0x0011, 0x0020].find((c) => !curves.includes(c));
    if (absent === undefined) return; // every named curve is there: nothing to refuse
    const refused = await tss.testParms({ parameters: parms(absent) } as never).catch((e) => e);
    expect(refused).toBeInstanceOf(TpmError);
    expect((refused as TpmError).responseCode & 0x3f).toBe(0x26); // TPM_RC_CURVE
  });

  it("Shutdown(STATE), power cycle, Startup(STATE) keep PCR 10; after Shutdown(CLEAR) only Startup(CLEAR)", async () => {
    const c = ctx();
    const { tss } = c;
    const select = [{ hash: TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(0, 0x04, 0) }];
    await tss.pcrExtend(
      {
        pcrHandle: 10,
        digests: [{ hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: new Uint8Array(32).fill(7) } }],
      } as never,
      { sessions: [{ handle: TPM_RH.PW }] },
    );
    const extended = (await tss.pcrRead({ pcrSelectionIn: select })).pcrValues[0]!;
    expect(extended).not.toEqual(new Uint8Array(32));
    await tss.shutdown({ shutdownType: TPM_SU.STATE });
    await powerCycle(c.tpm);
    await tss.startup({ startupType: TPM_SU.STATE });
    expect((await tss.pcrRead({ pcrSelectionIn: select })).pcrValues[0]).toEqual(extended);
    await tss.shutdown({ shutdownType: TPM_SU.CLEAR });
    await powerCycle(c.tpm);
    // TPM_RC_VALUE at parameter 1: no saved state to resume.
    expect(rcOf(await tss.startup({ startupType: TPM_SU.STATE }).catch((e) => e))).toBe(0x1c4);
    await tss.startup({ startupType: TPM_SU.CLEAR });
    expect((await tss.pcrRead({ pcrSelectionIn: select })).pcrValues[0]).toEqual(new Uint8Array(32));
  });
});
