// @tss/policy against swtpm: for every policy command swtpm implements, the
// offline calculator's digest equals the TPM's (a trial session's
// PolicyGetDigest) on random inputs, over every hash algorithm swtpm offers;
// the assertions are sent by @tss/policy's own satisfier (satisfyPolicy) with
// tss.execute, so the command plan is proven too. Real (non-trial) sessions
// then satisfy PolicyOR, PolicyAuthorize (a TPM-signed approval) and
// PolicyTicket, and authorize an NV read through a JSON round trip.
import {
  type Crypto,
  TPM_ALG_ID,
  TPM_CAP,
  TPM_CC,
  TPM_RH,
  TPM_SE,
  TPM_ST,
  TPMA_ALGORITHM,
  TPMA_NV,
} from "@tss/marshal";
import {
  type PolicyAssertion,
  type PolicyTree,
  pcrDigest,
  pcrSelection,
  policy,
  policyApprovalDigest,
  policyDigest,
  policyFromJson,
  policyToJson,
  satisfyPolicy,
} from "@tss/policy";
import type { Tss } from "@tss/tss";
import { expect, it } from "vitest";
import { eccSigningKey, ordinaryNvIndex } from "../src/templates.js";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";

const empty = new Uint8Array(0);
const NULL_VERIFIED = { tag: TPM_ST.VERIFIED, hierarchy: TPM_RH.NULL, digest: empty };
const HASH_SIZE: Record<number, number> = {
  [TPM_ALG_ID.SHA1]: 20,
  [TPM_ALG_ID.SHA256]: 32,
  [TPM_ALG_ID.SHA384]: 48,
  [TPM_ALG_ID.SHA512]: 64,
  [TPM_ALG_ID.SM3_256]: 32,
};
/** Command codes swtpm implements, for random PolicyCommandCode values. */
const SOME_CODES = [
  TPM_CC.NV_Read,
  TPM_CC.NV_Write,
  TPM_CC.Sign,
  TPM_CC.Unseal,
  TPM_CC.Duplicate,
  TPM_CC.Certify,
  TPM_CC.Quote,
  TPM_CC.PolicyNV,
  TPM_CC.ObjectChangeAuth,
  TPM_CC.NV_Extend,
];

function rnd(crypto: Crypto, n: number): Uint8Array {
  return crypto.randomBytes(n);
}
function rint(n: number): number {
  return Math.floor(Math.random() * n);
}

