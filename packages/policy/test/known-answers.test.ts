// Known-answer vectors for every assertion. Each expected digest was read from
// swtpm (libtpms): a trial session given the same assertion, then
// PolicyGetDigest (tools/reg/test/policy-calculator.test.ts checks the same
// equality on random inputs). Three are also published values: PolicyAuthValue
// (SHA-256), the EK profile's PolicyA and PolicyB. Run on both crypto plugins.
import { createHash } from "node:crypto";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { type Crypto, TPM_ALG_ID, TPM_CC } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import {
  extendPolicy,
  fromHex,
  type PolicyAssertion,
  pcrSelection,
  policy,
  policyApprovalDigest,
  policyDigest,
  policySignedDigest,
  toHex,
} from "../src/index.js";

const { SHA1, SHA256, SHA384, SHA512 } = TPM_ALG_ID;
const fill = (b: number, n = 32) => new Uint8Array(n).fill(b);
const utf8 = (s: string) => new TextEncoder().encode(s);
const name256 = (b: number) => Uint8Array.of(0x00, 0x0b, ...fill(b));
/** The Name of NV index 0x01500020 (SHA-256, AUTHWRITE|AUTHREAD|NO_DA|WRITTEN, 8 octets), as swtpm reported it. */
const NV_NAME = fromHex("000ba29d05f12bd59e1d4b514d3375b8e782d65aea6d73d713494be14eb7017775b8");
const OWNER = Uint8Array.of(0x40, 0, 0, 0x01);
const ENDORSEMENT = Uint8Array.of(0x40, 0, 0, 0x0b);

