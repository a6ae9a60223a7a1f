// The builder, JSON policy trees and the command plan, offline: trees survive a
// JSON round trip with the same digest; malformed JSON is refused with a
// PolicyError naming the field; the satisfier plans the right commands in
// order (OR branch first, approved policy before PolicyAuthorize) and refuses
// what it cannot satisfy.
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { TPM_ALG_ID, TPM_CC, TPM_EO, TPM_ST } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import {
  PolicyError,
  pcrDigest,
  pcrSelection,
  policy,
  policyCommands,
  policyDigest,
  policyFromJson,
  policyToJson,
  satisfyPolicy,
  selectedPcrs,
  toHex,
} from "../src/index.js";

const crypto = createWebCrypto();
const fill = (b: number, n = 32) => new Uint8Array(n).fill(b);
const OWNER = Uint8Array.of(0x40, 0, 0, 1);
const NV = Uint8Array.of(0, 0x0b, ...fill(9));

/** A policy using every assertion type. */
function everything() {
  return policy(TPM_ALG_ID.SHA256)
    .authorizeNV(NV, 0x01500001)
    .signed(Uint8Array.of(0, 0x0b, ...fill(1)), fill(2, 3), 0x80000001)
    .secret(OWNER, fill(3, 5))
    .pcr([pcrSelection(TPM_ALG_ID.SHA256, [0, 7, 16]), pcrSelection(TPM_ALG_ID.SHA1, [23])], fill(4))
    .locality(3)
    .nv(NV, Uint8Array.of(1, 2, 3), 2, TPM_EO.UNSIGNED_LE, 0x01500001)
    .counterTimer(Uint8Array.of(9), 8, TPM_EO.BITSET)
    .commandCode(TPM_CC.Duplicate)
    .physicalPresence()
    .duplicationSelect(NV, OWNER, true)
    .nvWritten(false)
    .password()
    .capability(Uint8Array.of(1), 0, TPM_EO.EQ, 6, 0x100)
    .or([policy().authValue(), policy().template(fill(5)), [{ type: "cpHash", cpHash: fill(6) }]]);
}

