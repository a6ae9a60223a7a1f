import { TPM_ALG_ID, TPM_SE, TPMA_SESSION, TssError } from "@tss/marshal";
import {
  authorizeCommand,
  cryptFirstParameter,
  kdfA,
  makeSalt,
  type SessionState,
  serializeSessionState,
  startSession,
  verifyResponse,
} from "@tss/session";
import { type FlowVector, fromHex, roundUses, startFlowSessions, VECTORS, withFixedRandom } from "@tss/session/testkit";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

const snapshot = (states: readonly (SessionState | undefined)[]) =>
  states.map((s) => (s === undefined ? "pw" : Buffer.from(serializeSessionState(s)).toString("hex")));

/** Authorizes round 0 of a flow and returns what verifyResponse needs. */
async function firstRound(flow: FlowVector) {
  const states = await startFlowSessions(nodeCrypto, flow);
  const round = flow.rounds[0]!;
  const before = snapshot(states);
  const out = await authorizeCommand(withFixedRandom(nodeCrypto, round.random.map(fromHex)), {
    commandCode: flow.commandCode,
    names: flow.names.map(fromHex),
    parameters: fromHex(round.parameters),
    decryptable: flow.decryptable,
    sessions: roundUses(round, states),
  });
  expect(snapshot(states)).toEqual(before); // authorizeCommand leaves the states alone
  const response = () => ({
    responseCode: 0,
    parameters: fromHex(round.response.parameters),
    authorizations: round.response.authorizations.map((a) => ({
      nonce: fromHex(a.nonce),
      sessionAttributes: a.sessionAttributes,
      hmac: fromHex(a.hmac),
    })),
    encryptable: flow.encryptable,
    responseAuthValues: round.response.responseAuthValues.map((x) => (x === null ? undefined : fromHex(x))),
  });
  return { states, before, out, response };
}

async function expectHmacFailure(p: Promise<unknown>, index: number): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TssError);
    expect((e as TssError).code).toBe("RESPONSE_HMAC");
    expect((e as TssError).message).toContain(`session ${index}`);
    return;
  }
  throw new Error("expected RESPONSE_HMAC");
}

describe("verifyResponse rejects tampered responses and changes nothing", () => {
  for (const flow of VECTORS.flows) {
    it(flow.name, async () => {
      const { states, before, out, response } = await firstRound(flow);
      const good = await verifyResponse(nodeCrypto, out.pending, response());
      expect(good.states.length).toBe(states.length);
      for (const [i, a] of response().authorizations.entries()) {
        if (a.hmac.length === 0) continue;
        const flipHmac = response();
        flipHmac.authorizations[i]!.hmac[flipHmac.authorizations[i]!.hmac.length - 1]! ^= 0x80;
        await expectHmacFailure(verifyResponse(nodeCrypto, out.pending, flipHmac), i);
        const flipNonce = response();
        flipNonce.authorizations[i]!.nonce[3]! ^= 1;
        await expectHmacFailure(verifyResponse(nodeCrypto, out.pending, flipNonce), i);
        const flipAttr = response();
        flipAttr.authorizations[i]!.sessionAttributes ^= TPMA_SESSION.continueSession;
        await expectHmacFailure(verifyResponse(nodeCrypto, out.pending, flipAttr), i);
        const flipParam = response();
        flipParam.parameters[flipParam.parameters.length - 1]! ^= 1;
        await expect(verifyResponse(nodeCrypto, out.pending, flipParam)).rejects.toMatchObject({
          code: "RESPONSE_HMAC",
        });
      }
      expect(snapshot(states)).toEqual(before);
      // the pending hand-over still verifies the genuine response after the failures
      expect(snapshot((await verifyResponse(nodeCrypto, out.pending, response())).states)).toEqual(
        snapshot(good.states),
      );
    });
  }

  it("rejects a response whose session count differs, with MALFORMED_RESPONSE", async () => {
    const { out, response } = await firstRound(VECTORS.flows[0]!);
    const r = response();
    r.authorizations.push(r.authorizations[0]!);
    await expect(verifyResponse(nodeCrypto, out.pending, r)).rejects.toMatchObject({ code: "MALFORMED_RESPONSE" });
  });
});

