// More session shapes: salts on RSA 3072 and ECC P-384 tpmKeys; three sessions
// on one command (authorization, decrypt-only, encrypt-only); an audit session;
// an HMAC session continued by a second context through the file store.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TPM_ALG_ID, TPM_ECC_CURVE, TPM_RH, TPMA_SESSION } from "@tss/marshal";
import { createTss } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";
import { eccStorageKey, ordinaryNvIndex, rsaStorageKey, sealedData } from "./support/templates.js";

const enc = new TextEncoder();
const empty = new Uint8Array(0);
const { continueSession, decrypt, encrypt, audit } = TPMA_SESSION;

describeMatrix(
  "more sessions",
  (ctx) => {
    for (const [label, template] of [
      ["RSA 3072", rsaStorageKey(3072)],
      ["ECC P-384 (SHA-384 name)", eccStorageKey(TPM_ECC_CURVE.NIST_P384, TPM_ALG_ID.SHA384)],
    ] as const) {
      it(`salted with an ${label} tpmKey, AES both ways`, async () => {
        const { tss } = ctx();
        const key = await tss.createPrimary({
          primaryHandle: TPM_RH.OWNER,
          inSensitive: { sensitive: { userAuth: empty, data: empty } },
          inPublic: { publicArea: template },
          outsideInfo: empty,
          creationPCR: [],
        });
        const s = await startAuthSession(tss, {
          cipher: "aes128",
          tpmKey: key.objectHandle,
          authHash: TPM_ALG_ID.SHA384,
        });
        const nvIndex = 0x01520000 + (template.type & 0xff);
        await tss.nvDefineSpace(
          {
            authHandle: TPM_RH.OWNER,
            auth: enc.encode("salty"),
            publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 16) },
          },
          { sessions: [{ handle: s, password: "", attributes: continueSession | decrypt }] },
        );
        const data = enc.encode("0123456789ABCDEF");
        await tss.nvWrite(
          { authHandle: nvIndex, nvIndex, data, offset: 0 },
          { sessions: [{ handle: s, password: "salty", attributes: continueSession | decrypt }] },
        );
        const out = await tss.nvRead(
          { authHandle: nvIndex, nvIndex, size: 16, offset: 0 },
          { sessions: [{ handle: s, password: "salty", attributes: continueSession | encrypt }] },
        );
        expect(out.data).toEqual(data);
        await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
        await tss.flushContext({ flushHandle: s });
        await tss.flushContext({ flushHandle: key.objectHandle });
      });
    }

    it("three sessions on one command: authorization, a decrypt session and an encrypt session (Create, then Unseal)", async () => {
      const { tss } = ctx();
      const parent = await tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: enc.encode("parent"), data: empty } },
        inPublic: { publicArea: rsaStorageKey() },
        outsideInfo: empty,
        creationPCR: [],
      });
      const d = await startAuthSession(tss, { cipher: "aes128", authHash: TPM_ALG_ID.SHA1 });
      const e = await startAuthSession(tss, { cipher: "xor", authHash: TPM_ALG_ID.SHA384 });
      const auth = await startAuthSession(tss, { authHash: TPM_ALG_ID.SHA256 });
      try {
        const secret = enc.encode("three sessions, one command");
        const created = await tss.create(
          {
            parentHandle: parent.objectHandle,
            inSensitive: { sensitive: { userAuth: enc.encode("leaf"), data: secret } },
            inPublic: { publicArea: sealedData() },
            outsideInfo: empty,
            creationPCR: [],
          },
          {
            sessions: [
              { handle: auth, password: "parent", attributes: continueSession },
              { handle: d, attributes: continueSession | decrypt },
              { handle: e, attributes: continueSession | encrypt },
            ],
          },
        );
        const loaded = await tss.load(
          { parentHandle: parent.objectHandle, inPrivate: created.outPrivate, inPublic: created.outPublic },
          { sessions: [{ handle: TPM_RH.PW, password: "parent" }] },
        );
        const out = await tss.unseal(
          { itemHandle: loaded.objectHandle },
          {
            sessions: [
              { handle: TPM_RH.PW, password: "leaf" },
              { handle: e, attributes: continueSession | encrypt },
            ],
          },
        );
        expect(out.outData).toEqual(secret);
        await tss.flushContext({ flushHandle: loaded.objectHandle });
      } finally {
        for (const h of [d, e, auth, parent.objectHandle])
          await tss.flushContext({ flushHandle: h }).catch(() => undefined);
      }
    });

    it("an audit session: the TPM's session audit digest equals the one the TSS kept", async () => {
      const { tss } = ctx();
      const s = await startAuthSession(tss, { authHash: TPM_ALG_ID.SHA256 });
      for (let i = 0; i < 3; i++) {
        await tss.getRandom({ bytesRequested: 8 }, { sessions: [{ handle: s, attributes: continueSession | audit }] });
      }
      const digest = await tss.getSessionAuditDigest({
        privacyAdminHandle: TPM_RH.ENDORSEMENT,
        signHandle: TPM_RH.NULL,
        sessionHandle: s,
        qualifyingData: empty,
        inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
      });
      const attest = digest.auditInfo;
      expect(attest.length).toBeGreaterThan(0);
      const kept = tss.sessionState(s)?.auditDigest;
      expect(kept).toBeDefined();
      expect(Buffer.from(attest).includes(Buffer.from(kept!))).toBe(true);
      await tss.flushContext({ flushHandle: s });
    });

    it("a second context continues an HMAC session through the file store (sealed state)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "tss-handoff-"));
      try {
        await ctx().release();
        const props = { TPM_SESSION_ENCKEY: "000102030405060708090a0b0c0d0e0f" };
        const first = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(dir),
          properties: props,
        });
        const nvIndex = 0x01520020;
        await first.nvDefineSpace({
          authHandle: TPM_RH.OWNER,
          auth: enc.encode("handoff"),
          publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4) },
        });
        const s = await startAuthSession(first, { cipher: "aes128" });
        await first.nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc.encode("one!"), offset: 0 },
          { sessions: [{ handle: s, password: "handoff", attributes: continueSession | decrypt }] },
        );
        await first.close();
        const second = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(dir),
          properties: props,
        });
        const out = await second.nvRead(
          { authHandle: nvIndex, nvIndex, size: 4, offset: 0 },
          { sessions: [{ handle: s, password: "handoff", attributes: continueSession | encrypt }] },
        );
        expect(out.data).toEqual(enc.encode("one!"));
        await second.flushContext({ flushHandle: s });
        await second.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
        await second.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("a file store honours pre-provisioned h<index>.bin and nvp<index>.bin: HMAC sessions work without NV_ReadPublic", async () => {
      const provision = mkdtempSync(join(tmpdir(), "tss-provision-"));
      const app = mkdtempSync(join(tmpdir(), "tss-app-"));
      try {
        await ctx().release();
        const nvIndex = 0x01520030;
        const installer = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(provision),
        });
        await installer.nvDefineSpace({
          authHandle: TPM_RH.OWNER,
          auth: enc.encode("pre"),
          publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 4) },
        });
        await installer.close();
        // The application is installed with only the two files, as the seed describes.
        for (const f of [`h0${nvIndex.toString(16)}.bin`, `nvp0${nvIndex.toString(16)}.bin`])
          copyFileSync(join(provision, f), join(app, f));
        const tss = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(app),
        });
        const s = await startAuthSession(tss, { cipher: "aes128" });
        await tss.nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc.encode("pre!"), offset: 0 },
          { sessions: [{ handle: s, password: "pre", attributes: continueSession | decrypt }] },
        );
        expect(
          (
            await tss.nvRead(
              { authHandle: nvIndex, nvIndex, size: 4, offset: 0 },
              { sessions: [{ handle: s, password: "pre", attributes: continueSession }] },
            )
          ).data,
        ).toEqual(enc.encode("pre!"));
        await tss.flushContext({ flushHandle: s });
        await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
        await tss.close();
      } finally {
        rmSync(provision, { recursive: true, force: true });
        rmSync(app, { recursive: true, force: true });
      }
    });

    it("a tampered or truncated saved session state is refused with STORE, and nothing is sent for it", async () => {
      const dir = mkdtempSync(join(tmpdir(), "tss-tamper-"));
      try {
        await ctx().release();
        const first = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(dir),
          properties: { TPM_SESSION_ENCKEY: "aa".repeat(16) },
        });
        const s = await startAuthSession(first, { cipher: "aes128" });
        await first.close();
        const file = join(dir, `h0${s.toString(16)}.bin`);
        const good = readFileSync(file);
        for (const bad of [
          Buffer.concat([good.subarray(0, 40), Buffer.from([good[40]! ^ 1]), good.subarray(41)]),
          good.subarray(0, good.length - 5),
        ]) {
          writeFileSync(file, bad);
          const second = createTss({
            transport: await ctx().combination.transport.make(ctx().tpm),
            crypto: ctx().crypto!,
            store: new FileStore(dir),
            properties: { TPM_SESSION_ENCKEY: "aa".repeat(16) },
          });
          const err = await second
            .getRandom({ bytesRequested: 4 }, { sessions: [{ handle: s, attributes: continueSession | encrypt }] })
            .catch((e) => e);
          expect(err.code).toBe("STORE");
          await second.close();
        }
        writeFileSync(file, good);
        const third = createTss({
          transport: await ctx().combination.transport.make(ctx().tpm),
          crypto: ctx().crypto!,
          store: new FileStore(dir),
          properties: { TPM_SESSION_ENCKEY: "aa".repeat(16) },
        });
        expect(
          (
            await third.getRandom(
              { bytesRequested: 4 },
              { sessions: [{ handle: s, attributes: continueSession | encrypt }] },
            )
          ).randomBytes,
        ).toHaveLength(4);
        await third.flushContext({ flushHandle: s });
        await third.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
  { filter: { needsCrypto: true } },
);
