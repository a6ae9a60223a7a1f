import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import { type Crypto, TPM_ALG_ID, TPM_CC, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import { describe, expect, it } from "vitest";
import { authorizeCommandSteps, runSteps, type SessionState, type Steps, verifyResponseSteps } from "../src/index.js";
import { nodeCrypto } from "./node-crypto.js";

const SHA = { [TPM_ALG_ID.SHA1]: "sha1", [TPM_ALG_ID.SHA256]: "sha256" } as Record<number, string>;
const u8 = (b: Uint8Array) => new Uint8Array(b);
/** The test crypto with a synchronous facet on node:crypto (SHA-1, SHA-256, AES-128). */
const withSync: Crypto = {
  ...nodeCrypto,
  sync: {
    hash: (alg, data) => u8(createHash(SHA[alg]!).update(data).digest()),
    hmac: (alg, key, data) => u8(createHmac(SHA[alg]!, key).update(data).digest()),
    aesCfb: (encrypt, key, iv, data) =>
      u8((encrypt ? createCipheriv : createDecipheriv)("aes-128-cfb", key, iv).update(data)),
  },
};

function* addSteps(a: unknown, b: unknown): Steps<number> {
  const x = (yield a) as number;
  const y = (yield b) as number;
  return x + y;
}

function* recovering(step: unknown): Steps<string> {
  try {
    yield step;
    return "resolved";
  } catch (e) {
    return `caught ${(e as Error).message}`;
  }
}

describe("runSteps", () => {
  it("gives the result at once, not a promise, when every step is a plain value", () => {
    const r = runSteps(addSteps(2, 3));
    expect(r).toBe(5);
  });

  it("switches to a promise from the first step that is one, with the same result", async () => {
    const r = runSteps(addSteps(2, Promise.resolve(3)));
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toBe(5);
    expect(await runSteps(addSteps(Promise.resolve(2), 3))).toBe(5);
  });

  it("throws a synchronous failure at once, and a rejection into the steps where they wait", async () => {
    function* failing(): Steps<number> {
      yield 1;
      throw new Error("bad input");
    }
    expect(() => runSteps(failing())).toThrow("bad input");
    expect(await runSteps(recovering(Promise.reject(new Error("rejected"))))).toBe("caught rejected");
    await expect(runSteps(addSteps(Promise.reject(new Error("lost")), 1))).rejects.toThrow("lost");
  });
});

describe("a command's session work on a sync facet", () => {
  const crypto = withSync;
  const state: SessionState = {
    handle: 0x02000000,
    sessionType: TPM_SE.HMAC,
    authHash: TPM_ALG_ID.SHA256,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: 128, mode: TPM_ALG_ID.CFB },
    sessionKey: new Uint8Array(32).fill(5),
    nonceCaller: new Uint8Array(32).fill(1),
    nonceTPM: new Uint8Array(32).fill(2),
    policyAuthValue: false,
    policyPassword: false,
  } as SessionState;
  const input = {
    commandCode: TPM_CC.GetRandom,
    names: [],
    parameters: new Uint8Array([0, 16]),
    decryptable: false,
    sessions: [
      {
        state,
        attributes: TPMA_SESSION.continueSession | TPMA_SESSION.encrypt | TPMA_SESSION.audit,
        authValue: new Uint8Array(0),
      },
    ],
  };

  it("authorizes a command at once, the same as through promises only", async () => {
    const now = runSteps(authorizeCommandSteps(crypto, input));
    expect(now).not.toBeInstanceOf(Promise);
    const { sync: _sync, ...promisesOnly } = crypto;
    const later = runSteps(authorizeCommandSteps(promisesOnly, input));
    expect(later).toBeInstanceOf(Promise);
    const a = now as Awaited<typeof later>;
    const b = await later;
    // Fresh nonceCaller each time: the HMACs differ, the shape does not.
    expect(a.authorizations[0]!.nonce).toHaveLength(32);
    expect(b.authorizations[0]!.hmac).toHaveLength(32);
    expect(a.parameters).toEqual(b.parameters);
  });

  it("refuses a tampered response HMAC at once with a typed error", () => {
    const authorized = runSteps(authorizeCommandSteps(crypto, input)) as {
      pending: Parameters<typeof verifyResponseSteps>[1];
    };
    const response = {
      responseCode: 0,
      parameters: new Uint8Array(18),
      authorizations: [
        {
          nonce: new Uint8Array(32).fill(3),
          sessionAttributes: TPMA_SESSION.continueSession | TPMA_SESSION.encrypt | TPMA_SESSION.audit,
          hmac: new Uint8Array(32),
        },
      ],
      encryptable: true,
    };
    expect(() => runSteps(verifyResponseSteps(crypto, authorized.pending, response))).toThrow(
      /response HMAC does not verify/,
    );
  });
});
