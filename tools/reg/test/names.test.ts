// The seed's Name tracking with HMAC sessions: NV Names that change with
// WRITTEN and the locks, ReadPublic and NV_ReadPublic checked against their
// public areas, EvictControl and ContextSave/ContextLoad, and the auth-changing
// commands whose responses are verified under the right auth value.
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_NV, TPMA_SESSION, type Transport, type TssError } from "@tss/marshal";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";
import { ordinaryNvIndex, rsaStorageKey, sealedData } from "./support/templates.js";

const enc = new TextEncoder();
const empty = new Uint8Array(0);
const { continueSession, decrypt, encrypt } = TPMA_SESSION;

describeMatrix(
  "Name tracking",
  (ctx) => {
    it("an NV index whose Name changes across write, write lock and read lock stays usable with HMAC sessions", async () => {
      const { tss } = ctx();
      const nvIndex = 0x01510000;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: enc.encode("nv"),
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 8, TPMA_NV.WRITEDEFINE | TPMA_NV.READ_STCLEAR) },
      });
      const s = await startAuthSession(tss, { cipher: "aes128", bind: nvIndex, bindPassword: "nv" });
      const use = (extra = 0) => ({ sessions: [{ handle: s, password: "nv", attributes: continueSession | extra }] });
      const names: Uint8Array[] = [(await tss.nvReadPublic({ nvIndex })).nvName];
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode("12345678"), offset: 0 }, use(decrypt));
      names.push((await tss.nvReadPublic({ nvIndex })).nvName);
      expect((await tss.nvRead({ authHandle: nvIndex, nvIndex, size: 8, offset: 0 }, use(encrypt))).data).toEqual(
        enc.encode("12345678"),
      );
      await tss.nvWriteLock({ authHandle: nvIndex, nvIndex }, use());
      names.push((await tss.nvReadPublic({ nvIndex })).nvName);
      expect((await tss.nvRead({ authHandle: nvIndex, nvIndex, size: 8, offset: 0 }, use(encrypt))).data).toEqual(
        enc.encode("12345678"),
      );
      await tss.nvReadLock({ authHandle: nvIndex, nvIndex }, use());
      names.push((await tss.nvReadPublic({ nvIndex })).nvName);
      expect(new Set(names.map((n) => Buffer.from(n).toString("hex"))).size).toBe(4);
      const pub = (await tss.nvReadPublic({ nvIndex })).nvPublic.nvPublic;
      expect(pub.attributes & (TPMA_NV.WRITTEN | TPMA_NV.WRITELOCKED | TPMA_NV.READLOCKED)).toBe(
        (TPMA_NV.WRITTEN | TPMA_NV.WRITELOCKED | TPMA_NV.READLOCKED) >>> 0,
      );
      await tss.flushContext({ flushHandle: s });
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("tracks the Name without NV_ReadPublic: the TPM accepts HMACs over the Names the TSS computed", async () => {
      const { tss } = ctx();
      const nvIndex = 0x01510001;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: enc.encode("nv"),
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4) },
      });
      const s = await startAuthSession(tss, { cipher: "xor" });
      const use = { sessions: [{ handle: s, password: "nv", attributes: continueSession }] };
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode("abcd"), offset: 0 }, use);
      // The Name changed (WRITTEN) and was tracked: a second write and a read authorize.
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode("efgh"), offset: 0 }, use);
      expect((await tss.nvRead({ authHandle: nvIndex, nvIndex, size: 4, offset: 0 }, use)).data).toEqual(
        enc.encode("efgh"),
      );
      await tss.flushContext({ flushHandle: s });
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("NV_ReadPublic whose Name does not match its public area is NAME_MISMATCH", async () => {
      const { tss } = ctx();
      const nvIndex = 0x01510002;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: empty,
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4) },
      });
      await ctx().release();
      const inner = await ctx().combination.transport.make(ctx().tpm);
      const lying: Transport = {
        async send(c, o) {
          const r = await inner.send(c, o);
          const x = r.slice();
          x[x.length - 1]! ^= 1; // last byte of nvName
          return x;
        },
        close: () => inner.close(),
      };
      const other = await ctx().newTss({ transport: lying });
      const err = await other.nvReadPublic({ nvIndex }).catch((e) => e);
      expect((err as TssError).code).toBe("NAME_MISMATCH");
      await other.close();
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("EvictControl, ContextSave/FlushContext/ContextLoad keep object Names for HMAC sessions", async () => {
      const { tss } = ctx();
      const primary = await tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: enc.encode("p"), data: empty } },
        inPublic: { publicArea: rsaStorageKey() },
        outsideInfo: empty,
        creationPCR: [],
      });
      const s = await startAuthSession(tss, { cipher: "aes128" });
      const hmac = (pw: string, extra = 0) => ({
        sessions: [{ handle: s, password: pw, attributes: continueSession | extra }],
      });
      const sealed = await tss.create(
        {
          parentHandle: primary.objectHandle,
          inSensitive: { sensitive: { userAuth: enc.encode("o"), data: enc.encode("secret") } },
          inPublic: { publicArea: sealedData() },
          outsideInfo: empty,
          creationPCR: [],
        },
        hmac("p", decrypt),
      );
      const loaded = await tss.load(
        { parentHandle: primary.objectHandle, inPrivate: sealed.outPrivate, inPublic: sealed.outPublic },
        hmac("p"),
      );
      const { context } = await tss.contextSave({ saveHandle: loaded.objectHandle });
      await tss.flushContext({ flushHandle: loaded.objectHandle });
      const { loadedHandle } = await tss.contextLoad({ context });
      expect((await tss.unseal({ itemHandle: loadedHandle }, hmac("o", encrypt))).outData).toEqual(
        enc.encode("secret"),
      );
      await tss.flushContext({ flushHandle: loadedHandle }); // swtpm holds three transient objects
      const persistent = 0x81010001;
      await tss.evictControl(
        { auth: TPM_RH.OWNER, objectHandle: primary.objectHandle, persistentHandle: persistent },
        hmac(""),
      );
      const sealed2 = await tss.create(
        {
          parentHandle: persistent,
          inSensitive: { sensitive: { userAuth: empty, data: enc.encode("under the persistent key") } },
          inPublic: { publicArea: sealedData() },
          outsideInfo: empty,
          creationPCR: [],
        },
        hmac("p", decrypt),
      );
      expect(sealed2.outPrivate.length).toBeGreaterThan(0);
      await tss.evictControl({ auth: TPM_RH.OWNER, objectHandle: persistent, persistentHandle: persistent }, hmac(""));
      for (const h of [primary.objectHandle, s]) await tss.flushContext({ flushHandle: h });
      // A Name read back from the TPM agrees with the one the TSS tracked.
      expect(sealed2.outPublic.publicArea.type).toBe(TPM_ALG_ID.KEYEDHASH);
    });

    it("HierarchyChangeAuth, NV_ChangeAuth and ObjectChangeAuth answer under the right auth value", async () => {
      const { tss } = ctx();
      const s = await startAuthSession(tss, { cipher: "aes128" });
      const hmac = (pw: string | Uint8Array, extra = 0) => ({
        sessions: [{ handle: s, password: pw, attributes: continueSession | extra }],
      });
      // Owner auth: "" -> "owner\0pw" (bytes with a zero) -> "".
      const ownerAuth = Uint8Array.of(0x6f, 0x77, 0x00, 0x70, 0x77);
      await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: ownerAuth }, hmac("", decrypt));
      await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: empty }, hmac(ownerAuth));
      // NV_ChangeAuth needs a policy session with PolicyCommandCode(NV_ChangeAuth) and PolicyAuthValue.
      const trial = await startAuthSession(tss, { sessionType: TPM_SE.TRIAL });
      await tss.policyCommandCode({ policySession: trial, code: 0x13b });
      await tss.policyAuthValue({ policySession: trial });
      const { policyDigest } = await tss.policyGetDigest({ policySession: trial });
      await tss.flushContext({ flushHandle: trial });
      const nvIndex = 0x01510003;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: enc.encode("old"),
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4, 0, TPM_ALG_ID.SHA256, policyDigest) },
      });
      const policy = await startAuthSession(tss, { sessionType: TPM_SE.POLICY, cipher: "aes128" });
      await tss.policyCommandCode({ policySession: policy, code: 0x13b });
      await tss.policyAuthValue({ policySession: policy });
      await tss.nvChangeAuth(
        { nvIndex, newAuth: enc.encode("new") },
        { sessions: [{ handle: policy, password: "old", attributes: continueSession | decrypt }] },
      );
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode("ok!!"), offset: 0 }, hmac("new"));
      await tss.flushContext({ flushHandle: policy });
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
      // ObjectChangeAuth: the loaded object keeps its old auth; the new private works once loaded.
      const primary = await tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: rsaStorageKey() },
        outsideInfo: empty,
        creationPCR: [],
      });
      const obj = await tss.create(
        {
          parentHandle: primary.objectHandle,
          inSensitive: { sensitive: { userAuth: enc.encode("a1"), data: enc.encode("x") } },
          inPublic: { publicArea: sealedData() },
          outsideInfo: empty,
          creationPCR: [],
        },
        hmac(""),
      );
      const h1 = (
        await tss.load(
          { parentHandle: primary.objectHandle, inPrivate: obj.outPrivate, inPublic: obj.outPublic },
          hmac(""),
        )
      ).objectHandle;
      const changed = await tss.objectChangeAuth(
        { objectHandle: h1, parentHandle: primary.objectHandle, newAuth: enc.encode("a2") },
        hmac("a1", decrypt | encrypt),
      );
      const h2 = (
        await tss.load(
          { parentHandle: primary.objectHandle, inPrivate: changed.outPrivate, inPublic: obj.outPublic },
          hmac(""),
        )
      ).objectHandle;
      expect((await tss.unseal({ itemHandle: h2 }, hmac("a2", encrypt))).outData).toEqual(enc.encode("x"));
      for (const h of [h1, h2, primary.objectHandle, s]) await tss.flushContext({ flushHandle: h });
    });

    it("NV_UndefineSpaceSpecial with a policy session (PolicyAuthValue): the response verifies though the index is gone", async () => {
      const { tss } = ctx();
      const trial = await startAuthSession(tss, { sessionType: TPM_SE.TRIAL });
      await tss.policyCommandCode({ policySession: trial, code: 0x11f });
      await tss.policyAuthValue({ policySession: trial });
      const { policyDigest } = await tss.policyGetDigest({ policySession: trial });
      await tss.flushContext({ flushHandle: trial });
      const nvIndex = 0x01510004;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.PLATFORM,
        auth: enc.encode("doomed"),
        publicInfo: {
          nvPublic: ordinaryNvIndex(
            nvIndex,
            4,
            TPMA_NV.POLICY_DELETE | TPMA_NV.PLATFORMCREATE,
            TPM_ALG_ID.SHA256,
            policyDigest,
          ),
        },
      });
      const policy = await startAuthSession(tss, { sessionType: TPM_SE.POLICY, cipher: "aes128" });
      await tss.policyCommandCode({ policySession: policy, code: 0x11f });
      await tss.policyAuthValue({ policySession: policy });
      await tss.nvUndefineSpaceSpecial(
        { nvIndex, platform: TPM_RH.PLATFORM },
        {
          sessions: [
            { handle: policy, password: "doomed", attributes: continueSession },
            { handle: TPM_RH.PW, password: "" },
          ],
        },
      );
      const gone = await tss.nvReadPublic({ nvIndex }).catch((e) => e);
      expect(gone.name).toBe("TpmError");
      await tss.flushContext({ flushHandle: policy }).catch(() => undefined);
    });
  },
  { filter: { needsCrypto: true } },
);
