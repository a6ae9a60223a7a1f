// The hierarchy, dictionary-attack and clock commands through the library on
// every plugin combination, each with its effect checked on the TPM:
// HierarchyChangeAuth (old password refused, new accepted), HierarchyControl
// (owner disabled and re-enabled by the platform; the platform hierarchy
// disabled until a power cycle and Startup(CLEAR)), ClearControl and Clear
// (refused while disabled; afterwards ownerAuth is empty and the storage seed
// new), ChangeEPS / ChangePPS (a primary's Name changes), SetPrimaryPolicy
// (read back with GetCapability(TPM_CAP_AUTH_POLICIES)),
// DictionaryAttackParameters (read back as TPM_PT_MAX_AUTH_FAIL ...), lockout
// after failures and DictionaryAttackLockReset, ReadClock, ClockSet (forward
// only) and ClockRateAdjust. Each combination has its own swtpm, so these
// destructive commands touch no other suite.

import { ekTemplate } from "@tss/ekcert";
import {
  TPM_ALG_ID,
  TPM_CAP,
  TPM_PT,
  TPM_RH,
  TPM_SU,
  TPMA_OBJECT,
  TPMA_PERMANENT,
  TPMA_STARTUP_CLEAR,
  TpmError,
} from "@tss/marshal";
import { SwtpmPlatform } from "@tss/transport-mssim";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import type { Swtpm } from "../src/swtpm.js";
import { eccSigningKey, eccStorageKey } from "../src/templates.js";
import { describeMatrix } from "./support/describe-matrix.js";

const empty = new Uint8Array(0);
const enc = (s: string) => new TextEncoder().encode(s);
const rcOf = (e: unknown) => (e instanceof TpmError ? e.responseCode : e);
const pw = (password?: string) => ({ sessions: [{ handle: TPM_RH.PW, ...(password ? { password } : {}) }] });

/** TPM_RC values these checks expect (Part 2, 6.6), with the handle/parameter/session number where the TPM adds it. */
const RC = {
  /** TPM_RC_BAD_AUTH at session 1. */
  badAuthSession1: 0x9a2,
  /** TPM_RC_AUTH_FAIL at session 1 (a DA-protected object's authorization). */
  authFailSession1: 0x98e,
  /** TPM_RC_HIERARCHY at handle 1. */
  hierarchyHandle1: 0x185,
  /** TPM_RC_DISABLED. */
  disabled: 0x120,
  /** TPM_RC_VALUE at parameter 1. */
  valueParameter1: 0x1c4,
  /** TPM_RC_LOCKOUT. */
  lockout: 0x921,
};

/** Creates an ECC primary key in `hierarchy` and returns its Name, flushing it again. */
async function primaryName(tss: Tss, hierarchy: number, password?: string, template: unknown = eccStorageKey()) {
  const out = await tss.createPrimary(
    {
      primaryHandle: hierarchy,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: template as never },
      outsideInfo: empty,
      creationPCR: [],
    } as never,
    pw(password),
  );
  await tss.flushContext({ flushHandle: out.objectHandle as number });
  return out.name as Uint8Array;
}

/** The value of one TPM_PT property. */
async function property(tss: Tss, pt: number): Promise<number> {
  const out = await tss.getCapability({ capability: TPM_CAP.TPM_PROPERTIES, property: pt, propertyCount: 1 });
  const list = (out.capabilityData.data as { tpmProperties: { property: number; value: number }[] }).tpmProperties;
  expect(list[0]!.property).toBe(pt);
  return list[0]!.value;
}

/** A power cycle on swtpm's control channel (CMD_INIT), beside the transport under test, then Startup(CLEAR). */
async function powerCycle(tpm: Swtpm, tss: Tss): Promise<void> {
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
  await tss.startup({ startupType: TPM_SU.CLEAR });
}