/** [label, hash, steps, expected digest in hex]. */
const VECTORS: [string, number, PolicyAssertion[], string][] = [
  ["PolicyAuthValue SHA-1", SHA1, [{ type: "authValue" }], "af6038c78c5c962d37127e319124e3a8dc582e9b"],
  [
    "PolicyAuthValue SHA-256",
    SHA256,
    [{ type: "authValue" }],
    "8fcd2169ab92694e0c633f1ab772842b8241bbc20288981fc7ac1eddc1fddb0e",
  ],
  [
    "PolicyAuthValue SHA-384",
    SHA384,
    [{ type: "authValue" }],
    "0eb13321e885c9603d394e1c33976d4660517111f440d377585f66a94a0eee0a7f73d10b68edc48f61bd3c8385dcddf5",
  ],
  [
    "PolicyAuthValue SHA-512",
    SHA512,
    [{ type: "authValue" }],
    "7e449b52cb9d5360379cbb1d874b8be572eaca3d387d6376edcbc50699903608711483dd07796b436a26a558aae221bfce15e8ae353c08962ae6c6b19ef16932",
  ],
  [
    "PolicyPassword (extends with TPM_CC_PolicyAuthValue)",
    SHA256,
    [{ type: "password" }],
    "8fcd2169ab92694e0c633f1ab772842b8241bbc20288981fc7ac1eddc1fddb0e",
  ],
  [
    "PolicyCommandCode(NV_Read) SHA-1",
    SHA1,
    [{ type: "commandCode", code: TPM_CC.NV_Read }],
    "fd38a8922a78017b4782955bff1e632ec9bbaa90",
  ],
  [
    "PolicyCommandCode(NV_Read) SHA-256",
    SHA256,
    [{ type: "commandCode", code: TPM_CC.NV_Read }],
    "47ce3032d8bad1f3089cb0c09088de43501491d460402b90cd1b7fc0b68ca92f",
  ],
  [
    "PolicyCommandCode(NV_Read) SHA-384",
    SHA384,
    [{ type: "commandCode", code: TPM_CC.NV_Read }],
    "fbdd14921c8bd95c9f359679d2bf7578b147e8298321f8e9eac44c11772ffa6ee591784347839beff122f2144dd0b0f0",
  ],
  [
    "PolicyCommandCode(NV_Read) SHA-512",
    SHA512,
    [{ type: "commandCode", code: TPM_CC.NV_Read }],
    "31386aba16d8f064bd514d1dd9481c656d0e32e2ad848e1be9b9ab1dd66ffad2c5c02d221c61d201994ed8306b770e56bb130532df62ea8d06c6df535f19b821",
  ],
  [
    "PolicySecret(endorsement) SHA-1",
    SHA1,
    [{ type: "secret", authName: ENDORSEMENT }],
    "a721411a819a07ebcee9c6f1b19da385ce165910",
  ],
  [
    "PolicySecret(endorsement) SHA-256 = the EK profile's PolicyA",
    SHA256,
    [{ type: "secret", authName: ENDORSEMENT }],
    "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa",
  ],
  [
    "PolicySecret(endorsement) SHA-384",
    SHA384,
    [{ type: "secret", authName: ENDORSEMENT }],
    "8bbf2266537c171cb56e403c4dc1d4b64f432611dc386e6f532050c3278c930e143e8bb1133824ccb431053871c6db53",
  ],
  [
    "PolicySecret(endorsement) SHA-512",
    SHA512,
    [{ type: "secret", authName: ENDORSEMENT }],
    "1e3b76502c8a1425aa0b7b3fc646a1b0fae063b03b5368f9c4cddecaff0891dd682bac1a85d4d832b781ea451915de5fc5bf0dc4a1917cd42fa041e3f998e0ee",
  ],
  [
    "PolicySecret(owner, policyRef 'ref')",
    SHA256,
    [{ type: "secret", authName: OWNER, policyRef: utf8("ref") }],
    "9586343a9dc675ef35af0f7d375bf6554fd161bee76216eb67f1ebcc901c9265",
  ],
  [
    "PolicyPCR(SHA-256 bank, PCR 16 = zeros)",
    SHA256,
    [
      {
        type: "pcr",
        pcrs: [pcrSelection(SHA256, [16])],
        pcrDigest: fromHex("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"),
      },
    ],
    "bff2d58e9813f97cefc14f72ad8133bc7092d652b7c877959254af140c841f36",
  ],
  [
    "PolicyLocality(1)",
    SHA256,
    [{ type: "locality", locality: 1 }],
    "ddee6af14bf3c4e8127ced87bcf9a57e1c0c8ddb5e67735c8505f96f07b8dbb8",
  ],
  [
    "PolicyNV(0102 at 0, EQ)",
    SHA256,
    [{ type: "nv", nvName: NV_NAME, operandB: Uint8Array.of(1, 2), offset: 0, operation: 0 }],
    "60b6605bde25a8d65b75c3fd39ac7abae8d79ef15c2dcba548f165f3b762b6fa",
  ],
  [
    "PolicyCounterTimer(0x10 at 0, UNSIGNED_GT)",
    SHA256,
    [{ type: "counterTimer", operandB: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0x10), offset: 0, operation: 4 }],
    "09b0611503c2187e658bc1b2bf470545b3bdbab044a6d99c9507b6fd6bf6e587",
  ],
  [
    "PolicyCpHash",
    SHA256,
    [{ type: "cpHash", cpHash: fill(0x11) }],
    "e859ef1747b5f82fb1971132845d543905445696db00462f49bc7181bac31070",
  ],
  [
    "PolicyNameHash",
    SHA256,
    [{ type: "nameHash", nameHash: fill(0x22) }],
    "59fd3b8a9992546ca517891c678a19973a05d544936fcd68db2262f4b20f6fd3",
  ],
  [
    "PolicyDuplicationSelect(includeObject YES)",
    SHA256,
    [{ type: "duplicationSelect", objectName: name256(0x33), newParentName: name256(0x44), includeObject: true }],
    "26890359b9a7e5ef6cd488633f28a1cfb103ccae608a3bc285952bc14a7a4f4b",
  ],
  [
    "PolicyDuplicationSelect(includeObject NO)",
    SHA256,
    [{ type: "duplicationSelect", objectName: name256(0x33), newParentName: name256(0x44), includeObject: false }],
    "0d45565e624dbe6743957d82a56994c151d4e868cee2602cbe6fec560cfdb555",
  ],
  [
    "PolicyAuthorize(keySign, policyRef 'ref')",
    SHA256,
    [{ type: "authorize", keySignName: name256(0x55), policyRef: utf8("ref") }],
    "079724a7ae306c2e11a96f51a57c0448ffa1d6fa00940c360d854197b71731b6",
  ],
  [
    "PolicyNvWritten(YES)",
    SHA256,
    [{ type: "nvWritten", writtenSet: true }],
    "f7887d158ae8d38be0ac5319f37a9e07618bf54885453c7a54ddb0c6a6193beb",
  ],
  [
    "PolicyTemplate",
    SHA256,
    [{ type: "template", templateHash: fill(0x66) }],
    "0d5e747cf3aea1785cd62cba1133fe722eb81cf799b0872989756018f9190a36",
  ],
  [
    "PolicyAuthorizeNV",
    SHA256,
    [{ type: "authorizeNV", nvName: NV_NAME }],
    "e80f8649f8e092cd17125306676d0ac3717251e6c4df87079b9ea9717d3cd97a",
  ],
  [
    "PolicyPhysicalPresence",
    SHA256,
    [{ type: "physicalPresence" }],
    "0d7c6747b1b9facbba03492097aa9d5af792e5efc07346e05f9daa8b3d9e13b5",
  ],
  [
    "PolicyOR(PolicyCommandCode(NV_Read) | PolicyAuthValue)",
    SHA256,
    [{ type: "or", branches: [[{ type: "commandCode", code: TPM_CC.NV_Read }], [{ type: "authValue" }]] }],
    "3bb5f7754c3d8ff45e301ef6b657316f492528b77b0b2156acdb81e06108626d",
  ],
  [
    "PolicyCommandCode(NV_Read) then PolicyAuthValue",
    SHA256,
    [{ type: "commandCode", code: TPM_CC.NV_Read }, { type: "authValue" }],
    "e1c7a9811e54cda557545d602467684e51e6a2d08d7d9a738fd81c35b278c041",
  ],
];

