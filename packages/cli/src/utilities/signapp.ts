/**
 * signapp: IBM's sample signing application as a utility. Under the RSA EK it
 * creates and loads an RSA signing key whose policy is PolicyCommandCode(Sign)
 * + PolicyAuthValue (password "keypwd"), then signs SHA-256(message) twice,
 * each signature verified by the TPM: first through an HMAC session salted
 * with the EK and bound to the key, then through the policy session. The EK's
 * own policy (PolicySecret with endorsement authorization) authorizes the
 * create and the load. With -pwsess: password sessions, unsalted policy
 * session, PolicyPassword, no parameter encryption.
 */
import { createHash } from "node:crypto";
import { TPM_ALG_ID, TPM_CC, TPM_RH, TPM_RS, TPM_ST, TPMA_OBJECT, TPMA_SESSION } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { hex8, printAll } from "../print-all.js";
import { flushQuietly, info, rsaEkForSalt, SESSION_TYPE, startAesSession } from "../sample-apps.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The signing key's password. */
const KEY_PASSWORD = "keypwd";

/** The policy digest of PolicyCommandCode(TPM_CC_Sign) then PolicyAuthValue (or PolicyPassword: the same). */
export function signKeyPolicy(): Uint8Array {
  const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const extend = (digest: Uint8Array, ...parts: Uint8Array[]) => {
    const h = createHash("sha256").update(digest);
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  };
  const afterCommandCode = extend(new Uint8Array(32), u32(TPM_CC.PolicyCommandCode), u32(TPM_CC.Sign));
  return extend(afterCommandCode, u32(TPM_CC.PolicyAuthValue));
}

async function policySecretEndorsement(tss: Tss, policySession: number): Promise<void> {
  const empty = new Uint8Array(0);
  await tss.policySecret(
    { authHandle: TPM_RH.ENDORSEMENT, policySession, nonceTPM: empty, cpHashA: empty, policyRef: empty, expiration: 0 },
    { sessions: [{ handle: TPM_RS.PW }] },
  );
}

async function traceDigest(ctx: UtilityContext, tss: Tss, policySession: number): Promise<void> {
  info(ctx, `Dump the policy session ${hex8(policySession)}`);
  const out = await tss.policyGetDigest({ policySession });
  if (ctx.verbose) ctx.print(printAll("policyGetDigest", out.policyDigest));
}

/** Signs the digest with the key (RSASSA-SHA256) and has the TPM verify the signature. */
async function signAndVerify(
  ctx: UtilityContext,
  tss: Tss,
  keyHandle: number,
  digest: Uint8Array,
  session: { handle: number; password?: string },
) {
  info(ctx, `Sign with the signing key ${hex8(keyHandle)}`);
  const signed = await tss.sign(
    {
      keyHandle,
      digest,
      inScheme: { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: TPM_ALG_ID.SHA256 } } },
      validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: new Uint8Array(0) },
    },
    { sessions: [{ ...session, attributes: TPMA_SESSION.continueSession }] },
  );
  info(ctx, `Verify the signature ${hex8(keyHandle)}`);
  await tss.verifySignature({ keyHandle, digest, signature: signed.signature });
  return signed.signature;
}