describeMatrix("hierarchy commands", (ctx) => {
  it("HierarchyChangeAuth: the owner's new password works, the old one fails; changed back", async () => {
    const { tss } = ctx();
    const before = await primaryName(tss, TPM_RH.OWNER);
    await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: enc("owner-2") }, pw());
    expect(rcOf(await primaryName(tss, TPM_RH.OWNER).catch((e) => e))).toBe(RC.badAuthSession1);
    expect(await primaryName(tss, TPM_RH.OWNER, "owner-2")).toEqual(before);
    expect((await property(tss, TPM_PT.PERMANENT)) & TPMA_PERMANENT.ownerAuthSet).toBeTruthy();
    await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: empty }, pw("owner-2"));
    expect(await primaryName(tss, TPM_RH.OWNER)).toEqual(before);
  });

  it("HierarchyControl: the platform disables and re-enables the owner hierarchy and platform NV; phEnable back after a power cycle", async () => {
    const c = ctx();
    const { tss } = c;
    await tss.hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.OWNER, state: false }, pw());
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.shEnable).toBe(0);
    expect(rcOf(await primaryName(tss, TPM_RH.OWNER).catch((e) => e))).toBe(RC.hierarchyHandle1);
    await tss.hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.OWNER, state: true }, pw());
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.shEnable).toBeTruthy();
    await primaryName(tss, TPM_RH.OWNER);
    // The platform may disable its own hierarchy: then only a power cycle (Startup(CLEAR)) sets phEnable again.
    await tss.hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.PLATFORM, state: false }, pw());
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.phEnable).toBe(0);
    expect(rcOf(await primaryName(tss, TPM_RH.PLATFORM).catch((e) => e))).toBe(RC.hierarchyHandle1);
    // Platform NV (phEnableNV) likewise; the platform's own commands are refused while phEnable is clear.
    expect(
      rcOf(
        await tss
          .hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.PLATFORM_NV, state: false }, pw())
          .catch((e) => e),
      ),
    ).toBe(RC.hierarchyHandle1);
    await powerCycle(c.tpm, tss);
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.phEnable).toBeTruthy();
    await tss.hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.PLATFORM_NV, state: false }, pw());
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.phEnableNV).toBe(0);
    await tss.hierarchyControl({ authHandle: TPM_RH.PLATFORM, enable: TPM_RH.PLATFORM_NV, state: true }, pw());
    expect((await property(tss, TPM_PT.STARTUP_CLEAR)) & TPMA_STARTUP_CLEAR.phEnableNV).toBeTruthy();
    await primaryName(tss, TPM_RH.PLATFORM);
  });

  it("ClearControl refuses Clear; once allowed, Clear empties ownerAuth and replaces the storage seed", async () => {
    const { tss } = ctx();
    const before = await primaryName(tss, TPM_RH.OWNER);
    await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: enc("owner-3") }, pw());
    await tss.clearControl({ auth: TPM_RH.PLATFORM, disable: true }, pw());
    expect((await property(tss, TPM_PT.PERMANENT)) & TPMA_PERMANENT.disableClear).toBeTruthy();
    expect(rcOf(await tss.clear({ authHandle: TPM_RH.PLATFORM }, pw()).catch((e) => e))).toBe(RC.disabled);
    await tss.clearControl({ auth: TPM_RH.PLATFORM, disable: false }, pw());
    await tss.clear({ authHandle: TPM_RH.LOCKOUT }, pw());
    const permanent = await property(tss, TPM_PT.PERMANENT);
    expect(permanent & (TPMA_PERMANENT.ownerAuthSet | TPMA_PERMANENT.disableClear)).toBe(0);
    const after = await primaryName(tss, TPM_RH.OWNER);
    expect(after).not.toEqual(before);
  });

  it("ChangeEPS changes the EK's Name, ChangePPS a platform primary's; the owner's stays", async () => {
    const { tss } = ctx();
    // The TCG EK (low range, ECC NIST P-256 template): its Name is the EK's identity.
    const ekName = () => primaryName(tss, TPM_RH.ENDORSEMENT, undefined, ekTemplate("ecc-p256"));
    const ek = await ekName();
    const platform = await primaryName(tss, TPM_RH.PLATFORM);
    const owner = await primaryName(tss, TPM_RH.OWNER);
    await tss.changeEPS({ authHandle: TPM_RH.PLATFORM }, pw());
    const ek2 = await ekName();
    expect(ek2).not.toEqual(ek);
    expect(await primaryName(tss, TPM_RH.PLATFORM)).toEqual(platform);
    await tss.changePPS({ authHandle: TPM_RH.PLATFORM }, pw());
    expect(await primaryName(tss, TPM_RH.PLATFORM)).not.toEqual(platform);
    expect(await ekName()).toEqual(ek2);
    expect(await primaryName(tss, TPM_RH.OWNER)).toEqual(owner);
  });

  it("SetPrimaryPolicy sets and clears the owner's authPolicy (TPM_CAP_AUTH_POLICIES)", async () => {
    const { tss } = ctx();
    const policy = new Uint8Array(32).map((_, i) => i * 7 + 1);
    const ownerPolicy = async () => {
      const out = await tss.getCapability({
        capability: TPM_CAP.AUTH_POLICIES,
        property: TPM_RH.OWNER,
        propertyCount: 1,
      });
      const list = (out.capabilityData.data as { authPolicies: { handle: number; policyHash: any }[] }).authPolicies;
      expect(list[0]!.handle).toBe(TPM_RH.OWNER);
      return list[0]!.policyHash as { hashAlg: number; digest: Record<string, Uint8Array> };
    };
    await tss.setPrimaryPolicy({ authHandle: TPM_RH.OWNER, authPolicy: policy, hashAlg: TPM_ALG_ID.SHA256 }, pw());
    const set = await ownerPolicy();
    expect(set.hashAlg).toBe(TPM_ALG_ID.SHA256);
    expect(set.digest.sha256).toEqual(policy);
    // A digest whose size does not match the hash algorithm is refused (TPM_RC_SIZE at parameter 1).
    const wrong = await tss
      .setPrimaryPolicy({ authHandle: TPM_RH.OWNER, authPolicy: policy.slice(0, 20), hashAlg: TPM_ALG_ID.SHA256 }, pw())
      .catch((e) => e);
    expect(rcOf(wrong)).toBe(0x1d5);
    await tss.setPrimaryPolicy({ authHandle: TPM_RH.OWNER, authPolicy: empty, hashAlg: TPM_ALG_ID.NULL }, pw());
    expect((await ownerPolicy()).hashAlg).toBe(TPM_ALG_ID.NULL);
  });

  it("DictionaryAttackParameters are read back; failures lock a DA-protected key out until DictionaryAttackLockReset", async () => {
    const { tss } = ctx();
    await tss.dictionaryAttackParameters(
      { lockHandle: TPM_RH.LOCKOUT, newMaxTries: 3, newRecoveryTime: 1000, lockoutRecovery: 7 },
      pw(),
    );
    expect(await property(tss, TPM_PT.MAX_AUTH_FAIL)).toBe(3);
    expect(await property(tss, TPM_PT.LOCKOUT_INTERVAL)).toBe(1000);
    expect(await property(tss, TPM_PT.LOCKOUT_RECOVERY)).toBe(7);
    expect(await property(tss, TPM_PT.LOCKOUT_COUNTER)).toBe(0);
    // A signing key without noDA and with a password: its authorization failures count.
    const template = eccSigningKey();
    const key = await tss.createPrimary(
      {
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: enc("key-pw"), data: empty } },
        inPublic: { publicArea: { ...template, objectAttributes: template.objectAttributes & ~TPMA_OBJECT.noDA } },
        outsideInfo: empty,
        creationPCR: [],
      } as never,
      pw(),
    );
    const keyHandle = key.objectHandle as number;
    const sign = (password: string) =>
      tss.sign(
        {
          keyHandle,
          digest: new Uint8Array(32).fill(5),
          inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
          validation: { tag: 0x8024, hierarchy: TPM_RH.NULL, digest: empty },
        } as never,
        pw(password),
      );
    try {
      await sign("key-pw");
      for (let i = 1; i <= 3; i++) {
        expect(rcOf(await sign("wrong").catch((e) => e))).toBe(RC.authFailSession1);
        expect(await property(tss, TPM_PT.LOCKOUT_COUNTER)).toBe(i);
      }
      expect((await property(tss, TPM_PT.PERMANENT)) & TPMA_PERMANENT.inLockout).toBeTruthy();
      expect(rcOf(await sign("key-pw").catch((e) => e))).toBe(RC.lockout);
      await tss.dictionaryAttackLockReset({ lockHandle: TPM_RH.LOCKOUT }, pw());
      expect(await property(tss, TPM_PT.LOCKOUT_COUNTER)).toBe(0);
      expect((await property(tss, TPM_PT.PERMANENT)) & TPMA_PERMANENT.inLockout).toBe(0);
      await sign("key-pw");
      // A wrong lockout password is itself a failure: lockoutAuth is then unusable for lockoutRecovery (7 s).
      const lockoutFail = await tss
        .dictionaryAttackLockReset({ lockHandle: TPM_RH.LOCKOUT }, pw("nope"))
        .catch((e) => e);
      expect(rcOf(lockoutFail)).toBe(RC.authFailSession1);
      expect(rcOf(await tss.dictionaryAttackLockReset({ lockHandle: TPM_RH.LOCKOUT }, pw()).catch((e) => e))).toBe(
        RC.lockout,
      );
    } finally {
      await tss.flushContext({ flushHandle: keyHandle });
    }
  });

  it("ReadClock; ClockSet moves Clock forward only; ClockRateAdjust takes -3..3", async () => {
    const { tss } = ctx();
    const read = async () => (await tss.readClock({})).currentTime;
    const t0 = await read();
    expect(t0.clockInfo.safe).toBeTruthy();
    const target = BigInt(t0.clockInfo.clock) + 3_600_000n;
    await tss.clockSet({ auth: TPM_RH.OWNER, newTime: target }, pw());
    const t1 = await read();
    expect(BigInt(t1.clockInfo.clock) >= target).toBe(true);
    expect(BigInt(t1.clockInfo.clock) < target + 60_000n).toBe(true);
    // Time (since the last reset) does not jump with Clock.
    expect(BigInt(t1.time) < target).toBe(true);
    const back = await tss
      .clockSet({ auth: TPM_RH.PLATFORM, newTime: BigInt(t0.clockInfo.clock) }, pw())
      .catch((e) => e);
    expect(rcOf(back)).toBe(RC.valueParameter1);
    for (const rateAdjust of [-3, -2, -1, 0, 1, 2, 3])
      await tss.clockRateAdjust({ auth: TPM_RH.PLATFORM, rateAdjust }, pw());
    expect(rcOf(await tss.clockRateAdjust({ auth: TPM_RH.PLATFORM, rateAdjust: 4 }, pw()).catch((e) => e))).toBe(
      RC.valueParameter1,
    );
    expect(BigInt((await read()).clockInfo.clock) >= BigInt(t1.clockInfo.clock)).toBe(true);
  });
});
