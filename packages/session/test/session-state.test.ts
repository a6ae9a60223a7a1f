import { TPM_ALG_ID, TPM_CC, TPM_SE, TssError } from "@tss/marshal";
import {
  applyPolicyCommand,
  deserializeSessionState,
  type SessionState,
  serializeSessionState,
  startSession,
} from "@tss/session";
import { toHex } from "@tss/session/testkit";
import { describe, expect, it } from "vitest";
import { nodeCrypto } from "./node-crypto.js";

const full: SessionState = {
  handle: 0x02000001,
  sessionType: TPM_SE.HMAC,
  authHash: TPM_ALG_ID.SHA256,
  symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: 128, mode: TPM_ALG_ID.CFB },
  sessionKey: new Uint8Array(32).fill(1),
  nonceCaller: new Uint8Array(32).fill(2),
  nonceTPM: new Uint8Array(32).fill(3),
  bindName: new Uint8Array(34).fill(4),
  bindAuth: new Uint8Array([5, 6]),
  policyAuthValue: false,
  policyPassword: false,
  auditDigest: new Uint8Array(32).fill(7),
};

function expectStore(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TssError);
    expect((e as TssError).code).toBe("STORE");
    return;
  }
  throw new Error("expected TssError STORE");
}

describe("SessionState serialization", () => {
  it("round-trips every field, with and without the optional ones", async () => {
    expect(deserializeSessionState(serializeSessionState(full))).toEqual(full);
    const minimal = await startSession(nodeCrypto, {
      handle: 0x03000000,
      sessionType: TPM_SE.POLICY,
      authHash: TPM_ALG_ID.SHA1,
      symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: 0, mode: TPM_ALG_ID.NULL },
      nonceCaller: new Uint8Array(20),
      nonceTPM: new Uint8Array(20),
    });
    expect(minimal.sessionKey.length).toBe(0);
    const pw = applyPolicyCommand(minimal, TPM_CC.PolicyPassword);
    expect(deserializeSessionState(serializeSessionState(pw))).toEqual(pw);
  });

  it("starts with the magic and a version", () => {
    expect(toHex(serializeSessionState(full).subarray(0, 5))).toBe("5453535301");
  });

  it("rejects every truncation, a trailing byte, bad magic, version, flags and values with TssError STORE", () => {
    const bytes = serializeSessionState(full);
    for (let n = 0; n < bytes.length; n++) expectStore(() => deserializeSessionState(bytes.subarray(0, n)));
    expectStore(() => deserializeSessionState(new Uint8Array([...bytes, 0])));
    const mutate = (at: number, v: number) => {
      const b = bytes.slice();
      b[at] = v;
      return b;
    };
    expectStore(() => deserializeSessionState(mutate(0, 0x55)));
    expectStore(() => deserializeSessionState(mutate(4, 2)));
    expectStore(() => deserializeSessionState(mutate(5, 0x80))); // handle type 0x80
    expectStore(() => deserializeSessionState(mutate(9, 2))); // sessionType
    expectStore(() => deserializeSessionState(mutate(11, 0x06))); // authHash = AES
    expectStore(() => deserializeSessionState(mutate(17, 0x40))); // AES mode CTR
    expectStore(() => deserializeSessionState("nope" as never));
  });

  it("never throws anything but TssError on 5000 random or mutated inputs", () => {
    const bytes = serializeSessionState(full);
    let seed = 12345;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let i = 0; i < 5000; i++) {
      let b: Uint8Array;
      if (i % 2 === 0) {
        b = bytes.slice();
        b[rnd() % b.length] = rnd() & 0xff;
      } else {
        b = new Uint8Array(rnd() % 200).map(() => rnd() & 0xff);
      }
      try {
        const s = deserializeSessionState(b);
        expect(deserializeSessionState(serializeSessionState(s))).toEqual(s);
      } catch (e) {
        expect(e).toBeInstanceOf(TssError);
      }
    }
  });
});

describe("policy flags", () => {
  it("PolicyAuthValue and PolicyPassword exclude each other, PolicyRestart clears both, HMAC sessions ignore them", () => {
    const p: SessionState = {
      ...full,
      handle: 0x03000000,
      sessionType: TPM_SE.POLICY,
      bindName: undefined,
      bindAuth: undefined,
    };
    const a = applyPolicyCommand(p, TPM_CC.PolicyAuthValue);
    expect([a.policyAuthValue, a.policyPassword]).toEqual([true, false]);
    const b = applyPolicyCommand(a, TPM_CC.PolicyPassword);
    expect([b.policyAuthValue, b.policyPassword]).toEqual([false, true]);
    const c = applyPolicyCommand(b, TPM_CC.PolicyRestart);
    expect([c.policyAuthValue, c.policyPassword]).toEqual([false, false]);
    expect(applyPolicyCommand(full, TPM_CC.PolicyAuthValue)).toBe(full);
    expect(p.policyAuthValue).toBe(false);
  });
});
