// Property: whatever JavaScript values a caller puts in any position of execute,
// startAuthSession, the session tuples and the options, the TSS throws nothing
// but TssError (or TpmError for what the TPM refused), and sends nothing for an
// argument it refuses (BAD_PARAMETER). No TPM is needed: a counting transport
// answers every command with TPM_RC_FAILURE.

import { createWebCrypto } from "@tss/crypto-webcrypto";
import { COMMANDS, TPM_ALG_ID, TPM_CC, TPM_RH, TPM_RS, TPM_SE, TpmError, type Transport, TssError } from "@tss/marshal";
import { createTss } from "@tss/tss";
import fc from "fast-check";
import { expect, it } from "vitest";

/** TPM_RC_FAILURE for every command, counted. */
function countingTransport() {
  let sends = 0;
  const failure = Uint8Array.of(0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x01, 0x01);
  const t: Transport & { sends(): number } = {
    async send() {
      sends++;
      return failure;
    },
    close: async () => undefined,
    sends: () => sends,
  };
  return t;
}

/** Any JavaScript value, weighted towards the shapes that reach deep into the TSS. */
const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withBigInt: true, withTypedArray: true, withNullPrototype: true, withMap: true, withSet: true }),
  fc.integer({ min: -1, max: 0x1_0000_0000 }),
  fc.constantFrom(TPM_RS.PW, 0x02000000, 0x03000000, TPM_RH.OWNER, 0x81000001, 0x01500000, Number.NaN, -0),
  fc.uint8Array({ maxLength: 80 }),
  fc.string({ maxLength: 80 }),
  fc.constant(new AbortController().signal),
  fc.constant({ aborted: false }),
);

const session: fc.Arbitrary<unknown> = fc.oneof(
  anything,
  fc.record({ handle: anything, password: anything, attributes: anything }, { requiredKeys: [] }),
  fc.record({
    handle: fc.constantFrom(TPM_RS.PW, 0x02000000),
    password: fc.oneof(fc.string({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), anything),
    attributes: fc.oneof(fc.integer({ min: -2, max: 0x200 }), anything),
  }),
);

const options: fc.Arbitrary<unknown> = fc.oneof(
  anything,
  fc.record(
    {
      sessions: fc.oneof(anything, fc.array(session, { maxLength: 4 })),
      extra: fc.oneof(anything, fc.record({ bindPassword: anything })),
      locality: anything,
      signal: anything,
    },
    { requiredKeys: [] },
  ),
);

const codes = Object.values(COMMANDS).map((c) => c.code);
const commandCode: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...codes), anything);

/** An input: random fields, or the right fields with random values. */
const input: fc.Arbitrary<unknown> = fc.oneof(
  anything,
  fc.dictionary(fc.string({ maxLength: 12 }), anything, { maxKeys: 6 }),
  fc.record({ bytesRequested: anything }),
  fc.record({
    tpmKey: anything,
    bind: anything,
    nonceCaller: anything,
    encryptedSalt: anything,
    sessionType: fc.oneof(fc.constantFrom(TPM_SE.HMAC, TPM_SE.POLICY, TPM_SE.TRIAL, 7), anything),
    symmetric: fc.oneof(anything, fc.constant({ algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} })),
    authHash: fc.oneof(fc.constant(TPM_ALG_ID.SHA256), anything),
  }),
);

/** Runs one call; resolves with what it threw (undefined when it resolved). */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (e) {
    return e;
  }
}

it("random values in every position of execute: only TssError or TpmError, and nothing sent for BAD_PARAMETER", async () => {
  const crypto = createWebCrypto();
  await fc.assert(
    fc.asyncProperty(commandCode, input, options, fc.boolean(), async (code, given, opts, withCrypto) => {
      const t = countingTransport();
      const tss = createTss({ transport: t, ...(withCrypto ? { crypto } : {}) });
      const err = await outcome(() => (tss.execute as (...a: unknown[]) => Promise<unknown>)(code, given, opts));
      await tss.close();
      if (err === undefined) return;
      expect(err instanceof TssError || err instanceof TpmError, String(err)).toBe(true);
      if (err instanceof TssError && err.code === "BAD_PARAMETER") expect(t.sends()).toBe(0);
    }),
    { numRuns: 3000 },
  );
}, 120_000);

it("random values through startAuthSession and the typed methods' options", async () => {
  const crypto = createWebCrypto();
  await fc.assert(
    fc.asyncProperty(input, options, async (given, opts) => {
      const t = countingTransport();
      const tss = createTss({ transport: t, crypto });
      for (const call of [
        () => tss.startAuthSession(given as never, opts as never),
        () => tss.getRandom(given as never, opts as never),
        () => tss.nvRead({ authHandle: 0x01500000, nvIndex: 0x01500000, size: 8, offset: 0 }, opts as never),
        () => tss.execute(TPM_CC.StartAuthSession, given as never, opts as never),
      ]) {
        const before = t.sends();
        const err = await outcome(call);
        if (err === undefined) continue;
        expect(err instanceof TssError || err instanceof TpmError, String(err)).toBe(true);
        if (err instanceof TssError && err.code === "BAD_PARAMETER") expect(t.sends()).toBe(before);
      }
      await tss.close();
    }),
    { numRuns: 2000 },
  );
}, 120_000);
