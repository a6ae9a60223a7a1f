// A lost response must never cost the user dictionary-attack failures (issue 9,
// fault 1). Through the fault proxy in front of swtpm: the response of an
// HMAC-session NV_Read on a DA-protected index is dropped, closed on, or
// corrupted; the user then retries with the CORRECT password ten times through
// the API. The session is lost (SESSION_LOST, nothing sent), a new session
// works, and TPM_PT_LOCKOUT_COUNTER never moves.
import { TPM_ALG_ID, TPM_CAP, TPM_CC, TPM_RH, TPM_SE, TPMA_NV, TPMA_SESSION, TssError } from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import type { Tss } from "@tss/tss";
import { afterEach, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/fault-proxy.js";
import { eccSigningKey } from "../src/templates.js";
import { describeMatrix } from "./support/describe-matrix.js";
import { startAuthSession } from "./support/sessions.js";

const enc = new TextEncoder();
const TPM_PT_LOCKOUT_COUNTER = 0x20e;
const { continueSession } = TPMA_SESSION;

/** TPM_PT_LOCKOUT_COUNTER: authorization failures the TPM counts against the lockout. */
async function lockoutCounter(tss: Tss): Promise<number> {
  const out = await tss.getCapability({
    capability: TPM_CAP.TPM_PROPERTIES,
    property: TPM_PT_LOCKOUT_COUNTER,
    propertyCount: 1,
  });
  const list = (out.capabilityData.data as { tpmProperties: { property: number; value: number }[] }).tpmProperties;
  return list.find((p) => p.property === TPM_PT_LOCKOUT_COUNTER)!.value;
}

/** A DA-protected ordinary index (no TPMA_NV_NO_DA): every authorization failure counts. */
function daProtectedIndex(nvIndex: number) {
  return {
    nvIndex,
    nameAlg: TPM_ALG_ID.SHA256,
    attributes: (TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD) >>> 0,
    authPolicy: new Uint8Array(0),
    dataSize: 8,
  };
}

let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describeMatrix(
  "lost responses",
  (ctx, combination) => {
    const framing = combination.transport.name === "mssim" ? "mssim" : "raw";
    const faults: { kind: "drop" | "drop-close" | "corrupt"; codes: string[] }[] = [
      { kind: "drop-close", codes: ["BAD_CONNECTION"] },
      { kind: "corrupt", codes: ["RESPONSE_HMAC", "MALFORMED_RESPONSE"] },
    ];
    if (combination.transport.name === "mssim") faults.push({ kind: "drop", codes: ["TIMEOUT"] });

    for (const fault of faults) {
      it(`${fault.kind}: the session is lost, ten retries with the right password send nothing, a new session works, the lockout counter does not move`, async () => {
        const main = ctx().tss;
        const nvIndex = 0x01700050;
        await main.nvDefineSpace({
          authHandle: TPM_RH.OWNER,
          auth: enc.encode("da-pw"),
          publicInfo: { nvPublic: daProtectedIndex(nvIndex) },
        });
        await main.nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc.encode("12345678"), offset: 0 },
          { sessions: [{ handle: TPM_RH.PW, password: "da-pw" }] },
        );
        const counter = await lockoutCounter(main);
        await ctx().release();

        const tpm = ctx().tpm;
        proxy = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing, ctrlPort: tpm.ctrlPort });
        const viaProxy = { ...tpm, host: proxy.host, port: proxy.port };
        const transport =
          fault.kind === "drop"
            ? new MssimTransport({ host: proxy.host, port: proxy.port, responseTimeoutMs: 300 })
            : await combination.transport.make(viaProxy);
        const tss = await ctx().newTss({ transport });
        try {
          await tss.nvReadPublic({ nvIndex });
          const session = await startAuthSession(tss, { cipher: "aes128" });
          const read = (handle: number) =>
            tss.nvRead(
              { authHandle: nvIndex, nvIndex, size: 8, offset: 0 },
              { sessions: [{ handle, password: "da-pw", attributes: continueSession }] },
            );
          expect((await read(session)).data).toHaveLength(8);

          proxy.faultNext({ kind: fault.kind }, (cc) => cc === TPM_CC.NV_Read);
          const lost = await read(session).catch((e) => e);
          expect(lost).toBeInstanceOf(TssError);
          expect(fault.codes).toContain((lost as TssError).code);

          // The user retries with the correct password, as a user would.
          for (let i = 0; i < 10; i++) {
            const err = await read(session).catch((e) => e);
            expect(err).toBeInstanceOf(TssError);
            expect((err as TssError).code).toBe("SESSION_LOST");
            expect((err as TssError).message).toContain(session.toString(16));
          }
          const fresh = await startAuthSession(tss, { cipher: "aes128" });
          expect(new TextDecoder().decode((await read(fresh)).data)).toBe("12345678");
          await tss.flushContext({ flushHandle: fresh });
          expect(await lockoutCounter(tss)).toBe(counter);
          // The lost session was flushed by the TSS: nothing of it is left in the TPM.
          const loaded = await tss.getCapability({
            capability: TPM_CAP.HANDLES,
            property: 0x02000000,
            propertyCount: 64,
          });
          expect((loaded.capabilityData.data as { handles: number[] }).handles).not.toContain(session);
        } finally {
          await tss.close();
          const again = await ctx().newTss();
          await again.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }).catch(() => undefined);
          await again.close();
        }
      });
    }

    for (const fault of faults) {
      it(`${fault.kind} of the FIRST NV_Write: the index's Name is re-read, a new session reads and writes with the right password, the lockout counter does not move`, async () => {
        const main = ctx().tss;
        const nvIndex = 0x01700051;
        await main.nvDefineSpace({
          authHandle: TPM_RH.OWNER,
          auth: enc.encode("da-pw"),
          publicInfo: { nvPublic: daProtectedIndex(nvIndex) },
        });
        const counter = await lockoutCounter(main);
        await ctx().release();

        const tpm = ctx().tpm;
        proxy = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing, ctrlPort: tpm.ctrlPort });
        const transport =
          fault.kind === "drop"
            ? new MssimTransport({ host: proxy.host, port: proxy.port, responseTimeoutMs: 300 })
            : await combination.transport.make({ ...tpm, host: proxy.host, port: proxy.port });
        const tss = await ctx().newTss({ transport });
        try {
          // Not yet written: the Name has TPMA_NV.WRITTEN clear.
          await tss.nvReadPublic({ nvIndex });
          const session = await startAuthSession(tss, { cipher: "aes128" });
          const write = (handle: number, text: string) =>
            tss.nvWrite(
              { authHandle: nvIndex, nvIndex, data: enc.encode(text), offset: 0 },
              { sessions: [{ handle, password: "da-pw", attributes: continueSession }] },
            );
          proxy.faultNext({ kind: fault.kind }, (cc) => cc === TPM_CC.NV_Write);
          const lost = await write(session, "12345678").catch((e) => e);
          expect(lost).toBeInstanceOf(TssError);
          expect(fault.codes).toContain((lost as TssError).code);

          // The TPM may or may not have run the write (WRITTEN may now be set, changing the
          // Name); a fresh session must authorize with the index's true Name either way.
          const fresh = await startAuthSession(tss, { cipher: "aes128" });
          const read = () =>
            tss.nvRead(
              { authHandle: nvIndex, nvIndex, size: 8, offset: 0 },
              { sessions: [{ handle: fresh, password: "da-pw", attributes: continueSession }] },
            );
          const first = await read().catch((e) => e);
          if (first instanceof Error) expect(first.message).toContain("TPM_RC_NV_UNINITIALIZED");
          else expect(new TextDecoder().decode(first.data)).toBe("12345678");
          await write(fresh, "abcdefgh");
          expect(new TextDecoder().decode((await read()).data)).toBe("abcdefgh");
          await tss.flushContext({ flushHandle: fresh });
          expect(await lockoutCounter(tss)).toBe(counter);
        } finally {
          await tss.close();
          const again = await ctx().newTss();
          await again.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex }).catch(() => undefined);
          await again.close();
        }
      });
    }

    it("drop-close of StartAuthSession (policy and HMAC) and of an object's FlushContext: the TSS flushes what the TPM kept", async () => {
      await ctx().release();
      const tpm = ctx().tpm;
      proxy = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing, ctrlPort: tpm.ctrlPort });
      const tss = await ctx().newTss({
        transport: await combination.transport.make({ ...tpm, host: proxy.host, port: proxy.port }),
      });
      /** Loaded sessions (the loaded-session range lists policy sessions with 0x03 handles) and transient objects. */
      const inTpm = async () => {
        const handles = async (property: number) =>
          (
            (await tss.getCapability({ capability: TPM_CAP.HANDLES, property, propertyCount: 64 })).capabilityData
              .data as { handles: number[] }
          ).handles;
        return [...(await handles(0x02000000)), ...(await handles(0x80000000))];
      };
      try {
        const before = await inTpm();
        for (const sessionType of [TPM_SE.POLICY, TPM_SE.HMAC]) {
          proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.StartAuthSession);
          const lost = await tss
            .startAuthSession({
              tpmKey: TPM_RH.NULL,
              bind: TPM_RH.NULL,
              nonceCaller: new Uint8Array(0),
              encryptedSalt: new Uint8Array(0),
              sessionType,
              symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
              authHash: TPM_ALG_ID.SHA256,
            })
            .catch((e) => e);
          expect((lost as TssError).code).toBe("BAD_CONNECTION");
          expect(await inTpm()).toEqual(before);
        }
        const primary = await tss.createPrimary({
          primaryHandle: TPM_RH.NULL,
          inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: new Uint8Array(0) } },
          inPublic: { publicArea: eccSigningKey() as never },
          outsideInfo: new Uint8Array(0),
          creationPCR: [],
        });
        proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.FlushContext);
        expect(((await tss.flushContext({ flushHandle: primary.objectHandle }).catch((e) => e)) as TssError).code).toBe(
          "BAD_CONNECTION",
        );
        expect(await inTpm()).toEqual(before);
      } finally {
        await tss.close();
      }
    });
  },
  { filter: { needsCrypto: true, transports: ["mssim", "raw", "rawsingle"] } },
);
