// The PCR commands through the library on every plugin combination, each with its
// effect checked against values computed here in software (node:crypto):
// PCR_Read of several banks, PCR_Extend, PCR_Event, PCR_Reset (resettable PCR 16 and
// 23; PCR 10 is not resettable at locality 0), PCR_SetAuthValue and PCR_SetAuthPolicy
// (PCR 20, libtpms' authorization group) and PCR_Allocate (a bank switched off takes
// effect after a power cycle on swtpm's control channel, and is switched back on).
import { createHash } from "node:crypto";
import { TPM_ALG_ID, TPM_CAP, TPM_CC, TPM_RH, TPM_SE, TPM_SU, TpmError } from "@tss/marshal";
import { SwtpmPlatform } from "@tss/transport-mssim";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import type { Swtpm } from "../src/swtpm.js";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";

const NODE: Record<number, string> = {
  [TPM_ALG_ID.SHA1]: "sha1",
  [TPM_ALG_ID.SHA256]: "sha256",
  [TPM_ALG_ID.SHA384]: "sha384",
  [TPM_ALG_ID.SHA512]: "sha512",
};
const SIZE: Record<number, number> = {
  [TPM_ALG_ID.SHA1]: 20,
  [TPM_ALG_ID.SHA256]: 32,
  [TPM_ALG_ID.SHA384]: 48,
  [TPM_ALG_ID.SHA512]: 64,
};
const hash = (alg: number, ...parts: Uint8Array[]) => {
  const h = createHash(NODE[alg]!);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const select = (pcr: number) => {
  const s = new Uint8Array(3);
  s[pcr >> 3] = 1 << (pcr & 7);
  return s;
};
const PW = { sessions: [{ handle: TPM_RH.PW }] };
const rcOf = (e: unknown) => (e instanceof TpmError ? e.responseCode : e);

/** The banks the TPM has allocated (non-empty selection), from GetCapability(TPM_CAP_PCRS). */
async function allocatedBanks(tss: Tss): Promise<number[]> {
  const out = await tss.getCapability({ capability: TPM_CAP.PCRS, property: 0, propertyCount: 1 });
  const banks = (out.capabilityData.data as { assignedPCR: { hash: number; pcrSelect: Uint8Array }[] }).assignedPCR;
  return banks.filter((b) => b.pcrSelect.some((x) => x !== 0)).map((b) => b.hash);
}

async function readPcr(tss: Tss, algs: number[], pcr: number): Promise<Uint8Array[]> {
  const out = await tss.pcrRead({ pcrSelectionIn: algs.map((hash) => ({ hash, pcrSelect: select(pcr) })) });
  return out.pcrValues as Uint8Array[];
}

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

describeMatrix("PCR commands", (ctx) => {
  it("PCR_Read of every allocated bank; PCR_Extend extends each bank as H(old || digest)", async () => {
    const { tss } = ctx();
    const banks = (await allocatedBanks(tss)).filter((b) => NODE[b]);
    expect(banks).toContain(TPM_ALG_ID.SHA256);
    const before = await readPcr(tss, banks, 11);
    expect(before).toHaveLength(banks.length);
    const digests = banks.map((alg, i) => ({
      hashAlg: alg,
      digest: { [NODE[alg]!]: new Uint8Array(SIZE[alg]!).fill(0x30 + i) },
    }));
    await tss.pcrExtend({ pcrHandle: 11, digests } as never, PW);
    const after = await readPcr(tss, banks, 11);
    banks.forEach((alg, i) => {
      expect(after[i]).toEqual(hash(alg, before[i]!, new Uint8Array(SIZE[alg]!).fill(0x30 + i)));
    });
    // A read reports the update counter, which each extend advances.
    const c1 = (await tss.pcrRead({ pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: select(11) }] }))
      .pcrUpdateCounter as number;
    await tss.pcrExtend({ pcrHandle: 11, digests } as never, PW);
    const c2 = (await tss.pcrRead({ pcrSelectionIn: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: select(11) }] }))
      .pcrUpdateCounter as number;
    expect(c2).toBeGreaterThan(c1);
  });

  it("PCR_Event returns H(eventData) in every bank and extends the PCR with it", async () => {
    const { tss } = ctx();
    const banks = (await allocatedBanks(tss)).filter((b) => NODE[b]);
    const eventData = new TextEncoder().encode("an event of the PCR commands test");
    const before = await readPcr(tss, banks, 12);
    const out = await tss.pcrEvent({ pcrHandle: 12, eventData } as never, PW);
    const returned = out.digests as { hashAlg: number; digest: Record<string, Uint8Array> }[];
    expect(returned.map((d) => d.hashAlg).sort()).toEqual([...banks].sort());
    for (const d of returned) expect(d.digest[NODE[d.hashAlg]!]).toEqual(hash(d.hashAlg, eventData));
    const after = await readPcr(tss, banks, 12);
    banks.forEach((alg, i) => {
      expect(after[i]).toEqual(hash(alg, before[i]!, hash(alg, eventData)));
    });
  });

  it("PCR_Reset zeroes the resettable PCRs 16 and 23; PCR 10 cannot be reset at locality 0", async () => {
    const { tss } = ctx();
    for (const pcr of [16, 23]) {
      await tss.pcrExtend(
        {
          pcrHandle: pcr,
          digests: [{ hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: new Uint8Array(32).fill(1) } }],
        } as never,
        PW,
      );
      expect((await readPcr(tss, [TPM_ALG_ID.SHA256], pcr))[0]).not.toEqual(new Uint8Array(32));
      await tss.pcrReset({ pcrHandle: pcr } as never, PW);
      expect((await readPcr(tss, [TPM_ALG_ID.SHA256], pcr))[0]).toEqual(new Uint8Array(32));
    }
    expect(rcOf(await tss.pcrReset({ pcrHandle: 10 } as never, PW).catch((e) => e))).toBe(0x907); // TPM_RC_LOCALITY
  });

  it("PCR_SetAuthValue and PCR_SetAuthPolicy on PCR 20 (when the TPM implements them)", async (t) => {
    const { tss } = ctx();
    const out = await tss.getCapability({
      capability: TPM_CAP.COMMANDS,
      property: TPM_CC.PCR_SetAuthPolicy,
      propertyCount: 256,
    });
    const commands = ((out.capabilityData.data as { command: number[] }).command ?? []).map((c) => c & 0xffff);
    if (!commands.includes(TPM_CC.PCR_SetAuthValue) || !commands.includes(TPM_CC.PCR_SetAuthPolicy))
      t.skip("this swtpm does not implement PCR_SetAuthValue/PCR_SetAuthPolicy");
    // SetAuthValue: authorized by the PCR's current authValue (empty), then only by the new one.
    await tss.pcrSetAuthValue({ pcrHandle: 20, auth: new TextEncoder().encode("pcr-pw") } as never, PW);
    const refused = await tss.pcrSetAuthValue({ pcrHandle: 20, auth: new Uint8Array(0) } as never, PW).catch((e) => e);
    expect(refused).toBeInstanceOf(TpmError);
    await tss.pcrSetAuthValue({ pcrHandle: 20, auth: new Uint8Array(0) } as never, {
      sessions: [{ handle: TPM_RH.PW, password: "pcr-pw" }],
    });
    // A policy session needs a crypto plugin; without one the policy half cannot run.
    if (!ctx().crypto)
      t.skip("the PCR_SetAuthPolicy half needs a policy session, hence a crypto plugin (the SetAuthValue half ran)");
    // SetAuthPolicy: PolicyCommandCode(PCR_SetAuthValue) becomes PCR 20's policy, and a policy
    // session that satisfies it then authorizes PCR_SetAuthValue, which it could not before.
    const cc = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
    const policy = hash(
      TPM_ALG_ID.SHA256,
      new Uint8Array(32),
      cc(TPM_CC.PolicyCommandCode),
      cc(TPM_CC.PCR_SetAuthValue),
    );
    const satisfy = async () => {
      const session = await startAuthSession(tss, { sessionType: TPM_SE.POLICY });
      await tss.policyCommandCode({ policySession: session, code: TPM_CC.PCR_SetAuthValue } as never);
      return session;
    };
    const early = await satisfy();
    expect(
      await tss
        .pcrSetAuthValue({ pcrHandle: 20, auth: new Uint8Array(0) } as never, { sessions: [{ handle: early }] })
        .catch((e) => e),
    ).toBeInstanceOf(TpmError);
    await tss.flushContext({ flushHandle: early } as never).catch(() => undefined);
    await tss.pcrSetAuthPolicy(
      { authHandle: TPM_RH.PLATFORM, authPolicy: policy, hashAlg: TPM_ALG_ID.SHA256, pcrNum: 20 } as never,
      PW,
    );
    const session = await satisfy();
    await tss.pcrSetAuthValue({ pcrHandle: 20, auth: new Uint8Array(0) } as never, { sessions: [{ handle: session }] });
    await tss.pcrSetAuthPolicy(
      { authHandle: TPM_RH.PLATFORM, authPolicy: new Uint8Array(0), hashAlg: TPM_ALG_ID.NULL, pcrNum: 20 } as never,
      PW,
    );
  });

  it("PCR_Allocate switches a bank off at the next power cycle, and back on", async () => {
    const c = ctx();
    const { tss } = c;
    const banks = await allocatedBanks(tss);
    expect(banks.length).toBeGreaterThan(1);
    const off = banks.find((b) => b !== TPM_ALG_ID.SHA256)!;
    const allocation = (enabled: (alg: number) => boolean) =>
      banks.map((hash) => ({ hash, pcrSelect: new Uint8Array(3).fill(enabled(hash) ? 0xff : 0) }));
    const out = await tss.pcrAllocate(
      { authHandle: TPM_RH.PLATFORM, pcrAllocation: allocation((a) => a !== off) } as never,
      PW,
    );
    expect(out.allocationSuccess).toBeTruthy();
    // Not before the reset.
    expect(await allocatedBanks(tss)).toContain(off);
    await tss.shutdown({ shutdownType: TPM_SU.CLEAR });
    await powerCycle(c.tpm);
    await tss.startup({ startupType: TPM_SU.CLEAR });
    expect(await allocatedBanks(tss)).not.toContain(off);
    expect(await readPcr(tss, [off], 0)).toEqual([]);
    // Back on.
    const back = await tss.pcrAllocate(
      { authHandle: TPM_RH.PLATFORM, pcrAllocation: allocation(() => true) } as never,
      PW,
    );
    expect(back.allocationSuccess).toBeTruthy();
    await tss.shutdown({ shutdownType: TPM_SU.CLEAR });
    await powerCycle(c.tpm);
    await tss.startup({ startupType: TPM_SU.CLEAR });
    expect((await allocatedBanks(tss)).sort()).toEqual([...banks].sort());
  });
});