describe("authorizeCommand checks its input", () => {
  const hmacState = (handle: number, sym: number = TPM_ALG_ID.AES) =>
    startSession(nodeCrypto, {
      handle,
      sessionType: TPM_SE.HMAC,
      authHash: TPM_ALG_ID.SHA256,
      symmetric: { algorithm: sym, keyBits: 128, mode: TPM_ALG_ID.CFB },
      nonceCaller: new Uint8Array(32).fill(1),
      nonceTPM: new Uint8Array(32).fill(2),
    });
  const base = {
    commandCode: 0x153,
    names: [new Uint8Array(4)],
    parameters: new Uint8Array([0, 2, 9, 9]),
    decryptable: true,
  };
  const bad = async (sessions: never[], extra: Partial<typeof base> = {}) =>
    expect(authorizeCommand(nodeCrypto, { ...base, ...extra, sessions })).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });

  it("refuses two decrypt sessions, decrypt on a non-decryptable command, password sessions that encrypt, four sessions", async () => {
    const a = await hmacState(0x02000000);
    const b = await hmacState(0x02000001);
    const d = TPMA_SESSION.decrypt | TPMA_SESSION.continueSession;
    const use = (state: SessionState, attributes: number) => ({ state, attributes, authValue: new Uint8Array(0) });
    await bad([use(a, d), use(b, d)] as never[]);
    await bad([use(a, d)] as never[], { decryptable: false });
    await bad([{ attributes: TPMA_SESSION.encrypt, authValue: new Uint8Array(0) }] as never[]);
    await bad([use(a, 1), use(b, 1), use(a, 1), use(b, 1)] as never[]);
    await bad([] as never[]);
    await bad([use(a, d)] as never[], { parameters: new Uint8Array([0, 9, 1]) }); // size overruns the area
    const nullSym = await hmacState(0x02000002, TPM_ALG_ID.NULL);
    await bad([use(nullSym, d)] as never[]);
    await expect(
      authorizeCommand(nodeCrypto, { ...base, sessions: [use({ ...a, authHash: 0x99 }, 1)] }),
    ).rejects.toMatchObject({ code: "BAD_SESSION" });
  });

  it("draws one nonceCaller per session, sized to the session hash, and sends password sessions as TPM_RS_PW", async () => {
    const a = await hmacState(0x02000000);
    const out = await authorizeCommand(nodeCrypto, {
      ...base,
      names: [new Uint8Array(4), new Uint8Array(4)],
      sessions: [
        { attributes: 0, authValue: new TextEncoder().encode("pw"), entityName: new Uint8Array(4) },
        {
          state: { ...a, authHash: TPM_ALG_ID.SHA384 },
          attributes: 1,
          authValue: new Uint8Array(0),
          entityName: new Uint8Array(4),
        },
      ],
    });
    expect(out.authorizations[0]).toEqual({
      sessionHandle: 0x40000009,
      nonce: new Uint8Array(0),
      sessionAttributes: 0,
      hmac: new Uint8Array([0x70, 0x77]),
    });
    expect(out.authorizations[1]!.nonce.length).toBe(48);
    expect(out.authorizations[1]!.hmac.length).toBe(48);
  });
});

describe("edge cases", () => {
  it("cryptFirstParameter reports an overrunning response size as MALFORMED_RESPONSE", async () => {
    const cipher = {
      authHash: TPM_ALG_ID.SHA256,
      symmetric: { algorithm: TPM_ALG_ID.XOR, keyBits: TPM_ALG_ID.SHA256, mode: TPM_ALG_ID.NULL },
      sessionValue: new Uint8Array(0),
      nonceNewer: new Uint8Array(16),
      nonceOlder: new Uint8Array(16),
    };
    await expect(
      cryptFirstParameter(nodeCrypto, cipher, new Uint8Array([0, 5, 1]), false, "MALFORMED_RESPONSE"),
    ).rejects.toMatchObject({ code: "MALFORMED_RESPONSE" });
    await expect(
      cryptFirstParameter(nodeCrypto, cipher, new Uint8Array([0]), false, "MALFORMED_RESPONSE"),
    ).rejects.toMatchObject({ code: "MALFORMED_RESPONSE" });
  });

  it("kdfA refuses bad sizes and non-hash algorithms with typed errors", async () => {
    await expect(
      kdfA(nodeCrypto, TPM_ALG_ID.SHA256, new Uint8Array(0), "X", new Uint8Array(0), new Uint8Array(0), -8),
    ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
    await expect(
      kdfA(nodeCrypto, TPM_ALG_ID.SHA256, new Uint8Array(0), "X", new Uint8Array(0), new Uint8Array(0), 2 ** 20),
    ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
    await expect(
      kdfA(nodeCrypto, TPM_ALG_ID.NULL, new Uint8Array(0), "X", new Uint8Array(0), new Uint8Array(0), 8),
    ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });

  it("makeSalt refuses unknown curves and tiny moduli", async () => {
    await expect(
      makeSalt(nodeCrypto, {
        nameAlg: TPM_ALG_ID.SHA256,
        ecc: { curveID: 0x20, x: new Uint8Array(32), y: new Uint8Array(32) },
      }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED" });
    await expect(
      makeSalt(nodeCrypto, { nameAlg: TPM_ALG_ID.SHA256, rsa: { n: new Uint8Array(64), e: 0 } }),
    ).rejects.toMatchObject({ code: "BAD_PARAMETER" });
  });
});
