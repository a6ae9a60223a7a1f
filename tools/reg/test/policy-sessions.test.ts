// Policy and trial sessions through execute(): the TSS computes policy HMACs
// with or without the authValue (PolicyAuthValue), sends the password in clear
// after PolicyPassword, and the TPM's policy digests match trial sessions'.
import { TPM_ALG_ID, TPM_CC, TPM_RH, TPM_SE, TPMA_NV, TPMA_SESSION } from "@tss/marshal";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";

const empty = new Uint8Array(0);
const enc = new TextEncoder();
const { continueSession } = TPMA_SESSION;

describeMatrix(
  "policy sessions",
  (ctx) => {
    async function policyDigest(build: (session: number) => Promise<void>, authHash: number = TPM_ALG_ID.SHA256) {
      const { tss } = ctx();
      const trial = await startAuthSession(tss, { sessionType: TPM_SE.TRIAL, authHash });
      await build(trial);
      const { policyDigest } = await tss.policyGetDigest({ policySession: trial });
      await tss.flushContext({ flushHandle: trial });
      return policyDigest;
    }

    for (const [label, policyCc] of [
      ["PolicyAuthValue", TPM_CC.PolicyAuthValue],
      ["PolicyPassword", TPM_CC.PolicyPassword],
    ] as const) {
      for (const cipher of ["none", "aes128"] as const) {
        it(`an NV index whose policy is ${label}, read and written with a policy session (${cipher})`, async () => {
          const { tss } = ctx();
          const run = (s: number) =>
            policyCc === TPM_CC.PolicyAuthValue
              ? tss.policyAuthValue({ policySession: s })
              : tss.policyPassword({ policySession: s });
          const digest = await policyDigest(async (s) => {
            await run(s);
          });
          const nvIndex = 0x01600000 + (policyCc & 0xff) + (cipher === "none" ? 0 : 0x100);
          await tss.nvDefineSpace({
            authHandle: TPM_RH.OWNER,
            auth: enc.encode("policy-pw"),
            publicInfo: {
              nvPublic: {
                nvIndex,
                nameAlg: TPM_ALG_ID.SHA256,
                attributes: TPMA_NV.POLICYWRITE | TPMA_NV.POLICYREAD | TPMA_NV.NO_DA,
                authPolicy: digest,
                dataSize: 16,
              },
            },
          });
          const session = await startAuthSession(tss, { sessionType: TPM_SE.POLICY, cipher });
          const attrs = continueSession | (cipher === "none" ? 0 : TPMA_SESSION.decrypt);
          await run(session);
          const data = enc.encode("0123456789abcdef");
          await tss.nvWrite(
            { authHandle: nvIndex, nvIndex, data, offset: 0 },
            { sessions: [{ handle: session, password: "policy-pw", attributes: attrs }] },
          );
          await run(session); // the policy is reset after each use
          const out = await tss.nvRead(
            { authHandle: nvIndex, nvIndex, size: 16, offset: 0 },
            {
              sessions: [
                {
                  handle: session,
                  password: "policy-pw",
                  attributes: continueSession | (cipher === "none" ? 0 : TPMA_SESSION.encrypt),
                },
              ],
            },
          );
          expect(out.data).toEqual(data);
          // The wrong password fails on the TPM, naming session 1.
          await run(session);
          const err = await tss
            .nvRead(
              { authHandle: nvIndex, nvIndex, size: 16, offset: 0 },
              { sessions: [{ handle: session, password: "wrong", attributes: continueSession }] },
            )
            .catch((e) => e);
          expect(err.name).toBe("TpmError");
          expect(err.location?.session).toBe(1);
          await tss.flushContext({ flushHandle: session }).catch(() => undefined);
          await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
        });
      }
    }

    it("PolicySecret with an HMAC-authorized owner, its digest matching a trial session", async () => {
      const { tss } = ctx();
      const expected = await policyDigest(async (s) => {
        await tss.policySecret({
          authHandle: TPM_RH.OWNER,
          policySession: s,
          nonceTPM: empty,
          cpHashA: empty,
          policyRef: empty,
          expiration: 0,
        });
      });
      const policy = await startAuthSession(tss, { sessionType: TPM_SE.POLICY, cipher: "aes128" });
      const hmac = await startAuthSession(tss, { cipher: "aes128" });
      await tss.policySecret(
        {
          authHandle: TPM_RH.OWNER,
          policySession: policy,
          nonceTPM: empty,
          cpHashA: empty,
          policyRef: enc.encode(""),
          expiration: 0,
        },
        {
          sessions: [
            { handle: hmac, password: "", attributes: continueSession | TPMA_SESSION.decrypt | TPMA_SESSION.encrypt },
          ],
        },
      );
      const { policyDigest: got } = await tss.policyGetDigest({ policySession: policy });
      expect(got).toEqual(expected);
      await tss.flushContext({ flushHandle: policy });
      await tss.flushContext({ flushHandle: hmac });
    });
  },
  { filter: { needsCrypto: true } },
);
