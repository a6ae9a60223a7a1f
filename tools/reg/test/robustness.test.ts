// Bad input never crashes and never hangs: wrong passwords, tampered and
// malformed responses, no crypto plugin, 1,000 concurrent calls.
import { TPM_CAP, TPM_RH, TPMA_SESSION, TpmError, type Transport, TssError } from "@tss/marshal";
import { createTss } from "@tss/tss";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";
import { ordinaryNvIndex } from "./support/templates.js";

const enc = new TextEncoder();
const { continueSession } = TPMA_SESSION;

/** A transport that lets a test rewrite the next response. */
function tampering(inner: Transport) {
  let next: ((r: Uint8Array) => Uint8Array) | undefined;
  let sends = 0;
  const t: Transport & { tamperNext(f: (r: Uint8Array) => Uint8Array): void; sends(): number } = {
    async send(c, o) {
      sends++;
      const r = await inner.send(c, o);
      const f = next;
      next = undefined;
      return f ? f(r) : r;
    },
    close: () => inner.close(),
    tamperNext(f) {
      next = f;
    },
    sends: () => sends,
  };
  return t;
}

describeMatrix("robustness", (ctx, combination) => {
  it("a wrong password is a TpmError naming session 1", async () => {
    const { tss } = ctx();
    const nvIndex = 0x01700001;
    await tss.nvDefineSpace({
      authHandle: TPM_RH.OWNER,
      auth: enc.encode("right"),
      publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 8) },
    });
    const err = await tss
      .nvRead(
        { authHandle: nvIndex, nvIndex, size: 8, offset: 0 },
        { sessions: [{ handle: TPM_RH.PW, password: "wrong" }] },
      )
      .catch((e) => e);
    expect(err).toBeInstanceOf(TpmError);
    expect((err as TpmError).location.session).toBe(1);
    expect((err as TpmError).message).toMatch(/session 1/);
    await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
  });

  it("a response shorter or longer than its header says, or with a bad tag, is MALFORMED_RESPONSE", async () => {
    const t = tampering(await ctx().combination.transport.make(ctx().tpm));
    await ctx().release();
    const tss = await ctx().newTss({ transport: t });
    for (const f of [
      (r: Uint8Array) => r.subarray(0, r.length - 1),
      (r: Uint8Array) => Uint8Array.of(...r, 0),
      (r: Uint8Array) => {
        const x = r.slice();
        x[0] = 0x12;
        return x;
      },
      (r: Uint8Array) => r.subarray(0, 6),
    ]) {
      t.tamperNext(f);
      const err = await tss.getRandom({ bytesRequested: 8 }).catch((e) => e);
      expect(err).toBeInstanceOf(TssError);
      expect((err as TssError).code).toBe("MALFORMED_RESPONSE");
    }
    expect((await tss.getRandom({ bytesRequested: 8 })).randomBytes).toHaveLength(8);
    await tss.close();
  });

  if (combination.crypto.name === "none") {
    it("without crypto, an HMAC session fails with NO_CRYPTO before a byte is sent", async () => {
      const t = tampering(await ctx().combination.transport.make(ctx().tpm));
      await ctx().release();
      const tss = createTss({ transport: t });
      const err = await tss
        .getRandom({ bytesRequested: 8 }, { sessions: [{ handle: 0x02000000, attributes: continueSession }] })
        .catch((e) => e);
      expect((err as TssError).code).toBe("NO_CRYPTO");
      const err2 = await startAuthSession(tss).catch((e) => e);
      expect((err2 as TssError).code).toBe("NO_CRYPTO");
      expect(t.sends()).toBe(0);
      await tss.close();
    });
    return;
  }

  it("a tampered response HMAC is RESPONSE_HMAC; the session is then lost (SESSION_LOST, nothing sent) and flushed", async () => {
    const t = tampering(await ctx().combination.transport.make(ctx().tpm));
    await ctx().release();
    const tss = await ctx().newTss({ transport: t });
    try {
      const session = await startAuthSession(tss, { cipher: "aes128" });
      t.tamperNext((r) => {
        const x = r.slice();
        x[x.length - 1]! ^= 0x01;
        return x;
      });
      const err = await tss
        .getRandom(
          { bytesRequested: 8 },
          { sessions: [{ handle: session, attributes: continueSession | TPMA_SESSION.encrypt }] },
        )
        .catch((e) => e);
      expect(err).toBeInstanceOf(TssError);
      expect((err as TssError).code).toBe("RESPONSE_HMAC");
      const sent = t.sends();
      const again = await tss
        .getRandom({ bytesRequested: 8 }, { sessions: [{ handle: session, attributes: continueSession }] })
        .catch((e) => e);
      expect((again as TssError).code).toBe("SESSION_LOST");
      expect((again as TssError).message).toContain(session.toString(16));
      expect(t.sends()).toBe(sent);
      // The TSS flushed it: the TPM no longer has it loaded.
      const loaded = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x02000000, propertyCount: 64 });
      expect((loaded.capabilityData.data as { handles: number[] }).handles).not.toContain(session);
    } finally {
      await tss.close();
    }
  });

  it("1,000 concurrent calls on one context, with an HMAC session, all succeed", async () => {
    const { tss } = ctx();
    const session = await startAuthSession(tss, { cipher: "aes128" });
    const calls = Array.from({ length: 1000 }, (_, i) =>
      tss.getRandom(
        { bytesRequested: 8 },
        i % 2 ? { sessions: [{ handle: session, attributes: continueSession | TPMA_SESSION.encrypt }] } : {},
      ),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.randomBytes.length === 8)).toBe(true);
    await tss.flushContext({ flushHandle: session });
  });
});
