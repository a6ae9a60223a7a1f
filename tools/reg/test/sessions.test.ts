// Every session kind against swtpm, hidden behind execute(): HMAC, bound,
// salted (RSA 2048, ECC P-256), bound and salted; XOR and AES parameter
// encryption in each direction; SHA-1, SHA-256, SHA-384. The TPM accepting our
// HMACs and ciphertexts, and our reading back what we wrote, is the proof.
import { TPM_ALG_ID, TPM_RH, TPMA_SESSION } from "@tss/marshal";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { type Cipher, startAuthSession } from "./support/sessions.js";
import { eccStorageKey, ordinaryNvIndex, rsaStorageKey, sealedData } from "./support/templates.js";

const empty = new Uint8Array(0);
const { continueSession, decrypt, encrypt } = TPMA_SESSION;
const HASHES = [
  ["SHA1", TPM_ALG_ID.SHA1],
  ["SHA256", TPM_ALG_ID.SHA256],
  ["SHA384", TPM_ALG_ID.SHA384],
] as const;
const KINDS = ["plain", "bound", "bound-other", "salted-rsa", "salted-ecc", "bound-salted"] as const;
const CIPHERS: Cipher[] = ["xor", "aes128"];
const DIRECTIONS = [
  ["decrypt", decrypt],
  ["encrypt", encrypt],
  ["both", decrypt | encrypt],
] as const;

describeMatrix(
  "sessions",
  (ctx) => {
    let rsaKey = 0;
    let eccKey = 0;
    let nextIndex = 0x01500000;

    async function primaries() {
      const { tss } = ctx();
      if (!rsaKey) {
        rsaKey = (
          await tss.createPrimary({
            primaryHandle: TPM_RH.OWNER,
            inSensitive: { sensitive: { userAuth: empty, data: empty } },
            inPublic: { publicArea: rsaStorageKey() },
            outsideInfo: empty,
            creationPCR: [],
          })
        ).objectHandle;
        eccKey = (
          await tss.createPrimary({
            primaryHandle: TPM_RH.OWNER,
            inSensitive: { sensitive: { userAuth: empty, data: empty } },
            inPublic: { publicArea: eccStorageKey() },
            outsideInfo: empty,
            creationPCR: [],
          })
        ).objectHandle;
      }
      return { rsaKey, eccKey };
    }

    for (const [hashName, authHash] of HASHES) {
      for (const kind of KINDS) {
        for (const cipher of CIPHERS) {
          for (const [dirName, dir] of DIRECTIONS) {
            it(`${kind} ${cipher} ${dirName} ${hashName}: NV_Write then NV_Read`, async () => {
              const { tss } = ctx();
              const keys = await primaries();
              const nvIndex = nextIndex++;
              const password = `nv-${nvIndex.toString(16)}`;
              await tss.nvDefineSpace({
                authHandle: TPM_RH.OWNER,
                auth: new TextEncoder().encode(password),
                publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 32) },
              });
              const session = await startAuthSession(tss, {
                authHash,
                cipher,
                ...(kind === "bound" || kind === "bound-salted" ? { bind: nvIndex, bindPassword: password } : {}),
                ...(kind === "bound-other" ? { bind: TPM_RH.OWNER, bindPassword: "" } : {}),
                ...(kind === "salted-rsa" || kind === "bound-salted" ? { tpmKey: keys.rsaKey } : {}),
                ...(kind === "salted-ecc" ? { tpmKey: keys.eccKey } : {}),
              });
              const data = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + nvIndex) & 0xff);
              const writeAttrs = continueSession | (dir & decrypt);
              const readAttrs = continueSession | (dir & encrypt);
              await tss.nvWrite(
                { authHandle: nvIndex, nvIndex, data, offset: 0 },
                { sessions: [{ handle: session, password, attributes: writeAttrs }] },
              );
              const out = await tss.nvRead(
                { authHandle: nvIndex, nvIndex, size: 32, offset: 0 },
                { sessions: [{ handle: session, password, attributes: readAttrs }] },
              );
              expect(out.data).toEqual(data);
              // A sealed object created and unsealed through the same session.
              const secret = new TextEncoder().encode(`sealed under ${kind}`);
              const created = await tss.create(
                {
                  parentHandle: keys.rsaKey,
                  inSensitive: { sensitive: { userAuth: new TextEncoder().encode("obj"), data: secret } },
                  inPublic: { publicArea: sealedData() },
                  outsideInfo: empty,
                  creationPCR: [],
                },
                { sessions: [{ handle: session, password: "", attributes: writeAttrs }] },
              );
              const loaded = await tss.load(
                { parentHandle: keys.rsaKey, inPrivate: created.outPrivate, inPublic: created.outPublic },
                { sessions: [{ handle: session, password: "", attributes: continueSession }] },
              );
              const unsealed = await tss.unseal(
                { itemHandle: loaded.objectHandle },
                { sessions: [{ handle: session, password: "obj", attributes: readAttrs }] },
              );
              expect(unsealed.outData).toEqual(secret);
              await tss.flushContext({ flushHandle: loaded.objectHandle });
              await tss.flushContext({ flushHandle: session });
              await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
            });
          }
        }
      }
    }

    it("GetRandom with an encrypt-only session (not authorizing) and an audit-free HMAC session", async () => {
      const { tss } = ctx();
      const session = await startAuthSession(tss, { cipher: "aes128" });
      const out = await tss.getRandom(
        { bytesRequested: 32 },
        { sessions: [{ handle: session, attributes: continueSession | encrypt }] },
      );
      expect(out.randomBytes).toHaveLength(32);
      await tss.flushContext({ flushHandle: session });
    });
  },
  { filter: { needsCrypto: true } },
);