describe("policy trees", () => {
  it("survive a JSON round trip with every assertion, keeping their digest", async () => {
    const tree = everything();
    const json = policyToJson(tree);
    const back = policyFromJson(json);
    expect(policyToJson(back)).toBe(json);
    expect(await policyDigest(crypto, back)).toEqual(await tree.digest(crypto));
    expect(JSON.parse(json).steps[3]).toEqual({
      type: "pcr",
      pcrs: [
        { hash: TPM_ALG_ID.SHA256, pcrSelect: "810001" },
        { hash: TPM_ALG_ID.SHA1, pcrSelect: "000080" },
      ],
      pcrDigest: toHex(fill(4)),
    });
  });

  it("builders are immutable: each method returns a new policy", async () => {
    const base = policy().commandCode(TPM_CC.NV_Read);
    const a = base.authValue();
    const b = base.password();
    expect(base.steps).toHaveLength(1);
    expect(a.steps.at(-1)).toEqual({ type: "authValue" });
    expect(b.steps.at(-1)).toEqual({ type: "password" });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["no steps", '{"hashAlg":11}', /policy.steps: expected an array/],
    ["an unknown hash", '{"hashAlg":99,"steps":[]}', /policy.hashAlg: not a hash algorithm/],
    ["an unknown assertion", '{"hashAlg":11,"steps":[{"type":"magic"}]}', /unknown assertion magic/],
    [
      "odd hex",
      '{"hashAlg":11,"steps":[{"type":"cpHash","cpHash":"abc"}]}',
      /steps\[0\].cpHash: expected an even-length hex/,
    ],
    [
      "a missing field",
      '{"hashAlg":11,"steps":[{"type":"nv","nvName":"00","operandB":"","offset":0}]}',
      /operation: missing/,
    ],
    ["an extra field", '{"hashAlg":11,"steps":[{"type":"authValue","x":1}]}', /x: not a field of authValue/],
    ["a number out of range", '{"hashAlg":11,"steps":[{"type":"locality","locality":256}]}', /integer 0..255/],
    ["a one-branch OR", '{"hashAlg":11,"steps":[{"type":"or","branches":[[]]}]}', /2 to 8 branches/],
    ["a non-boolean", '{"hashAlg":11,"steps":[{"type":"nvWritten","writtenSet":1}]}', /true or false/],
  ])("refuses %s", (_label, json, message) => {
    const e = (() => {
      try {
        policyFromJson(json);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).code).toBe("BAD_POLICY");
    expect((e as Error).message).toMatch(message);
  });

  it("refuses a PolicyOR of one or nine branches, an unknown hash and out-of-range numbers when computing", async () => {
    await expect(policy().or([policy()]).digest(crypto)).rejects.toThrow(/2 to 8 branches/);
    await expect(
      policy()
        .or(Array.from({ length: 9 }, () => policy()))
        .digest(crypto),
    ).rejects.toThrow(/2 to 8/);
    await expect(policy(0x1234).authValue().digest(crypto)).rejects.toMatchObject({ code: "BAD_HASH" });
    await expect(policy().locality(256).digest(crypto)).rejects.toMatchObject({ code: "BAD_POLICY" });
    await expect(policy().commandCode(-1).digest(crypto)).rejects.toThrow(/code: expected an integer/);
    await expect(policy().counterTimer(Uint8Array.of(1), 0x10000, 0).digest(crypto)).rejects.toThrow(/offset/);
    await expect(
      policy()
        .pcr({ hash: 0x1234, pcrSelect: Uint8Array.of(1, 0, 0) }, fill(0))
        .digest(crypto),
    ).rejects.toMatchObject({
      code: "BAD_POLICY",
    });
  });

  it("PCR selections and pcrDigest", async () => {
    const sel = pcrSelection(TPM_ALG_ID.SHA256, [16, 0, 23]);
    expect(toHex(sel.pcrSelect)).toBe("010081");
    expect(selectedPcrs(sel)).toEqual([0, 16, 23]);
    expect(() => pcrSelection(TPM_ALG_ID.SHA256, [24])).toThrow(PolicyError);
    // H(32 zero octets): the digest of one reset PCR.
    expect(toHex(await pcrDigest(crypto, TPM_ALG_ID.SHA256, [fill(0)]))).toBe(
      "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925",
    );
  });
});

describe("the satisfier's command plan", () => {
  it("runs the chosen OR branch, then PolicyOR with every branch's digest", async () => {
    const tree = policy()
      .commandCode(TPM_CC.NV_Read)
      .or([policy().authValue(), policy().secret(OWNER)]);
    const plan = await policyCommands(crypto, tree, { policySession: 0x03000000, chooseBranch: () => 1 });
    expect(plan.map((c) => c.commandCode)).toEqual([TPM_CC.PolicyCommandCode, TPM_CC.PolicySecret, TPM_CC.PolicyOR]);
    expect(plan[1]!.input).toMatchObject({ authHandle: 0x40000001, policySession: 0x03000000 });
    const afterCc = await policy().commandCode(TPM_CC.NV_Read).digest(crypto);
    const list = plan[2]!.input.pHashList as Uint8Array[];
    expect(list).toEqual([
      await policyDigest(crypto, {
        hashAlg: TPM_ALG_ID.SHA256,
        steps: [{ type: "commandCode", code: TPM_CC.NV_Read }, { type: "authValue" }],
      }),
      await policyDigest(crypto, {
        hashAlg: TPM_ALG_ID.SHA256,
        steps: [
          { type: "commandCode", code: TPM_CC.NV_Read },
          { type: "secret", authName: OWNER },
        ],
      }),
    ]);
    expect(list[0]).not.toEqual(afterCc);
  });

  it("sends through execute with sessions for the authorized handle, and returns the expected digest", async () => {
    const sent: [number, Record<string, unknown>, unknown][] = [];
    const tree = policy().nv(fill(1, 34), Uint8Array.of(5), 0, TPM_EO.EQ, 0x01500002);
    const digest = await satisfyPolicy(crypto, tree, {
      policySession: 0x03000001,
      execute: async (cc, input, options) => {
        sent.push([cc, input, options]);
        return {};
      },
      sessionsFor: (_step, handle) => [{ handle: 0x40000009, password: `pw-${handle.toString(16)}` }],
    });
    expect(digest).toEqual(await tree.digest(crypto));
    expect(sent).toEqual([
      [
        TPM_CC.PolicyNV,
        {
          authHandle: 0x01500002,
          nvIndex: 0x01500002,
          policySession: 0x03000001,
          operandB: Uint8Array.of(5),
          offset: 0,
          operation: 0,
        },
        { sessions: [{ handle: 0x40000009, password: "pw-1500002" }] },
      ],
    ]);
  });

  it("satisfies the approved policy before PolicyAuthorize, with its digest as approvedPolicy", async () => {
    const approved = policy().commandCode(TPM_CC.Sign);
    const ticket = { tag: TPM_ST.VERIFIED, hierarchy: 0x40000001, digest: fill(8) };
    const plan = await policyCommands(crypto, policy().authorize(NV, fill(1, 4)), {
      policySession: 0x03000000,
      approved: async () => ({ policy: approved, checkTicket: ticket }),
    });
    expect(plan.map((c) => c.commandCode)).toEqual([TPM_CC.PolicyCommandCode, TPM_CC.PolicyAuthorize]);
    expect(plan[1]!.input).toMatchObject({
      approvedPolicy: await approved.digest(crypto),
      keySign: NV,
      checkTicket: ticket,
    });
  });

  it("sends PolicyTicket when a ticket is given, checking its tag", async () => {
    const ticket = { tag: TPM_ST.AUTH_SECRET, hierarchy: 0x40000001, digest: fill(8) };
    const plan = await policyCommands(crypto, policy().secret(OWNER), {
      policySession: 0x03000000,
      ticket: () => ({ timeout: fill(1, 8), ticket }),
    });
    expect(plan[0]).toMatchObject({ commandCode: TPM_CC.PolicyTicket, input: { authName: OWNER, ticket } });
    await expect(
      policyCommands(crypto, policy().signed(NV), {
        policySession: 0x03000000,
        ticket: () => ({ timeout: fill(1, 8), ticket }),
      }),
    ).rejects.toThrow(/ticket of tag 0x8023 for a signed step/);
  });

  it.each([
    ["PolicySigned without a key handle", policy().signed(NV), /authObject handle/],
    ["PolicySigned without a signer", policy().signed(NV, new Uint8Array(0), 0x80000000), /sign\(\) hook/],
    ["PolicyNV without the index handle", policy().nv(NV, Uint8Array.of(1), 0, 0), /nvIndex handle/],
    ["PolicySecret of an object without its handle", policy().secret(NV), /authHandle/],
    ["PolicyAuthorize without an approved policy", policy().authorize(NV), /approved\(\) hook/],
    ["PolicyAuthorize after another assertion", policy().authValue().authorize(NV), /must start/],
  ])("refuses %s (UNSATISFIABLE)", async (_label, tree, message) => {
    const e = await policyCommands(crypto, tree, { policySession: 0x03000000 }).catch((err) => err);
    expect(e).toBeInstanceOf(PolicyError);
    expect(e.code).toBe("UNSATISFIABLE");
    expect(e.message).toMatch(message);
  });
});