/** signapp -ic message [-pwsess]. */
export const signapp: Utility = {
  name: "signapp",
  summary: "Sample signing application: EK, policy-protected signing key, salted and bound sessions",
  flags: { "-ic": "string", "-pwsess": "switch" },
  usage: [
    "Runs a TPM2_Sign application, including creating a primary storage key",
    "and creating and loading a signing key",
    "",
    "\t-ic\tinput message to hash and sign",
    "",
    "\t[-pwsess\tUse a password session, no HMAC or parameter encryption]",
  ],
  async run(ctx) {
    const message = ctx.flags.string("-ic");
    if (message === undefined) throw new UsageError("Missing message -ic");
    const pwSession = ctx.flags.has("-pwsess");
    const digest = new Uint8Array(createHash("sha256").update(message, "utf8").digest());
    const tss = await ctx.tss();
    const handles: { ek?: number; key?: number; policy?: number; hmac?: number } = {};
    try {
      handles.ek = await rsaEkForSalt(ctx, tss, false);
      info(ctx, "Start a policy session");
      handles.policy = await startAesSession(tss, SESSION_TYPE.policy, pwSession ? TPM_RH.NULL : handles.ek);
      info(ctx, `Policy session ${hex8(handles.policy)}`);
      // The EK's policy: PolicySecret(TPM_RH_ENDORSEMENT), endorsement authorization empty.
      await policySecretEndorsement(tss, handles.policy);
      await traceDigest(ctx, tss, handles.policy);
      info(ctx, `Create a signing key under the EK ${hex8(handles.ek)}`);
      const crypt = pwSession ? 0 : TPMA_SESSION.decrypt | TPMA_SESSION.encrypt;
      const created = await tss.create(
        {
          parentHandle: handles.ek,
          inSensitive: { sensitive: { userAuth: new TextEncoder().encode(KEY_PASSWORD), data: new Uint8Array(0) } },
          inPublic: {
            publicArea: {
              type: TPM_ALG_ID.RSA,
              nameAlg: TPM_ALG_ID.SHA256,
              objectAttributes:
                TPMA_OBJECT.noDA | TPMA_OBJECT.sensitiveDataOrigin | TPMA_OBJECT.userWithAuth | TPMA_OBJECT.sign,
              authPolicy: signKeyPolicy(),
              parameters: {
                rsaDetail: {
                  symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
                  scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
                  keyBits: 2048,
                  exponent: 0,
                },
              },
              unique: { rsa: new Uint8Array(0) },
            },
          },
          outsideInfo: new Uint8Array(0),
          creationPCR: [],
        },
        { sessions: [{ handle: handles.policy, attributes: TPMA_SESSION.continueSession | crypt }] },
      );
      info(ctx, `Restart the policy session ${hex8(handles.policy)}`);
      await tss.policyRestart({ sessionHandle: handles.policy });
      await policySecretEndorsement(tss, handles.policy);
      info(ctx, `Load a signing key under the EK ${hex8(handles.ek)}`);
      const loaded = await tss.load(
        { parentHandle: handles.ek, inPrivate: created.outPrivate, inPublic: created.outPublic },
        {
          sessions: [
            {
              handle: handles.policy,
              attributes: TPMA_SESSION.continueSession | (pwSession ? 0 : TPMA_SESSION.decrypt),
            },
          ],
        },
      );
      handles.key = loaded.objectHandle;
      info(ctx, `Loaded key handle ${hex8(handles.key)}`);

      // 1: an HMAC session salted with the EK and bound to the key (no password needed), or a password.
      let first: { handle: number; password?: string };
      if (pwSession) {
        first = { handle: TPM_RS.PW, password: KEY_PASSWORD };
      } else {
        info(ctx, "Start a salt and bind session");
        handles.hmac = await startAesSession(tss, SESSION_TYPE.hmac, handles.ek, handles.key, KEY_PASSWORD);
        info(ctx, `Salt and bind session ${hex8(handles.hmac)}`);
        first = { handle: handles.hmac };
      }
      const bySession = await signAndVerify(ctx, tss, handles.key, digest, first);

      // 2: the key's policy: PolicyCommandCode(Sign), then PolicyAuthValue (or PolicyPassword).
      info(ctx, `Restart the policy session ${hex8(handles.policy)}`);
      await tss.policyRestart({ sessionHandle: handles.policy });
      info(ctx, `Satisfy the policy session ${hex8(handles.policy)}`);
      await tss.policyCommandCode({ policySession: handles.policy, code: TPM_CC.Sign });
      if (pwSession) await tss.policyPassword({ policySession: handles.policy });
      else await tss.policyAuthValue({ policySession: handles.policy });
      await traceDigest(ctx, tss, handles.policy);
      const byPolicy = await signAndVerify(ctx, tss, handles.key, digest, {
        handle: handles.policy,
        password: KEY_PASSWORD,
      });
      ctx.result({ digest, signatures: [bySession, byPolicy], outPublic: created.outPublic });
    } finally {
      info(ctx, "Flush the policy session, the salt session, the primary key and the signing key");
      await flushQuietly(tss, handles.policy);
      await flushQuietly(tss, handles.hmac);
      await flushQuietly(tss, handles.ek);
      await flushQuietly(tss, handles.key);
    }
    ctx.printSuccess();
  },
};
