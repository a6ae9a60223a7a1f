// Every TPM2_Policy* command swtpm implements, end to end through the library
// on the plugin matrix (TPM_CAP_COMMANDS decides; an absent command is skipped
// with the reason). Each assertion runs in a trial session whose digest is
// checked against the Part 3 formula (node:crypto), then in a policy session
// that authorizes a real use of an object or NV index whose authPolicy it is
// (Unseal, NV_Write, Duplicate, Create); a wrong branch fails with the TPM's
// policy error. PolicySigned's signature is made by @tss/session's rsassaSign.
import * as nc from "node:crypto";
import {
  marshal,
  TPM_ALG_ID,
  TPM_CAP,
  TPM_CC,
  TPM_RH,
  TPM_SE,
  TPMA_NV,
  TPMA_OBJECT,
  TPMT_PUBLIC,
  TpmError,
} from "@tss/marshal";
import {
  type PublicArea,
  policySignedAHash,
  privateKeyFromDer,
  rsassaSign,
  tpmPublicFromPublicKey,
} from "@tss/session";
import type { Tss } from "@tss/tss";
import { afterEach, beforeAll, expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";
import { ordinaryNvIndex, rsaSigningKey, rsaStorageKey, sealedData } from "./support/templates.js";

const empty = new Uint8Array(0);
const enc = new TextEncoder();
const ZERO = new Uint8Array(32);
const SECRET = enc.encode("sealed by policy");
const { SHA256 } = TPM_ALG_ID;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = nc.createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}
const u32 = (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
const u16 = (v: number) => Uint8Array.of(v >>> 8, v & 0xff);
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/** The base of a TPM response code: format-one codes without their handle, parameter or session number. */
function rcBase(e: unknown): number {
  if (!(e instanceof TpmError)) throw e;
  const rc = e.responseCode;
  return rc & 0x80 ? rc & 0xbf : rc & 0xfff;
}
/** Expects `p` to fail with the TPM response code whose base is `base`. */
async function expectRc(p: Promise<unknown>, base: number) {
  const e = await p.then(
    () => undefined,
    (x) => x,
  );
  expect(e, `expected TPM_RC 0x${base.toString(16)}`).toBeInstanceOf(TpmError);
  expect(rcBase(e).toString(16)).toBe(base.toString(16));
}
const RC_POLICY_FAIL = 0x09d;
const RC_VALUE = 0x084;
const RC_SIGNATURE = 0x09b;
const RC_POLICY = 0x126;
const RC_PP = 0x090;

/** The RSA key pair that signs for PolicySigned and PolicyAuthorize, made once. */
const signer = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = nc.generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateOf = (k: nc.KeyObject) => privateKeyFromDer(new Uint8Array(k.export({ type: "pkcs8", format: "der" })));
const modulusOf = (k: nc.KeyObject) =>
  new Uint8Array(Buffer.from(k.export({ format: "jwk" }).n as string, "base64url"));

describeMatrix(
  "policy commands",
  (ctx) => {
    const implemented = new Set<number>();
    let primary = 0;
    const tss = (): Tss => ctx().tss;

    beforeAll(async () => {
      const t = ctx().tss;
      let property = 0;
      for (;;) {
        const out = await t.getCapability({ capability: TPM_CAP.COMMANDS, property, propertyCount: 256 });
        const list = (out.capabilityData.data as { command: number[] }).command;
        for (const a of list) implemented.add(((a & 0xffff) | (a & 0x20000000)) >>> 0);
        if (!out.moreData || list.length === 0) break;
        property = ((list.at(-1)! & 0xffff) | (list.at(-1)! & 0x20000000)) + 1;
      }
      primary = (
        await t.createPrimary({
          primaryHandle: TPM_RH.OWNER,
          inSensitive: { sensitive: { userAuth: empty, data: empty } },
          inPublic: { publicArea: rsaStorageKey() as PublicArea },
          outsideInfo: empty,
          creationPCR: [],
        })
      ).objectHandle;
    });

    // swtpm holds three objects and three sessions: after each test, flush all but the primary.
    afterEach(async () => {
      for (const range of [0x80000000, 0x02000000, 0x03000000]) {
        const out = await tss().getCapability({ capability: TPM_CAP.HANDLES, property: range, propertyCount: 64 });
        for (const h of (out.capabilityData.data as { handles: number[] }).handles)
          if (h !== primary && h >>> 24 === range >>> 24) await tss().flushContext({ flushHandle: h });
      }
    });

    /** A policy session started here, with the TPM's nonceTPM (for tickets). */
    async function sessionWithNonce() {
      const out = await tss().startAuthSession({
        tpmKey: TPM_RH.NULL,
        bind: TPM_RH.NULL,
        nonceCaller: empty,
        encryptedSalt: empty,
        sessionType: TPM_SE.POLICY,
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        authHash: SHA256,
      } as never);
      return { handle: out.sessionHandle, nonceTPM: out.nonceTPM };
    }

    /** Skips the test when swtpm lacks one of `codes`. */
    function needs(t: { skip: (note?: string) => void }, ...codes: number[]) {
      const missing = codes.filter((c) => !implemented.has(c));
      if (missing.length)
        t.skip(`swtpm does not implement ${missing.map((c) => `TPM_CC 0x${c.toString(16)}`).join(", ")}`);
    }

    async function policySession(type: number = TPM_SE.POLICY) {
      return startAuthSession(tss(), { sessionType: type });
    }
    /** The digest `build` makes in a trial session. */
    async function trial(build: (s: number) => Promise<unknown>) {
      const s = await policySession(TPM_SE.TRIAL);
      try {
        await build(s);
        return (await tss().policyGetDigest({ policySession: s })).policyDigest;
      } finally {
        await tss().flushContext({ flushHandle: s });
      }
    }
    /** A sealed object under the primary with `policy` (and optional authValue); returns its handle and Name. */
    async function sealed(policy: Uint8Array, userAuth: Uint8Array = empty) {
      const created = await tss().create({
        parentHandle: primary,
        inSensitive: { sensitive: { userAuth, data: SECRET } },
        inPublic: { publicArea: sealedData(policy) as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      const loaded = await tss().load({
        parentHandle: primary,
        inPrivate: created.outPrivate,
        inPublic: created.outPublic,
      });
      return { handle: loaded.objectHandle, name: loaded.name };
    }
    /** Unseals `item` with policy session `s` (and the object's password, for PolicyAuthValue/PolicyPassword). */
    async function unseal(item: number, s: number, password?: string) {
      const out = await tss().unseal(
        { itemHandle: item },
        { sessions: [{ handle: s, attributes: 1, ...(password !== undefined ? { password } : {}) }] },
      );
      return out.outData;
    }
    /** Runs `assert` in a fresh policy session, unseals `item` with it, flushes the session. */
    async function unsealWith(item: number, assert: (s: number) => Promise<unknown>, password?: string) {
      const s = await policySession();
      try {
        await assert(s);
        return await unseal(item, s, password);
      } finally {
        await tss().flushContext({ flushHandle: s });
      }
    }
    /** An RSA public key loaded in the owner hierarchy (so that VerifySignature's tickets are not NULL tickets). */
    async function loadSigner(key: nc.KeyObject) {
      const publicArea = tpmPublicFromPublicKey(
        { rsa: { n: modulusOf(key), e: 65537 } },
        {
          objectAttributes: TPMA_OBJECT.sign | TPMA_OBJECT.userWithAuth,
          parameters: rsaSigningKey().parameters as PublicArea["parameters"],
        },
      );
      const out = await tss().loadExternal({
        inPrivate: {},
        inPublic: { publicArea },
        hierarchy: TPM_RH.OWNER,
      } as never);
      return { handle: out.objectHandle, name: out.name };
    }
    const rsassa = (sig: Uint8Array) => ({
      sigAlg: TPM_ALG_ID.RSASSA,
      signature: { rsassa: { hash: SHA256, sig } },
    });

    it("PolicySigned (software RSASSA by @tss/session) and PolicyTicket from its ticket unseal; another key's signature is refused", async (t) => {
      needs(t, TPM_CC.PolicySigned, TPM_CC.PolicyTicket);
      const key = await loadSigner(signer.publicKey);
      const priv = privateOf(signer.privateKey);
      const crypto = ctx().crypto!;
      const digest = await trial(async (s) => {
        const auth = rsassaSign(priv, SHA256, sha256(u32(0)));
        await tss().policySigned({
          authObject: key.handle,
          policySession: s,
          nonceTPM: empty,
          cpHashA: empty,
          policyRef: empty,
          expiration: 0,
          auth: rsassa(auth),
        } as never);
      });
      expect(digest).toEqual(sha256(sha256(ZERO, u32(TPM_CC.PolicySigned), key.name)));
      const item = await sealed(digest);
      const { handle: s, nonceTPM } = await sessionWithNonce();
      const terms = { nonceTPM, cpHashA: empty, policyRef: enc.encode("ref"), expiration: -300 };
      const aHash = await policySignedAHash(crypto, SHA256, terms);
      const aHashInput = cat(nonceTPM, u32(-300), enc.encode("ref"));
      expect(aHash).toEqual(sha256(aHashInput));
      const sig = rsassaSign(priv, SHA256, aHash);
      // The same signature node:crypto makes (RSASSA-PKCS1-v1_5 is deterministic).
      expect(sig).toEqual(new Uint8Array(nc.sign("sha256", aHashInput, signer.privateKey)));
      const out = await tss().policySigned({
        authObject: key.handle,
        policySession: s,
        ...terms,
        auth: rsassa(sig),
      } as never);
      // With a policyRef the digest differs: the object's policy (no policyRef) is not met...
      await expectRc(unseal(item.handle, s), RC_POLICY_FAIL);
      await tss().flushContext({ flushHandle: s });
      // ...so satisfy it without one.
      const ok = await unsealWith(item.handle, async (x) => {
        const t2 = { nonceTPM: empty, cpHashA: empty, policyRef: empty, expiration: 0 };
        const a = await policySignedAHash(crypto, SHA256, t2);
        await tss().policySigned({
          authObject: key.handle,
          policySession: x,
          ...t2,
          auth: rsassa(rsassaSign(priv, SHA256, a)),
        } as never);
      });
      expect(ok).toEqual(SECRET);
      // The ticket of the policyRef run, replayed in a new session, meets a policy made with that policyRef.
      const withRef = sha256(sha256(ZERO, u32(TPM_CC.PolicySigned), key.name), enc.encode("ref"));
      await tss().flushContext({ flushHandle: item.handle });
      const item2 = await sealed(withRef);
      const replayed = await unsealWith(item2.handle, async (x) => {
        await tss().policyTicket({
          policySession: x,
          timeout: out.timeout,
          cpHashA: empty,
          policyRef: enc.encode("ref"),
          authName: key.name,
          ticket: out.policyTicket,
        });
        expect((await tss().policyGetDigest({ policySession: x })).policyDigest).toEqual(withRef);
      });
      expect(replayed).toEqual(SECRET);
      // Another key's signature fails the check.
      const s2 = await policySession();
      const bad = rsassaSign(privateOf(other.privateKey), SHA256, sha256(u32(0)));
      await expectRc(
        tss().policySigned({
          authObject: key.handle,
          policySession: s2,
          nonceTPM: empty,
          cpHashA: empty,
          policyRef: empty,
          expiration: 0,
          auth: rsassa(bad),
        } as never),
        RC_SIGNATURE,
      );
    });

    it("PolicySecret (owner) unseals, its ticket through PolicyTicket unseals; an empty policy session does not", async (t) => {
      needs(t, TPM_CC.PolicySecret, TPM_CC.PolicyTicket);
      const owner = u32(TPM_RH.OWNER);
      const secretArgs = (s: number) => ({
        authHandle: TPM_RH.OWNER,
        policySession: s,
        nonceTPM: empty,
        cpHashA: empty,
        policyRef: empty,
        expiration: 0,
      });
      const digest = await trial((s) => tss().policySecret(secretArgs(s)));
      expect(digest).toEqual(sha256(sha256(ZERO, u32(TPM_CC.PolicySecret), owner)));
      const item = await sealed(digest);
      expect(await unsealWith(item.handle, (s) => tss().policySecret(secretArgs(s)))).toEqual(SECRET);
      // A ticket needs a negative expiration and the session's nonceTPM: take it from a session started here.
      const started = await sessionWithNonce();
      const out = await tss().policySecret({
        ...secretArgs(started.handle),
        nonceTPM: started.nonceTPM,
        expiration: -600,
      });
      await tss().flushContext({ flushHandle: started.handle });
      expect(
        await unsealWith(item.handle, (s) =>
          tss().policyTicket({
            policySession: s,
            timeout: out.timeout,
            cpHashA: empty,
            policyRef: empty,
            authName: owner,
            ticket: out.policyTicket,
          }),
        ),
      ).toEqual(SECRET);
      await expectRc(
        unsealWith(item.handle, async () => undefined),
        RC_POLICY_FAIL,
      );
      await tss().flushContext({ flushHandle: item.handle });
    });

    it("PolicyOR over PolicyPCR, PolicyCommandCode, PolicyLocality, PolicyNV, PolicyCounterTimer, PolicyAuthValue, PolicyPassword: each branch unseals", async (t) => {
      needs(
        t,
        TPM_CC.PolicyOR,
        TPM_CC.PolicyPCR,
        TPM_CC.PolicyCommandCode,
        TPM_CC.PolicyLocality,
        TPM_CC.PolicyNV,
        TPM_CC.PolicyCounterTimer,
        TPM_CC.PolicyAuthValue,
        TPM_CC.PolicyPassword,
      );
      const nvIndex = 0x01500001;
      await tss().nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: empty,
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 8) },
      });
      await tss().nvWrite({ authHandle: nvIndex, nvIndex, data: enc.encode("abcdefgh"), offset: 0 });
      const nvName = (await tss().nvReadPublic({ nvIndex })).nvName;
      const pcrs = [{ hash: SHA256, pcrSelect: Uint8Array.of(0, 0, 1) }];
      const zero8 = new Uint8Array(8);
      const branches: [string, (s: number) => Promise<unknown>, Uint8Array][] = [
        [
          "PolicyPCR",
          (s) => tss().policyPCR({ policySession: s, pcrDigest: empty, pcrs }),
          sha256(ZERO, u32(TPM_CC.PolicyPCR), cat(u32(1), u16(SHA256), Uint8Array.of(3, 0, 0, 1)), sha256(ZERO)),
        ],
        [
          "PolicyCommandCode",
          (s) => tss().policyCommandCode({ policySession: s, code: TPM_CC.Unseal }),
          sha256(ZERO, u32(TPM_CC.PolicyCommandCode), u32(TPM_CC.Unseal)),
        ],
        [
          "PolicyLocality",
          (s) => tss().policyLocality({ policySession: s, locality: 1 }),
          sha256(ZERO, u32(TPM_CC.PolicyLocality), Uint8Array.of(1)),
        ],
        [
          "PolicyNV",
          (s) =>
            tss().policyNV({
              authHandle: nvIndex,
              nvIndex,
              policySession: s,
              operandB: enc.encode("abc"),
              offset: 0,
              operation: 0,
            }),
          sha256(ZERO, u32(TPM_CC.PolicyNV), sha256(enc.encode("abc"), u16(0), u16(0)), nvName),
        ],
        [
          "PolicyCounterTimer",
          (s) => tss().policyCounterTimer({ policySession: s, operandB: zero8, offset: 8, operation: 3 }),
          sha256(ZERO, u32(TPM_CC.PolicyCounterTimer), sha256(zero8, u16(8), u16(3))),
        ],
        [
          "PolicyAuthValue",
          (s) => tss().policyAuthValue({ policySession: s }),
          sha256(ZERO, u32(TPM_CC.PolicyAuthValue)),
        ],
        [
          "PolicyPassword",
          (s) => tss().policyPassword({ policySession: s }),
          sha256(ZERO, u32(TPM_CC.PolicyAuthValue)),
        ],
      ];
      const digests: Uint8Array[] = [];
      for (const [label, run, expected] of branches) {
        const d = await trial(run);
        expect(d, label).toEqual(expected);
        digests.push(d);
      }
      // PolicyAuthValue and PolicyPassword give one digest: the OR lists it once.
      const pHashList = digests.slice(0, 6);
      const orDigest = await trial(async (s) => {
        await tss().policyCommandCode({ policySession: s, code: TPM_CC.Unseal });
        await tss().policyOR({ policySession: s, pHashList });
      });
      expect(orDigest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyOR), ...pHashList));
      const item = await sealed(orDigest, enc.encode("objpw"));
      for (const [label, run] of branches) {
        const password = label === "PolicyAuthValue" || label === "PolicyPassword" ? "objpw" : undefined;
        const out = await unsealWith(
          item.handle,
          async (s) => {
            await run(s);
            await tss().policyOR({ policySession: s, pHashList });
          },
          password,
        );
        expect(out, label).toEqual(SECRET);
      }
      // Wrong branches: a false comparison fails at the assertion; a digest outside the list fails PolicyOR;
      // a locality the command is not sent from fails at Unseal; a wrong password fails the authorization.
      const s = await policySession();
      await expectRc(
        tss().policyNV({
          authHandle: nvIndex,
          nvIndex,
          policySession: s,
          operandB: enc.encode("abx"),
          offset: 0,
          operation: 0,
        }),
        RC_POLICY,
      );
      await expectRc(
        tss().policyCounterTimer({ policySession: s, operandB: zero8, offset: 8, operation: 5 }),
        RC_POLICY,
      );
      await tss().policyCommandCode({ policySession: s, code: TPM_CC.Sign });
      await expectRc(tss().policyOR({ policySession: s, pHashList }), RC_VALUE);
      await tss().policyRestart({ sessionHandle: s });
      await tss().policyLocality({ policySession: s, locality: 4 });
      const pl = await trial((x) => tss().policyLocality({ policySession: x, locality: 4 }));
      expect(pl).toEqual(sha256(ZERO, u32(TPM_CC.PolicyLocality), Uint8Array.of(4)));
      await tss().flushContext({ flushHandle: s });
      const e = await unsealWith(
        item.handle,
        async (x) => {
          await tss().policyPassword({ policySession: x });
          await tss().policyOR({ policySession: x, pHashList });
        },
        "wrong",
      ).catch((x) => x);
      expect(e).toBeInstanceOf(TpmError);
      await tss().flushContext({ flushHandle: item.handle });
      await tss().nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("PolicyRestart and PolicyGetDigest: a restarted session's digest is zero and the policy is met again", async (t) => {
      needs(t, TPM_CC.PolicyRestart, TPM_CC.PolicyGetDigest, TPM_CC.PolicyCommandCode);
      const digest = sha256(ZERO, u32(TPM_CC.PolicyCommandCode), u32(TPM_CC.Unseal));
      const item = await sealed(digest);
      const s = await policySession();
      await tss().policyCommandCode({ policySession: s, code: TPM_CC.Sign });
      await tss().policyRestart({ sessionHandle: s });
      expect((await tss().policyGetDigest({ policySession: s })).policyDigest).toEqual(ZERO);
      await tss().policyCommandCode({ policySession: s, code: TPM_CC.Unseal });
      expect((await tss().policyGetDigest({ policySession: s })).policyDigest).toEqual(digest);
      expect(await unseal(item.handle, s)).toEqual(SECRET);
      await tss().flushContext({ flushHandle: s });
      await tss().flushContext({ flushHandle: item.handle });
    });

    it("PolicyLocality(3): an object so bound is refused at locality 0 and, over MS-sim framing, unseals at locality 3", async (t) => {
      needs(t, TPM_CC.PolicyLocality);
      const LOC_THREE = 0x08;
      const run = (s: number) => tss().policyLocality({ policySession: s, locality: LOC_THREE });
      const digest = await trial(run);
      expect(digest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyLocality), Uint8Array.of(LOC_THREE)));
      const item = await sealed(digest);
      await expectRc(unsealWith(item.handle, run), 0x907); // TPM_RC_LOCALITY
      // Only MS-sim framing carries a locality to swtpm.
      if (ctx().combination.transport.name === "mssim") {
        const s = await policySession();
        await run(s);
        const out = await tss().unseal(
          { itemHandle: item.handle },
          { sessions: [{ handle: s, attributes: 1 }], locality: 3 },
        );
        expect(out.outData).toEqual(SECRET);
      }
    });

    it("PolicyAuthorize with PolicyCpHash and PolicyNameHash approved by a key (VerifySignature tickets); an unapproved or wrong cpHash is refused", async (t) => {
      needs(t, TPM_CC.PolicyAuthorize, TPM_CC.PolicyCpHash, TPM_CC.PolicyNameHash, TPM_CC.VerifySignature);
      const key = await loadSigner(signer.publicKey);
      const authorizing = sha256(sha256(ZERO, u32(TPM_CC.PolicyAuthorize), key.name));
      // The digest by hand; the sessions below reach it (PolicyGetDigest after PolicyAuthorize).
      const item = await sealed(authorizing);
      /** Approves `approved` with the key: the signature of H(approved || policyRef), checked by the TPM. */
      const approve = async (approved: Uint8Array) => {
        const aHash = sha256(approved);
        const sig = new Uint8Array(nc.sign("sha256", approved, signer.privateKey));
        return (await tss().verifySignature({ keyHandle: key.handle, digest: aHash, signature: rsassa(sig) }))
          .validation;
      };
      const cpHashA = sha256(u32(TPM_CC.Unseal), item.name);
      const nameHash = sha256(item.name);
      for (const [label, assert, expected] of [
        [
          "PolicyCpHash",
          (s: number) => tss().policyCpHash({ policySession: s, cpHashA }),
          sha256(ZERO, u32(TPM_CC.PolicyCpHash), cpHashA),
        ],
        [
          "PolicyNameHash",
          (s: number) => tss().policyNameHash({ policySession: s, nameHash }),
          sha256(ZERO, u32(TPM_CC.PolicyNameHash), nameHash),
        ],
      ] as const) {
        const approved = await trial(assert);
        expect(approved, label).toEqual(expected);
        const checkTicket = await approve(approved);
        const out = await unsealWith(item.handle, async (s) => {
          await assert(s);
          await tss().policyAuthorize({
            policySession: s,
            approvedPolicy: approved,
            policyRef: empty,
            keySign: key.name,
            checkTicket,
          });
          expect((await tss().policyGetDigest({ policySession: s })).policyDigest).toEqual(authorizing);
        });
        expect(out, label).toEqual(SECRET);
      }
      // An approved cpHash of another command: PolicyAuthorize accepts it, Unseal's cpHash does not match.
      const otherCp = sha256(u32(TPM_CC.Unseal), new Uint8Array(34));
      const approvedOther = sha256(ZERO, u32(TPM_CC.PolicyCpHash), otherCp);
      const ticketOther = await approve(approvedOther);
      await expectRc(
        unsealWith(item.handle, async (s) => {
          await tss().policyCpHash({ policySession: s, cpHashA: otherCp });
          await tss().policyAuthorize({
            policySession: s,
            approvedPolicy: approvedOther,
            policyRef: empty,
            keySign: key.name,
            checkTicket: ticketOther,
          });
        }),
        RC_POLICY_FAIL,
      );
      // A session whose digest is not the approved one cannot use the ticket.
      const s = await policySession();
      await tss().policyPassword({ policySession: s });
      await expectRc(
        tss().policyAuthorize({
          policySession: s,
          approvedPolicy: approvedOther,
          policyRef: empty,
          keySign: key.name,
          checkTicket: ticketOther,
        }),
        RC_VALUE,
      );
      await tss().flushContext({ flushHandle: s });
      await tss().flushContext({ flushHandle: item.handle });
      await tss().flushContext({ flushHandle: key.handle });
    });

    it("PolicyAuthorizeNV: the approved policy in an NV index unseals; another session digest is refused", async (t) => {
      needs(t, TPM_CC.PolicyAuthorizeNV);
      const nvIndex = 0x01500002;
      const approved = sha256(ZERO, u32(TPM_CC.PolicyCommandCode), u32(TPM_CC.Unseal));
      await tss().nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: empty,
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 34) },
      });
      await tss().nvWrite({ authHandle: nvIndex, nvIndex, data: cat(u16(SHA256), approved), offset: 0 });
      const nvName = (await tss().nvReadPublic({ nvIndex })).nvName;
      const run = (s: number) => tss().policyAuthorizeNV({ authHandle: nvIndex, nvIndex, policySession: s });
      const digest = await trial(run);
      expect(digest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyAuthorizeNV), nvName));
      const item = await sealed(digest);
      const out = await unsealWith(item.handle, async (s) => {
        await tss().policyCommandCode({ policySession: s, code: TPM_CC.Unseal });
        await run(s);
      });
      expect(out).toEqual(SECRET);
      const s = await policySession();
      await tss().policyPassword({ policySession: s });
      await expectRc(run(s), RC_VALUE);
      await tss().flushContext({ flushHandle: s });
      await tss().flushContext({ flushHandle: item.handle });
      await tss().nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("PolicyDuplicationSelect with PolicyCommandCode(Duplicate): duplicates to the selected parent only", async (t) => {
      needs(t, TPM_CC.PolicyDuplicationSelect, TPM_CC.Duplicate);
      const parentOut = await tss().create({
        parentHandle: primary,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: rsaStorageKey() as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      const np = await tss().load({
        parentHandle: primary,
        inPrivate: parentOut.outPrivate,
        inPublic: parentOut.outPublic,
      });
      const primaryName = (await tss().readPublic({ objectHandle: primary })).name;
      const select = (s: number, newParentName: Uint8Array, objectName: Uint8Array) =>
        tss().policyDuplicationSelect({ policySession: s, objectName, newParentName, includeObject: false });
      const digest = await trial(async (s) => {
        await select(s, np.name, empty);
        await tss().policyCommandCode({ policySession: s, code: TPM_CC.Duplicate });
      });
      const selected = sha256(ZERO, u32(TPM_CC.PolicyDuplicationSelect), np.name, Uint8Array.of(0));
      expect(digest).toEqual(sha256(selected, u32(TPM_CC.PolicyCommandCode), u32(TPM_CC.Duplicate)));
      const template = {
        ...rsaSigningKey(),
        objectAttributes: TPMA_OBJECT.sensitiveDataOrigin | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.sign,
        authPolicy: digest,
      };
      const k = await tss().create({
        parentHandle: primary,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: template as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      const key = await tss().load({ parentHandle: primary, inPrivate: k.outPrivate, inPublic: k.outPublic });
      const duplicate = (s: number) =>
        tss().duplicate(
          {
            objectHandle: key.objectHandle,
            newParentHandle: np.objectHandle,
            encryptionKeyIn: empty,
            symmetricAlg: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
          } as never,
          { sessions: [{ handle: s, attributes: 1 }] },
        );
      const s = await policySession();
      await select(s, np.name, key.name);
      await tss().policyCommandCode({ policySession: s, code: TPM_CC.Duplicate });
      const out = await duplicate(s);
      expect(out.duplicate.length).toBeGreaterThan(0);
      await select(s, primaryName, key.name);
      await tss().policyCommandCode({ policySession: s, code: TPM_CC.Duplicate });
      await expectRc(duplicate(s), RC_POLICY_FAIL);
      await tss().flushContext({ flushHandle: s });
      await tss().flushContext({ flushHandle: key.objectHandle });
      await tss().flushContext({ flushHandle: np.objectHandle });
    });

    it("PolicyNvWritten(NO) with PolicyCommandCode(NV_Write): an index written once through its policy", async (t) => {
      needs(t, TPM_CC.PolicyNvWritten);
      const run = async (s: number) => {
        await tss().policyNvWritten({ policySession: s, writtenSet: false });
        await tss().policyCommandCode({ policySession: s, code: TPM_CC.NV_Write });
      };
      const digest = await trial(run);
      expect(digest).toEqual(
        sha256(
          sha256(ZERO, u32(TPM_CC.PolicyNvWritten), Uint8Array.of(0)),
          u32(TPM_CC.PolicyCommandCode),
          u32(TPM_CC.NV_Write),
        ),
      );
      const nvIndex = 0x01500003;
      await tss().nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: empty,
        publicInfo: {
          nvPublic: {
            nvIndex,
            nameAlg: SHA256,
            attributes: TPMA_NV.POLICYWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA,
            authPolicy: digest,
            dataSize: 4,
          },
        },
      });
      const s = await policySession();
      const write = () =>
        tss().nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc.encode("once"), offset: 0 },
          { sessions: [{ handle: s, attributes: 1 }] },
        );
      await run(s);
      await write();
      await run(s);
      await expectRc(write(), RC_POLICY_FAIL);
      await tss().flushContext({ flushHandle: s });
      await tss().nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
    });

    it("PolicyTemplate: a parent whose policy admits one template creates that object and refuses another", async (t) => {
      needs(t, TPM_CC.PolicyTemplate);
      const child = rsaSigningKey();
      const templateHash = sha256(marshal(TPMT_PUBLIC, child as never));
      const run = (s: number) => tss().policyTemplate({ policySession: s, templateHash });
      const digest = await trial(run);
      expect(digest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyTemplate), templateHash));
      const parentOut = await tss().create({
        parentHandle: primary,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: { ...rsaStorageKey(), authPolicy: digest } as PublicArea },
        outsideInfo: empty,
        creationPCR: [],
      });
      const parent = await tss().load({
        parentHandle: primary,
        inPrivate: parentOut.outPrivate,
        inPublic: parentOut.outPublic,
      });
      const create = (s: number, publicArea: object) =>
        tss().create(
          {
            parentHandle: parent.objectHandle,
            inSensitive: { sensitive: { userAuth: empty, data: empty } },
            inPublic: { publicArea: publicArea as PublicArea },
            outsideInfo: empty,
            creationPCR: [],
          },
          { sessions: [{ handle: s, attributes: 1 }] },
        );
      const s = await policySession();
      await run(s);
      expect((await create(s, child)).outPublic.publicArea.type).toBe(TPM_ALG_ID.RSA);
      await run(s);
      await expectRc(
        create(s, { ...child, objectAttributes: child.objectAttributes & ~TPMA_OBJECT.noDA }),
        RC_POLICY_FAIL,
      );
      await tss().flushContext({ flushHandle: s });
      await tss().flushContext({ flushHandle: parent.objectHandle });
    });

    it("PolicyPhysicalPresence: its digest, and an object that needs it is refused while presence is not asserted", async (t) => {
      needs(t, TPM_CC.PolicyPhysicalPresence);
      const run = (s: number) => tss().policyPhysicalPresence({ policySession: s });
      const digest = await trial(run);
      expect(digest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyPhysicalPresence)));
      const item = await sealed(digest);
      await expectRc(unsealWith(item.handle, run), RC_PP);
      await tss().flushContext({ flushHandle: item.handle });
    });

    it("PolicyCapability and PolicyParameters where swtpm implements them", async (t) => {
      needs(t, TPM_CC.PolicyCapability, TPM_CC.PolicyParameters);
      const pHash = sha256(enc.encode("parameters"));
      const digest = await trial((s) => tss().policyParameters({ policySession: s, pHash }));
      expect(digest).toEqual(sha256(ZERO, u32(TPM_CC.PolicyParameters), pHash));
    });
  },
  { filter: { needsCrypto: true } },
);