/** H(parts) with node:crypto: an independent hash for the formulas swtpm cannot check. */
function nodeHash(alg: string, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

for (const [label, make] of [
  ["forge", createForgeCrypto],
  ["webcrypto", createWebCrypto],
] as const) {
  describe(`policy digests with ${label}`, () => {
    const crypto: Crypto = make();

    for (const [what, hashAlg, steps, expected] of VECTORS) {
      it(what, async () => {
        expect(toHex(await policyDigest(crypto, { hashAlg, steps }))).toBe(expected);
      });
    }

    it("the EK profile's PolicyB (SHA-256) is PolicyOR(PolicyA, PolicyC)", async () => {
      const a = fromHex("837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
      const c = fromHex("3767e2edd43ff45a3a7e1eaefcef78643dca964632e7aad82c673a30d8633fde");
      const b = await extendPolicy(crypto, SHA256, new Uint8Array(32), TPM_CC.PolicyOR, a, c);
      expect(toHex(b)).toBe("ca3d0a99a2b93906f7a3342414efcfb3a385d44cd1fd459089d19b5071c0b7a0");
    });

    it("PolicyCapability and PolicyParameters (not in swtpm) follow Part 3 rev 1.83's formulas", async () => {
      const operandB = Uint8Array.of(0, 0, 1, 0);
      const args = nodeHash(
        "sha256",
        operandB,
        Uint8Array.of(0, 4),
        Uint8Array.of(0, 2),
        Uint8Array.of(0, 0, 0, 6),
        Uint8Array.of(0, 0, 1, 5),
      );
      const capability = await policy().capability(operandB, 4, 2, 6, 0x105).digest(crypto);
      expect(capability).toEqual(nodeHash("sha256", fill(0), Uint8Array.of(0, 0, 1, 0x9b), args));
      const parameters = await policy(SHA384).parameters(fill(7, 48)).digest(crypto);
      expect(parameters).toEqual(nodeHash("sha384", fill(0, 48), Uint8Array.of(0, 0, 1, 0x9c), fill(7, 48)));
    });

    it("PolicySigned's aHash and PolicyAuthorize's approval digest", async () => {
      const nonceTPM = fill(0xa1, 16);
      const cpHashA = fill(0xb2);
      const ref = utf8("ref");
      expect(await policySignedDigest(crypto, SHA256, { nonceTPM, expiration: -30, cpHashA, policyRef: ref })).toEqual(
        nodeHash("sha256", nonceTPM, Uint8Array.of(0xff, 0xff, 0xff, 0xe2), cpHashA, ref),
      );
      // Nothing given: H(0x00000000), the expiration alone.
      expect(await policySignedDigest(crypto, SHA1, {})).toEqual(nodeHash("sha1", new Uint8Array(4)));
      const approved = fill(0xc3);
      expect(await policyApprovalDigest(crypto, SHA256, approved, ref)).toEqual(nodeHash("sha256", approved, ref));
    });
  });
}
