// The NV commands the other suites do not run, through the library on every
// plugin combination, each with its effect checked: NV_Increment on a counter,
// NV_SetBits on a bit field, NV_Extend on an extend index (against node:crypto's
// hash), PIN Pass and PIN Fail indexes (TPMS_NV_PIN_COUNTER_PARAMETERS: pinCount
// moves as the specification says and authorization stops at pinLimit), indexes
// authorized by the owner and platform hierarchies (-hia o / p), and the locks:
// NV_WriteLock (WRITE_STCLEAR and WRITEDEFINE), NV_ReadLock (READ_STCLEAR) and
// NV_GlobalWriteLock (GLOBALLOCK) across a power cycle with Startup(CLEAR).
// NV_DefineSpace/UndefineSpace/Read/Write/ReadPublic/ChangeAuth/UndefineSpaceSpecial
// with HMAC and policy sessions are in names.test.ts; NV_Certify in attestation-commands.test.ts.
import { createHash } from "node:crypto";
import {
  TPM_ALG_ID,
  TPM_CAP,
  TPM_NT,
  TPM_RH,
  TPM_SE,
  TPM_SU,
  TPMA_NV,
  TPMA_SESSION,
  TpmError,
  withTpmaNvType,
} from "@tss/marshal";
import { SwtpmPlatform } from "@tss/transport-mssim";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import type { Swtpm } from "../src/swtpm.js";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";

const enc = new TextEncoder();
const empty = new Uint8Array(0);
const PW = TPM_RH.PW;
const pw = (password: string | Uint8Array = "") => ({ sessions: [{ handle: PW, password }] });

/** The response code of a rejected promise (or the value when it did not reject). */
const rcOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  return e instanceof TpmError ? e.responseCode : e;
};

/** TPM_RC values checked (format zero; warnings and format one as the TPM returns them for handle/session 1). */
const RC = {
  NV_LOCKED: 0x148,
  NV_AUTHORIZATION: 0x149,
  NV_UNINITIALIZED: 0x14a,
  AUTH_UNAVAILABLE: 0x12f,
  BAD_AUTH_SESSION1: 0x9a2,
};

/** An index's public area with `type` and `attributes`. */
function nvPublic(
  nvIndex: number,
  type: number,
  attributes: number,
  dataSize: number,
  nameAlg: number = TPM_ALG_ID.SHA256,
) {
  return { nvIndex, nameAlg, attributes: withTpmaNvType(attributes >>> 0, type), authPolicy: empty, dataSize };
}

async function define(tss: Tss, hierarchy: number, auth: string, pub: ReturnType<typeof nvPublic>) {
  await tss.nvDefineSpace({ authHandle: hierarchy, auth: enc.encode(auth), publicInfo: { nvPublic: pub } }, pw());
}

async function readAll(tss: Tss, authHandle: number, nvIndex: number, size: number, password = "") {
  return (await tss.nvRead({ authHandle, nvIndex, size, offset: 0 }, pw(password))).data;
}

async function attributesOf(tss: Tss, nvIndex: number): Promise<number> {
  return (await tss.nvReadPublic({ nvIndex })).nvPublic.nvPublic.attributes >>> 0;
}

const u64 = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
/** A PIN index's value: pinCount and pinLimit. */
const pinOf = (bytes: Uint8Array) => {
  const v = new DataView(bytes.buffer, bytes.byteOffset, 8);
  return { pinCount: v.getUint32(0), pinLimit: v.getUint32(4) };
};
const pinData = (pinCount: number, pinLimit: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, pinCount);
  new DataView(b.buffer).setUint32(4, pinLimit);
  return b;
};

