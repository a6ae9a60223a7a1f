// Faults that must never cost a user (issue 9): aborts that leave the queue at
// once and never leak TPM objects, store failures after the TPM ran a command,
// bad arguments refused at the door, bound sessions decided as the TPM decides,
// and the data folder's modes. Lost responses through the fault proxy are in
// lost-response.test.ts; two processes sharing a session in shared-session.test.ts.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TPM_ALG_ID, TPM_CAP, TPM_RH, TPM_SE, TPMA_SESSION, TpmError, TssError } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { expect, it } from "vitest";
import { describeMatrix } from "./support/describe-matrix.js";
import { failingStore, slowTransport } from "./support/fault-doubles.js";
import { startAuthSession } from "./support/sessions.js";
import { eccStorageKey, ordinaryNvIndex } from "./support/templates.js";

const encoder = new TextEncoder();
const enc = (s: string) => encoder.encode(s);
const { continueSession } = TPMA_SESSION;

/** The handles loaded in a TPM_CAP_HANDLES range. */
async function loaded(tss: Tss, range: number): Promise<number[]> {
  const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: range, propertyCount: 64 });
  return ((out.capabilityData.data as { handles: number[] }).handles ?? []).filter((h) => h >>> 24 === range >>> 24);
}
const TRANSIENT = 0x80000000;
const HMAC_SESSIONS = 0x02000000;

const primaryInput = () => ({
  primaryHandle: TPM_RH.OWNER,
  inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: new Uint8Array(0) } },
  inPublic: { publicArea: eccStorageKey() },
  outsideInfo: new Uint8Array(0),
  creationPCR: [],
});