describeMatrix(
  "@tss/policy digests equal the TPM's",
  (ctx) => {
    let hashes: number[] = [];
    const commands = new Set<number>();
    let key = 0;
    let keyName: Uint8Array = empty;
    const nvIndex = 0x01510000;
    let nvName: Uint8Array = empty;

    const exec = (tss: Tss) => (cc: number, input: Record<string, unknown>, opts: { sessions?: readonly unknown[] }) =>
      tss.execute(cc as never, input as never, opts as never);

    /** The TPM's digest of `tree` in a fresh trial session, and ours. */
    async function both(
      tree: PolicyTree,
      extra: Parameters<typeof satisfyPolicy>[2] extends infer O ? Partial<O> : never = {},
    ) {
      const { tss, crypto } = ctx();
      const trial = await startAuthSession(tss, { sessionType: TPM_SE.TRIAL, authHash: tree.hashAlg });
      try {
        const expected = await satisfyPolicy(crypto!, tree, { ...extra, policySession: trial, execute: exec(tss) });
        const { policyDigest: got } = await tss.policyGetDigest({ policySession: trial });
        return { tpm: got, ours: await policyDigest(crypto!, tree), expected };
      } finally {
        await tss.flushContext({ flushHandle: trial }).catch(() => undefined);
      }
    }

    it("setup: the TPM's hash algorithms and commands, a signing key and a written NV index", async () => {
      const { tss, crypto } = ctx();
      const algs = await tss.getCapability({ capability: TPM_CAP.ALGS, property: 0, propertyCount: 64 });
      const list = (algs.capabilityData as { data: { algorithms: { alg: number; algProperties: number }[] } }).data
        .algorithms;
      hashes = list.filter((a) => a.algProperties & TPMA_ALGORITHM.hash && HASH_SIZE[a.alg]).map((a) => a.alg);
      // Every hash the TPM offers must be one our Crypto computes (SM3 is not, and swtpm does not offer it).
      for (const h of hashes) await expect(crypto!.hash(h, empty)).resolves.toHaveLength(HASH_SIZE[h]!);
      expect(hashes).toEqual(expect.arrayContaining([TPM_ALG_ID.SHA1, TPM_ALG_ID.SHA256, TPM_ALG_ID.SHA384]));
      let property = 0x11f; // TPM_CC_FIRST
      for (;;) {
        const r = await tss.getCapability({ capability: TPM_CAP.COMMANDS, property, propertyCount: 256 });
        const cmds = (r.capabilityData as { data: { command: number[] } }).data.command;
        for (const a of cmds) commands.add(a & 0xffff);
        if (!r.moreData || cmds.length === 0) break;
        property = (cmds.at(-1)! & 0xffff) + 1;
      }
      expect(commands.has(TPM_CC.PolicyAuthorizeNV)).toBe(true);
      const k = await tss.createPrimary({
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: eccSigningKey() },
        outsideInfo: empty,
        creationPCR: [],
      } as never);
      key = k.objectHandle;
      keyName = k.name;
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: empty,
        publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 16) },
      });
      await tss.nvWrite({ authHandle: nvIndex, nvIndex, data: rnd(crypto!, 16), offset: 0 });
      nvName = (await tss.nvReadPublic({ nvIndex })).nvName;
    });

    /** One random instance of each assertion, for hash `h`. */
    function randomCases(
      crypto: Crypto,
      h: number,
    ): [string, PolicyAssertion, Partial<Parameters<typeof satisfyPolicy>[2]>?][] {
      const size = HASH_SIZE[h]!;
      const name256 = () => Uint8Array.of(0x00, 0x0b, ...rnd(crypto, 32));
      const locality = rint(2) ? 1 << rint(5) : 32 + rint(224);
      const operandLen = 1 + rint(8);
      const sigR = rnd(crypto, 32);
      const cases: [string, PolicyAssertion, Partial<Parameters<typeof satisfyPolicy>[2]>?][] = [
        [
          "PolicySigned",
          { type: "signed", authName: keyName, policyRef: rnd(crypto, rint(17)), authObject: key },
          {
            sign: () => ({
              auth: {
                sigAlg: TPM_ALG_ID.ECDSA,
                signature: { ecdsa: { hash: TPM_ALG_ID.SHA256, signatureR: sigR, signatureS: sigR } },
              },
            }),
          },
        ],
        [
          "PolicySecret (owner)",
          { type: "secret", authName: Uint8Array.of(0x40, 0, 0, 1), policyRef: rnd(crypto, rint(17)) },
        ],
        ["PolicySecret (NV index)", { type: "secret", authName: nvName, authHandle: nvIndex }],
        [
          "PolicyOR",
          {
            type: "or",
            branches: Array.from({ length: 2 + rint(7) }, () => [
              { type: "commandCode", code: SOME_CODES[rint(SOME_CODES.length)]! } as PolicyAssertion,
              { type: "cpHash", cpHash: rnd(crypto, size) } as PolicyAssertion,
            ]),
          },
          { chooseBranch: (or) => rint(or.branches.length) },
        ],
        [
          "PolicyPCR (given pcrDigest, random banks)",
          {
            type: "pcr",
            // One or two banks of the TPM's hashes, random PCRs in each.
            pcrs: [...new Set([hashes[rint(hashes.length)]!, hashes[rint(hashes.length)]!])].map((bank) =>
              pcrSelection(bank, [rint(24), rint(24), rint(24)]),
            ),
            pcrDigest: rnd(crypto, size),
          },
        ],
        ["PolicyLocality", { type: "locality", locality }],
        [
          "PolicyNV",
          {
            type: "nv",
            nvName,
            nvIndex,
            operandB: rnd(crypto, operandLen),
            offset: rint(17 - operandLen),
            operation: rint(12),
          },
        ],
        [
          "PolicyCounterTimer",
          { type: "counterTimer", operandB: rnd(crypto, operandLen), offset: rint(17), operation: rint(12) },
        ],
        ["PolicyCommandCode", { type: "commandCode", code: SOME_CODES[rint(SOME_CODES.length)]! }],
        ["PolicyPhysicalPresence", { type: "physicalPresence" }],
        ["PolicyCpHash", { type: "cpHash", cpHash: rnd(crypto, size) }],
        ["PolicyNameHash", { type: "nameHash", nameHash: rnd(crypto, size) }],
        [
          "PolicyDuplicationSelect (includeObject)",
          { type: "duplicationSelect", objectName: name256(), newParentName: name256(), includeObject: true },
        ],
        [
          "PolicyDuplicationSelect (no object)",
          { type: "duplicationSelect", objectName: name256(), newParentName: name256(), includeObject: false },
        ],
        [
          "PolicyAuthorize",
          { type: "authorize", keySignName: name256(), policyRef: rnd(crypto, rint(17)) },
          { approved: async () => ({ policy: { hashAlg: h, steps: [] }, checkTicket: NULL_VERIFIED }) },
        ],
        ["PolicyAuthValue", { type: "authValue" }],
        ["PolicyPassword", { type: "password" }],
        ["PolicyNvWritten", { type: "nvWritten", writtenSet: rint(2) === 1 }],
        ["PolicyTemplate", { type: "template", templateHash: rnd(crypto, size) }],
        [
          "PolicyAuthorizeNV",
          { type: "authorizeNV", nvName, nvIndex },
          { approved: async () => ({ policy: { hashAlg: h, steps: [] } }) },
        ],
      ];
      return cases;
    }

    it("every assertion, random inputs, every hash: calculator == trial session's PolicyGetDigest", async () => {
      const { crypto } = ctx();
      let compared = 0;
      for (const h of hashes) {
        for (const [label, assertion, extra] of randomCases(crypto!, h)) {
          // Each assertion after a random prefix, so digests do not start from zeros only.
          const tree: PolicyTree = {
            hashAlg: h,
            steps: assertion.type.startsWith("authorize")
              ? [assertion]
              : ([{ type: "cpHash", cpHash: rnd(crypto!, HASH_SIZE[h]!) }, assertion] as PolicyAssertion[]).filter(
                  // PolicyCpHash and PolicyNameHash/DuplicationSelect/Parameters/Template exclude each other in one session.
                  (_a, i) =>
                    i === 1 ||
                    !["cpHash", "nameHash", "duplicationSelect", "parameters", "template", "or"].includes(
                      assertion.type,
                    ),
                ),
          };
          const r = await both(tree, extra).catch((e) => {
            throw new Error(`${label} (hash 0x${h.toString(16)}): ${e}`);
          });
          expect(r.tpm, `${label} hash 0x${h.toString(16)}`).toEqual(r.ours);
          expect(r.expected).toEqual(r.ours);
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(hashes.length * 20);
    });

    it("PolicyCapability and PolicyParameters (Part 3 rev 1.83), when the TPM implements them", async (t) => {
      const { crypto } = ctx();
      const newer = [TPM_CC.PolicyCapability, TPM_CC.PolicyParameters].filter((cc) => commands.has(cc));
      if (newer.length === 0)
        t.skip("this swtpm (libtpms) implements neither command: their formulas are unit-tested only");
      for (const h of hashes) {
        const cases: PolicyAssertion[] = [];
        if (commands.has(TPM_CC.PolicyCapability))
          cases.push({
            type: "capability",
            operandB: rnd(crypto!, 4),
            offset: 0,
            operation: rint(12),
            capability: TPM_CAP.TPM_PROPERTIES,
            property: 0x100 + rint(40),
          });
        if (commands.has(TPM_CC.PolicyParameters))
          cases.push({ type: "parameters", pHash: rnd(crypto!, HASH_SIZE[h]!) });
        for (const a of cases) {
          const r = await both({ hashAlg: h, steps: [{ type: "authValue" }, a] });
          expect(r.tpm).toEqual(r.ours);
        }
      }
    });

    it("PolicyPCR with an empty pcrDigest: the TPM's digest of the current PCR values equals pcrDigest()", async () => {
      const { tss, crypto } = ctx();
      await tss.pcrExtend({
        pcrHandle: 16,
        digests: [{ hashAlg: TPM_ALG_ID.SHA256, digest: { sha256: rnd(crypto!, 32) } }],
      } as never);
      const pcrs = [0, 16, 7, 23].sort((a, b) => a - b);
      const sel = pcrSelection(TPM_ALG_ID.SHA256, pcrs);
      const read = await tss.pcrRead({ pcrSelectionIn: [sel] });
      expect(read.pcrValues).toHaveLength(4);
      for (const h of hashes) {
        const trial = await startAuthSession(tss, { sessionType: TPM_SE.TRIAL, authHash: h });
        await tss.policyPCR({ policySession: trial, pcrDigest: empty, pcrs: [sel] });
        const { policyDigest: got } = await tss.policyGetDigest({ policySession: trial });
        await tss.flushContext({ flushHandle: trial });
        const digest = await pcrDigest(crypto!, h, read.pcrValues);
        expect(got).toEqual(await policy(h).pcr(sel, digest).digest(crypto!));
      }
    });

    it("a real session satisfies PolicyOR(PolicyCommandCode(NV_Read) + PolicyAuthValue | PolicySecret) carried as JSON, and reads the NV index", async () => {
      const { tss, crypto } = ctx();
      const index = 0x01510001;
      const server = policy(TPM_ALG_ID.SHA256).or([
        policy().commandCode(TPM_CC.NV_Read).authValue(),
        policy().secret(Uint8Array.of(0x40, 0, 0, 1)),
      ]);
      const authPolicy = await server.digest(crypto!);
      await tss.nvDefineSpace({
        authHandle: TPM_RH.OWNER,
        auth: new TextEncoder().encode("nvpw"),
        publicInfo: {
          nvPublic: {
            nvIndex: index,
            nameAlg: TPM_ALG_ID.SHA256,
            attributes: TPMA_NV.POLICYREAD | TPMA_NV.AUTHWRITE | TPMA_NV.NO_DA,
            authPolicy,
            dataSize: 8,
          },
        },
      });
      const data = rnd(crypto!, 8);
      await tss.nvWrite(
        { authHandle: index, nvIndex: index, data, offset: 0 },
        { sessions: [{ handle: 0x40000009, password: "nvpw" }] },
      );
      const client = policyFromJson(policyToJson(server.toTree()));
      for (const branch of [0, 1]) {
        const s = await startAuthSession(tss, { sessionType: TPM_SE.POLICY });
        const expected = await satisfyPolicy(crypto!, client, {
          policySession: s,
          execute: exec(tss),
          chooseBranch: () => branch,
        });
        expect(expected).toEqual(authPolicy);
        expect((await tss.policyGetDigest({ policySession: s })).policyDigest).toEqual(authPolicy);
        const out = await tss.nvRead(
          { authHandle: index, nvIndex: index, size: 8, offset: 0 },
          { sessions: [{ handle: s, password: "nvpw", attributes: 0 }] },
        );
        expect(out.data).toEqual(data);
      }
      await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: index });
    });

    it("PolicyAuthorize in a real session: a TPM-signed approval of policyApprovalDigest, VerifySignature's ticket", async () => {
      const { tss, crypto } = ctx();
      const policyRef = rnd(crypto!, 8);
      const approved = policy().commandCode(TPM_CC.NV_Read).cpHash(rnd(crypto!, 32));
      const aHash = await policyApprovalDigest(crypto!, TPM_ALG_ID.SHA256, await approved.digest(crypto!), policyRef);
      const { signature } = await tss.sign({
        keyHandle: key,
        digest: aHash,
        inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
        validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty },
      } as never);
      const { validation } = await tss.verifySignature({ keyHandle: key, digest: aHash, signature } as never);
      const authorized = policy().authorize(keyName, policyRef);
      const s = await startAuthSession(tss, { sessionType: TPM_SE.POLICY });
      const expected = await satisfyPolicy(crypto!, authorized, {
        policySession: s,
        execute: exec(tss),
        approved: async () => ({ policy: approved, checkTicket: validation }),
      });
      expect((await tss.policyGetDigest({ policySession: s })).policyDigest).toEqual(expected);
      expect(expected).toEqual(await authorized.digest(crypto!));
      await tss.flushContext({ flushHandle: s });
    });

    it("PolicyTicket from a real PolicySecret ticket: the same digest as PolicySecret", async () => {
      const { tss, crypto } = ctx();
      const policyRef = rnd(crypto!, 6);
      const first = await tss.startAuthSession({
        tpmKey: TPM_RH.NULL,
        bind: TPM_RH.NULL,
        nonceCaller: rnd(crypto!, 32),
        encryptedSalt: empty,
        sessionType: TPM_SE.POLICY,
        symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
        authHash: TPM_ALG_ID.SHA256,
      } as never);
      const secret = await tss.policySecret({
        authHandle: TPM_RH.OWNER,
        policySession: first.sessionHandle,
        nonceTPM: first.nonceTPM,
        cpHashA: empty,
        policyRef,
        expiration: -600,
      });
      await tss.flushContext({ flushHandle: first.sessionHandle });
      expect(secret.policyTicket.tag).toBe(TPM_ST.AUTH_SECRET);
      const tree = policy().secret(Uint8Array.of(0x40, 0, 0, 1), policyRef);
      const s = await startAuthSession(tss, { sessionType: TPM_SE.POLICY });
      const expected = await satisfyPolicy(crypto!, tree, {
        policySession: s,
        execute: exec(tss),
        ticket: () => ({ timeout: secret.timeout, ticket: secret.policyTicket }),
      });
      expect((await tss.policyGetDigest({ policySession: s })).policyDigest).toEqual(expected);
      await tss.flushContext({ flushHandle: s });
    });
  },
  { filter: { needsCrypto: true, transports: ["mssim"] } },
);