/** A power cycle on swtpm's control channel, then Startup(CLEAR). */
async function resetTpm(tss: Tss, tpm: Swtpm): Promise<void> {
  await tss.shutdown({ shutdownType: TPM_SU.CLEAR });
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

/** TPM_PT_LOCKOUT_COUNTER: authorization failures the TPM counts against the lockout. */
async function lockoutCounter(tss: Tss): Promise<number> {
  const out = await tss.getCapability({ capability: TPM_CAP.TPM_PROPERTIES, property: 0x20e, propertyCount: 1 });
  const list = (out.capabilityData.data as { tpmProperties: { property: number; value: number }[] }).tpmProperties;
  return list.find((p) => p.property === 0x20e)!.value;
}

describeMatrix("NV commands", (ctx, combination) => {
  it("NV_Increment, NV_SetBits and NV_Extend change counter, bit-field and extend indexes as the specification says", async () => {
    const { tss } = ctx();
    const rw = TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA;
    const counter = 0x01520000;
    await define(tss, TPM_RH.OWNER, "c", nvPublic(counter, TPM_NT.COUNTER, rw, 8));
    // A counter is unreadable until its first increment.
    expect(await rcOf(readAll(tss, counter, counter, 8, "c"))).toBe(RC.NV_UNINITIALIZED);
    await tss.nvIncrement({ authHandle: counter, nvIndex: counter }, pw("c"));
    const first = u64(await readAll(tss, counter, counter, 8, "c"));
    await tss.nvIncrement({ authHandle: counter, nvIndex: counter }, pw("c"));
    expect(u64(await readAll(tss, counter, counter, 8, "c"))).toBe(first + 1n);
    // NV_Write is refused on a counter.
    expect(
      await rcOf(tss.nvWrite({ authHandle: counter, nvIndex: counter, data: new Uint8Array(8), offset: 0 }, pw("c"))),
    ).not.toBeUndefined();

    const bits = 0x01520001;
    await define(tss, TPM_RH.OWNER, "b", nvPublic(bits, TPM_NT.BITS, rw, 8));
    await tss.nvSetBits({ authHandle: bits, nvIndex: bits, bits: 0x5n }, pw("b"));
    expect(u64(await readAll(tss, bits, bits, 8, "b"))).toBe(0x5n);
    await tss.nvSetBits({ authHandle: bits, nvIndex: bits, bits: 0x8000_0000_0000_0100n }, pw("b"));
    expect(u64(await readAll(tss, bits, bits, 8, "b"))).toBe(0x8000_0000_0000_0105n);

    for (const [alg, name, size] of [
      [TPM_ALG_ID.SHA256, "sha256", 32],
      [TPM_ALG_ID.SHA1, "sha1", 20],
    ] as const) {
      const ext = 0x01520002;
      await define(tss, TPM_RH.OWNER, "e", nvPublic(ext, TPM_NT.EXTEND, rw, size, alg));
      let expected = new Uint8Array(size);
      for (const data of ["abc", "a longer second extend"]) {
        await tss.nvExtend({ authHandle: ext, nvIndex: ext, data: enc.encode(data) }, pw("e"));
        expected = new Uint8Array(createHash(name).update(expected).update(data).digest());
        expect(await readAll(tss, ext, ext, size, "e")).toEqual(expected);
      }
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: ext }, pw());
    }
    for (const nvIndex of [counter, bits]) await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }, pw());
  });

  it("PIN Pass: each authorization with the PIN counts in pinCount; at pinLimit the PIN no longer authorizes", async () => {
    const { tss } = ctx();
    const nvIndex = 0x01520010;
    await define(
      tss,
      TPM_RH.OWNER,
      "pin",
      nvPublic(nvIndex, TPM_NT.PIN_PASS, TPMA_NV.OWNERWRITE | TPMA_NV.OWNERREAD | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA, 8),
    );
    await tss.nvWrite({ authHandle: TPM_RH.OWNER, nvIndex, data: pinData(0, 2), offset: 0 }, pw());
    // Each read under the PIN succeeds and counts; owner reads do not count.
    expect(pinOf(await readAll(tss, nvIndex, nvIndex, 8, "pin"))).toEqual({ pinCount: 1, pinLimit: 2 });
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 1, pinLimit: 2 });
    expect(pinOf(await readAll(tss, nvIndex, nvIndex, 8, "pin"))).toEqual({ pinCount: 2, pinLimit: 2 });
    // pinCount reached pinLimit: the right PIN is refused, and a wrong one too.
    expect(await rcOf(readAll(tss, nvIndex, nvIndex, 8, "pin"))).toBe(RC.AUTH_UNAVAILABLE);
    expect(await rcOf(readAll(tss, nvIndex, nvIndex, 8, "wrong"))).toBe(RC.AUTH_UNAVAILABLE);
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 2, pinLimit: 2 });
    // The owner raises the limit: the PIN authorizes again.
    await tss.nvWrite({ authHandle: TPM_RH.OWNER, nvIndex, data: pinData(2, 3), offset: 0 }, pw());
    expect(pinOf(await readAll(tss, nvIndex, nvIndex, 8, "pin"))).toEqual({ pinCount: 3, pinLimit: 3 });
    await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }, pw());
  });

  it("PIN Fail: a wrong PIN counts in pinCount, the right one resets it; at pinLimit even the right PIN fails", async () => {
    const { tss } = ctx();
    const nvIndex = 0x01520011;
    await define(
      tss,
      TPM_RH.OWNER,
      "pin",
      nvPublic(nvIndex, TPM_NT.PIN_FAIL, TPMA_NV.OWNERWRITE | TPMA_NV.OWNERREAD | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA, 8),
    );
    await tss.nvWrite({ authHandle: TPM_RH.OWNER, nvIndex, data: pinData(0, 2), offset: 0 }, pw());
    // A wrong PIN: BAD_AUTH (NO_DA: no lockout), and pinCount counts it.
    expect(await rcOf(readAll(tss, nvIndex, nvIndex, 8, "wrong"))).toBe(RC.BAD_AUTH_SESSION1);
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 1, pinLimit: 2 });
    // The right PIN authorizes and resets pinCount (the read already sees it reset).
    expect(pinOf(await readAll(tss, nvIndex, nvIndex, 8, "pin"))).toEqual({ pinCount: 0, pinLimit: 2 });
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 0, pinLimit: 2 });
    for (let i = 0; i < 2; i++)
      expect(await rcOf(readAll(tss, nvIndex, nvIndex, 8, "wrong"))).toBe(RC.BAD_AUTH_SESSION1);
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 2, pinLimit: 2 });
    // At the limit the right PIN is refused too, and pinCount stays.
    expect(await rcOf(readAll(tss, nvIndex, nvIndex, 8, "pin"))).toBe(RC.AUTH_UNAVAILABLE);
    expect(pinOf(await readAll(tss, TPM_RH.OWNER, nvIndex, 8))).toEqual({ pinCount: 2, pinLimit: 2 });
    await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }, pw());
  });

  it.skipIf(combination.crypto.name === "none")(
    "a PIN Pass index authorizing PolicySecret spends pinCount; a PIN Fail index counts a wrong PIN there too (needs crypto: policy session nonces)",
    async () => {
      const { tss } = ctx();
      const [pass, fail] = [0x01520012, 0x01520013];
      const attributes = TPMA_NV.OWNERWRITE | TPMA_NV.OWNERREAD | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA;
      await define(tss, TPM_RH.OWNER, "pin", nvPublic(pass, TPM_NT.PIN_PASS, attributes, 8));
      await define(tss, TPM_RH.OWNER, "pin", nvPublic(fail, TPM_NT.PIN_FAIL, attributes, 8));
      for (const i of [pass, fail])
        await tss.nvWrite({ authHandle: TPM_RH.OWNER, nvIndex: i, data: pinData(0, 1), offset: 0 }, pw());
      const session = await startAuthSession(tss, { sessionType: TPM_SE.POLICY });
      const secret = (authHandle: number, password: string) =>
        tss.policySecret(
          { authHandle, policySession: session, nonceTPM: empty, cpHashA: empty, policyRef: empty, expiration: 0 },
          pw(password),
        );
      await secret(pass, "pin");
      expect(pinOf(await readAll(tss, TPM_RH.OWNER, pass, 8))).toEqual({ pinCount: 1, pinLimit: 1 });
      expect(await rcOf(secret(pass, "pin"))).toBe(RC.AUTH_UNAVAILABLE);
      expect(await rcOf(secret(fail, "wrong"))).toBe(RC.BAD_AUTH_SESSION1);
      expect(pinOf(await readAll(tss, TPM_RH.OWNER, fail, 8))).toEqual({ pinCount: 1, pinLimit: 1 });
      expect(await rcOf(secret(fail, "pin"))).toBe(RC.AUTH_UNAVAILABLE);
      await tss.flushContext({ flushHandle: session });
      for (const i of [pass, fail]) await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: i }, pw());
    },
  );

  it("hierarchy-authorized indexes: owner (OWNERWRITE/OWNERREAD) and platform (PPWRITE/PPREAD, PLATFORMCREATE); the index's own auth is refused", async () => {
    const { tss } = ctx();
    const owner = 0x01520020;
    await define(
      tss,
      TPM_RH.OWNER,
      "idx",
      nvPublic(owner, TPM_NT.ORDINARY, TPMA_NV.OWNERWRITE | TPMA_NV.OWNERREAD | TPMA_NV.NO_DA, 4),
    );
    await tss.nvWrite({ authHandle: TPM_RH.OWNER, nvIndex: owner, data: enc.encode("own!"), offset: 0 }, pw());
    expect(await readAll(tss, TPM_RH.OWNER, owner, 4)).toEqual(enc.encode("own!"));
    expect(await rcOf(readAll(tss, owner, owner, 4, "idx"))).toBe(RC.AUTH_UNAVAILABLE);
    expect(await rcOf(readAll(tss, TPM_RH.PLATFORM, owner, 4))).toBe(RC.NV_AUTHORIZATION);
    await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: owner }, pw());

    const platform = 0x01520021;
    await define(
      tss,
      TPM_RH.PLATFORM,
      "idx",
      nvPublic(platform, TPM_NT.ORDINARY, TPMA_NV.PPWRITE | TPMA_NV.PPREAD | TPMA_NV.NO_DA | TPMA_NV.PLATFORMCREATE, 4),
    );
    await tss.nvWrite({ authHandle: TPM_RH.PLATFORM, nvIndex: platform, data: enc.encode("plat"), offset: 0 }, pw());
    expect(await readAll(tss, TPM_RH.PLATFORM, platform, 4)).toEqual(enc.encode("plat"));
    expect(await rcOf(readAll(tss, TPM_RH.OWNER, platform, 4))).toBe(RC.NV_AUTHORIZATION);
    expect(await rcOf(tss.nvIncrement({ authHandle: TPM_RH.PLATFORM, nvIndex: platform }, pw()))).not.toBeUndefined();
    // A platform-created index is not the owner's to delete.
    expect(await rcOf(tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: platform }, pw()))).not.toBeUndefined();
    await tss.nvUndefineSpace({ authHandle: TPM_RH.PLATFORM, nvIndex: platform }, pw());
  });

  it("NV_WriteLock (WRITE_STCLEAR, WRITEDEFINE), NV_ReadLock (READ_STCLEAR), NV_GlobalWriteLock (GLOBALLOCK) across Startup(CLEAR)", async () => {
    const { tss, tpm } = ctx();
    const rw = TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA;
    const [stclear, define_, global, plain] = [0x01520030, 0x01520031, 0x01520032, 0x01520033];
    await define(
      tss,
      TPM_RH.OWNER,
      "",
      nvPublic(stclear, TPM_NT.ORDINARY, rw | TPMA_NV.WRITE_STCLEAR | TPMA_NV.READ_STCLEAR, 4),
    );
    await define(tss, TPM_RH.OWNER, "", nvPublic(define_, TPM_NT.ORDINARY, rw | TPMA_NV.WRITEDEFINE, 4));
    await define(tss, TPM_RH.OWNER, "", nvPublic(global, TPM_NT.ORDINARY, rw | TPMA_NV.GLOBALLOCK, 4));
    await define(tss, TPM_RH.OWNER, "", nvPublic(plain, TPM_NT.ORDINARY, rw, 4));
    const write = (nvIndex: number, text: string) =>
      tss.nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode(text), offset: 0 }, pw());
    for (const i of [stclear, define_, global, plain]) await write(i, "1111");
    await tss.nvWriteLock({ authHandle: stclear, nvIndex: stclear }, pw());
    await tss.nvWriteLock({ authHandle: define_, nvIndex: define_ }, pw());
    await tss.nvReadLock({ authHandle: stclear, nvIndex: stclear }, pw());
    await tss.nvGlobalWriteLock({ authHandle: TPM_RH.OWNER }, pw());
    for (const i of [stclear, define_, global]) {
      expect(await rcOf(write(i, "2222"))).toBe(RC.NV_LOCKED);
      expect((await attributesOf(tss, i)) & TPMA_NV.WRITELOCKED).toBe(TPMA_NV.WRITELOCKED);
    }
    expect(await rcOf(readAll(tss, stclear, stclear, 4))).toBe(RC.NV_LOCKED);
    expect((await attributesOf(tss, stclear)) & TPMA_NV.READLOCKED).toBe(TPMA_NV.READLOCKED);
    expect(await readAll(tss, define_, define_, 4)).toEqual(enc.encode("1111"));
    // An index without GLOBALLOCK is not locked by NV_GlobalWriteLock.
    await write(plain, "2222");
    expect(await readAll(tss, plain, plain, 4)).toEqual(enc.encode("2222"));

    await resetTpm(tss, tpm);
    // Startup(CLEAR) unlocks the STCLEAR and global locks; WRITEDEFINE's lock is for good.
    await write(stclear, "3333");
    expect(await readAll(tss, stclear, stclear, 4)).toEqual(enc.encode("3333"));
    await write(global, "3333");
    expect(await rcOf(write(define_, "3333"))).toBe(RC.NV_LOCKED);
    expect(await readAll(tss, define_, define_, 4)).toEqual(enc.encode("1111"));
    for (const i of [stclear, define_, global, plain])
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: i }, pw());
  });
  it.skipIf(combination.crypto.name === "none")(
    "HMAC sessions on a DA-protected GLOBALLOCK index after NV_GlobalWriteLock and after Startup(CLEAR): the TSS re-reads the Name the lock changed, no DA failure (skipped without a crypto plugin: HMAC sessions need one)",
    async () => {
      const { tss, tpm } = ctx();
      const index = 0x01520034;
      // DA-protected (no NO_DA): an HMAC over a stale Name would count against the lockout.
      const attrs = TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.GLOBALLOCK;
      await define(tss, TPM_RH.OWNER, "gl-pw", nvPublic(index, TPM_NT.ORDINARY, attrs, 4));
      const before = await lockoutCounter(tss);
      const session = await startAuthSession(tss);
      const hmac = { sessions: [{ handle: session, password: "gl-pw", attributes: TPMA_SESSION.continueSession }] };
      const read = async () => (await tss.nvRead({ authHandle: index, nvIndex: index, size: 4, offset: 0 }, hmac)).data;
      await tss.nvWrite({ authHandle: index, nvIndex: index, data: enc.encode("glob"), offset: 0 }, hmac);
      expect(await read()).toEqual(enc.encode("glob"));
      // NV_GlobalWriteLock sets WRITELOCKED on the index: its Name changes.
      await tss.nvGlobalWriteLock({ authHandle: TPM_RH.OWNER }, pw());
      expect(await read()).toEqual(enc.encode("glob"));
      // Startup(CLEAR) clears the global lock: the Name changes back.
      await tss.flushContext({ flushHandle: session });
      await resetTpm(tss, tpm);
      const again = await startAuthSession(tss);
      const hmac2 = { sessions: [{ handle: again, password: "gl-pw", attributes: TPMA_SESSION.continueSession }] };
      await tss.nvWrite({ authHandle: index, nvIndex: index, data: enc.encode("open"), offset: 0 }, hmac2);
      expect((await tss.nvRead({ authHandle: index, nvIndex: index, size: 4, offset: 0 }, hmac2)).data).toEqual(
        enc.encode("open"),
      );
      await tss.flushContext({ flushHandle: again });
      expect(await lockoutCounter(tss)).toBe(before);
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: index }, pw());
    },
  );
});