describeMatrix("reliability", (ctx, combination) => {
  const withCrypto = combination.crypto.name !== "none";

  it("a queued command whose signal aborts leaves the queue at once and is never sent", async () => {
    const t = slowTransport(await ctx().combination.transport.make(ctx().tpm), 300);
    await ctx().release();
    const tss = await ctx().newTss({ transport: t });
    try {
      const first = tss.getRandom({ bytesRequested: 8 });
      let firstDone = false;
      void first.then(() => (firstDone = true)).catch(() => undefined);
      const ac = new AbortController();
      const second = tss.getRandom({ bytesRequested: 8 }, { signal: ac.signal });
      const third = tss.getRandom({ bytesRequested: 8 });
      await new Promise((r) => setTimeout(r, 30));
      ac.abort(new Error("user cancelled"));
      const err = await second.catch((e) => e);
      expect(err).toBeInstanceOf(TssError);
      expect((err as TssError).code).toBe("ABORTED");
      // At once: while the first command (300 ms on the slow transport) is still in flight.
      expect(firstDone).toBe(false);
      expect((await first).randomBytes).toHaveLength(8);
      expect((await third).randomBytes).toHaveLength(8);
      expect(t.sends()).toBe(2);
    } finally {
      await tss.close();
    }
  });

  it("aborting CreatePrimary in flight returns ABORTED at once; the TSS reads the late response and flushes the object", async () => {
    const t = slowTransport(await ctx().combination.transport.make(ctx().tpm), 150);
    await ctx().release();
    const tss = await ctx().newTss({ transport: t });
    try {
      t.delayMs = 0;
      const before = await loaded(tss, TRANSIENT);
      t.delayMs = 150;
      for (let i = 0; i < 5; i++) {
        const ac = new AbortController();
        const sent = t.sends();
        const call = tss.createPrimary(primaryInput(), { signal: ac.signal });
        // Abort once CreatePrimary itself is in flight (after the TSS's handle snapshot).
        while (t.sends() < sent + 2) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 20));
        const t0 = performance.now();
        ac.abort();
        const err = await call.catch((e) => e);
        expect((err as TssError).code).toBe("ABORTED");
        expect(performance.now() - t0).toBeLessThan(10);
        // Queued behind the late response and the TSS's flush of its object.
        await tss.getRandom({ bytesRequested: 1 });
      }
      t.delayMs = 0;
      // Queued behind the late responses and their flushes: the TPM holds no extra object.
      expect(await loaded(tss, TRANSIENT)).toEqual(before);
      // Where the transport has a platform port (swtpm's control channel here), a cancel was signalled.
      if (t.platform?.cancel) expect(t.cancels()).toBe(5);
      const made = await tss.createPrimary(primaryInput());
      await tss.flushContext({ flushHandle: made.objectHandle });
    } finally {
      await tss.close();
    }
  });

  if (withCrypto) {
    it("aborting StartAuthSession, and an HMAC-session command, in flight: no session leaks, the session stays in step", async () => {
      const t = slowTransport(await ctx().combination.transport.make(ctx().tpm), 0);
      await ctx().release();
      const tss = await ctx().newTss({ transport: t });
      try {
        const before = await loaded(tss, HMAC_SESSIONS);
        const session = await startAuthSession(tss, { cipher: "aes128" });
        t.delayMs = 150;
        const ac = new AbortController();
        const started = tss.startAuthSession(
          {
            tpmKey: TPM_RH.NULL,
            bind: TPM_RH.NULL,
            nonceCaller: new Uint8Array(0),
            encryptedSalt: new Uint8Array(0),
            sessionType: TPM_SE.HMAC,
            symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
            authHash: TPM_ALG_ID.SHA256,
          },
          { signal: ac.signal },
        );
        const ac2 = new AbortController();
        const used = tss.getRandom(
          { bytesRequested: 16 },
          { sessions: [{ handle: session, attributes: continueSession | TPMA_SESSION.encrypt }], signal: ac2.signal },
        );
        setTimeout(() => ac.abort(), 20);
        expect(((await started.catch((e) => e)) as TssError).code).toBe("ABORTED");
        ac2.abort(); // by now the GetRandom waits in the queue or is in flight
        expect(((await used.catch((e) => e)) as TssError).code).toBe("ABORTED");
        t.delayMs = 0;
        // The session is still usable: its nonces were kept in step with the late response.
        const out = await tss.getRandom(
          { bytesRequested: 16 },
          { sessions: [{ handle: session, attributes: continueSession | TPMA_SESSION.encrypt }] },
        );
        expect(out.randomBytes).toHaveLength(16);
        await tss.flushContext({ flushHandle: session });
        expect(await loaded(tss, HMAC_SESSIONS)).toEqual(before);
      } finally {
        await tss.close();
      }
    });
  }

  it("bad arguments are TssError BAD_PARAMETER with a field path, and nothing is sent", async () => {
    const t = slowTransport(await ctx().combination.transport.make(ctx().tpm), 0);
    await ctx().release();
    const tss = await ctx().newTss({ transport: t });
    const session = withCrypto ? await startAuthSession(tss) : 0x02000000;
    const sent = t.sends();
    const get = (options: unknown) => tss.getRandom({ bytesRequested: 8 }, options as never);
    const nvIndex = 0x01700010;
    const cases: [string, () => Promise<unknown>, string][] = [
      ["execute(undefined)", () => (tss.execute as (...a: unknown[]) => Promise<unknown>)(undefined), "commandCode"],
      ["input null", () => tss.getRandom(null as never), "input"],
      ["options null", () => get(null), "options"],
      ["sessions [null]", () => get({ sessions: [null] }), "options.sessions[0]"],
      ["sessions 'abc'", () => get({ sessions: "abc" }), "options.sessions"],
      [
        "numeric password",
        () =>
          tss.nvRead(
            { authHandle: nvIndex, nvIndex, size: 1, offset: 0 },
            { sessions: [{ handle: TPM_RH.PW, password: 1234 as never }] },
          ),
        "options.sessions[0].password",
      ],
      [
        "200-character password",
        () =>
          tss.nvRead(
            { authHandle: nvIndex, nvIndex, size: 1, offset: 0 },
            { sessions: [{ handle: TPM_RH.PW, password: "x".repeat(200) }] },
          ),
        "options.sessions[0].password",
      ],
      ["attributes 'abc'", () => get({ sessions: [{ handle: session, attributes: "abc" }] }), "attributes"],
      ["attributes 0x1ff", () => get({ sessions: [{ handle: session, attributes: 0x1ff }] }), "attributes"],
      ["signal { aborted: false }", () => get({ signal: { aborted: false } }), "options.signal"],
      ["signal 'x'", () => get({ signal: "x" }), "options.signal"],
      ["locality 7", () => get({ locality: 7 }), "options.locality"],
      ["locality '0'", () => get({ locality: "0" }), "options.locality"],
      [
        "StartAuthSession sessionType 7",
        () =>
          tss.startAuthSession({
            tpmKey: TPM_RH.NULL,
            bind: TPM_RH.NULL,
            nonceCaller: new Uint8Array(0),
            encryptedSalt: new Uint8Array(0),
            sessionType: 7,
            symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
            authHash: TPM_ALG_ID.SHA256,
          }),
        "sessionType",
      ],
      ["bytesRequested 'eight'", () => tss.getRandom({ bytesRequested: "eight" as never }), "bytesRequested"],
    ];
    for (const [what, call, path] of cases) {
      const err = await call().then(
        () => new Error(`${what}: resolved`),
        (e) => e,
      );
      expect(err, what).toBeInstanceOf(TssError);
      expect((err as TssError).code, what).toBe("BAD_PARAMETER");
      expect((err as TssError).message, what).toContain(path);
    }
    expect(t.sends()).toBe(sent);
    // The context still works.
    expect((await tss.getRandom({ bytesRequested: 4 })).randomBytes).toHaveLength(4);
    if (withCrypto) await tss.flushContext({ flushHandle: session });
    await tss.close();
  });

  if (combination.store.name === "file" && withCrypto) {
    it("a store that fails after the TPM ran the command: created objects and sessions are flushed and STORE raised; NV writes and EvictControl return their result and report the failure", async () => {
      const dir = mkdtempSync(join(tmpdir(), "tss-full-"));
      const store = failingStore(new FileStore(dir));
      const reported: TssError[] = [];
      await ctx().release();
      const tss = await ctx().newTss({ store, onStoreError: (e) => reported.push(e) });
      try {
        const objects = await loaded(tss, TRANSIENT);
        const sessions = await loaded(tss, HMAC_SESSIONS);
        store.full = true;
        const created = await tss.createPrimary(primaryInput()).catch((e) => e);
        expect(created).toBeInstanceOf(TssError);
        expect((created as TssError).code).toBe("STORE");
        expect((created as TssError).message).toMatch(/flushed/);
        const started = await startAuthSession(tss).catch((e) => e);
        expect((started as TssError).code).toBe("STORE");
        store.full = false;
        expect(await loaded(tss, TRANSIENT)).toEqual(objects);
        expect(await loaded(tss, HMAC_SESSIONS)).toEqual(sessions);

        // NV_Write cannot be undone: the result comes back, the failure is reported.
        const nvIndex = 0x01700020;
        await tss.nvDefineSpace({
          authHandle: TPM_RH.OWNER,
          auth: enc("nv"),
          publicInfo: { nvPublic: ordinaryNvIndex(nvIndex, 8) },
        });
        await tss.nvReadPublic({ nvIndex });
        store.full = true;
        await tss.nvWrite(
          { authHandle: nvIndex, nvIndex, data: enc("written!"), offset: 0 },
          { sessions: [{ handle: TPM_RH.PW, password: "nv" }] },
        );
        expect(reported.length).toBeGreaterThan(0);
        expect(reported.every((e) => e.code === "STORE")).toBe(true);
        store.full = false;
        const read = await tss.nvRead(
          { authHandle: nvIndex, nvIndex, size: 8, offset: 0 },
          { sessions: [{ handle: TPM_RH.PW, password: "nv" }] },
        );
        expect(new TextDecoder().decode(read.data)).toBe("written!");
        await tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex });
      } finally {
        store.full = false;
        await tss.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("TPM_DATA_DIR is made 0700 (and its new parents), files 0600, whatever the umask", async () => {
      const base = mkdtempSync(join(tmpdir(), "tss-modes-"));
      const dir = join(base, "parent", "data");
      const old = process.umask(0);
      await ctx().release();
      const tss = await ctx().newTss({ store: new FileStore(dir) });
      try {
        const session = await startAuthSession(tss);
        const made = await tss.createPrimary(primaryInput());
        expect(statSync(join(base, "parent")).mode & 0o777).toBe(0o700);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        const files = readdirSync(dir);
        expect(files.length).toBeGreaterThanOrEqual(2);
        for (const f of files) expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
        await tss.flushContext({ flushHandle: made.objectHandle });
        await tss.flushContext({ flushHandle: session });
      } finally {
        process.umask(old);
        await tss.close();
        rmSync(base, { recursive: true, force: true });
      }
    });
  }

  if (withCrypto) {
    it("a session bound to an entity authorizes it whatever password is given, as the TPM decides; after the entity's auth changes it is no longer bound", async () => {
      const { tss } = ctx();
      const pw = (password: string) => ({ sessions: [{ handle: TPM_RH.PW, password }] });
      await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: enc("owner-1") });
      try {
        const session = await startAuthSession(tss, { bind: TPM_RH.OWNER, bindPassword: "owner-1", cipher: "aes128" });
        // The TPM keys the HMAC with the session key alone: the password given does not matter.
        const made = await tss.createPrimary(primaryInput(), {
          // (Without parameter encryption: its key takes the entity's real authValue in the TPM.)
          sessions: [{ handle: session, password: "wrong", attributes: continueSession }],
        });
        await tss.flushContext({ flushHandle: made.objectHandle });
        // The owner's authValue changes: from then on the session is not bound, and the
        // HMAC needs the new password.
        await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: enc("owner-2") }, pw("owner-1"));
        const again = await tss.createPrimary(primaryInput(), {
          sessions: [{ handle: session, password: "owner-2", attributes: continueSession }],
        });
        await tss.flushContext({ flushHandle: again.objectHandle });
        const stale = await tss
          .createPrimary(primaryInput(), {
            sessions: [{ handle: session, password: "owner-1", attributes: continueSession }],
          })
          .catch((e) => e);
        expect(stale).toBeInstanceOf(TpmError);
        await tss.flushContext({ flushHandle: session });
      } finally {
        const current = await tss
          .hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: new Uint8Array(0) }, pw("owner-2"))
          .then(
            () => true,
            () => false,
          );
        if (!current)
          await tss.hierarchyChangeAuth({ authHandle: TPM_RH.OWNER, newAuth: new Uint8Array(0) }, pw("owner-1"));
      }
    });
  }
});
