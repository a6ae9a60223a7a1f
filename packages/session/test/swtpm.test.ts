/**
 * The engine against a real TPM (swtpm, libtpms): salted (RSA and ECC), bound,
 * policy (PolicyAuthValue, PolicyPassword) and three-session commands, with XOR
 * and AES parameter encryption both ways. Commands are framed by hand here (raw
 * framing on swtpm's command port) so the test needs nothing beyond
 * @tss/marshal and the engine. Skipped when swtpm is not installed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ByteReader,
  ByteWriter,
  TPM_ALG_ID,
  TPM_CC,
  TPM_RH,
  TPM_SE,
  TPMA_SESSION,
  TPMS_AUTH_COMMAND,
  TPMS_AUTH_RESPONSE,
} from "@tss/marshal";
import {
  applyPolicyCommand,
  authorizeCommand,
  bindEntityAuthChanged,
  handleName,
  hashSize,
  makeSalt,
  type SaltKey,
  type SessionState,
  type SessionUse,
  startSession,
  verifyResponse,
} from "@tss/session";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nodeCrypto as crypto } from "./node-crypto.js";

const haveSwtpm = spawnSync("swtpm", ["--version"], { stdio: "ignore" }).status === 0;
const A = TPM_ALG_ID;
const OWNER = TPM_RH.OWNER;
const OWNER_NAME = handleName(OWNER);
const enc = (s: string) => new TextEncoder().encode(s);
const tpm2b = (b: Uint8Array) => {
  const w = new ByteWriter();
  w.u16(b.length);
  w.bytes(b);
  return w.finish();
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/** One swtpm and one raw connection to it. */
class Tpm {
  private socket!: Socket;
  private child!: ChildProcess;
  private dir = mkdtempSync(join(tmpdir(), "tss-session-swtpm-"));
  private buffered = new Uint8Array(0);
  private waiter: (() => void) | undefined;

  /**
   * Starts swtpm on fresh ports and connects. Another process may take a port
   * between freePort() and swtpm's bind: swtpm then exits ("Address already in
   * use") and the launch is retried on new ports.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      let ctrl = await freePort();
      while (ctrl === port) ctrl = await freePort();
      const child = spawn(
        "swtpm",
        [
          "socket",
          "--tpm2",
          "--tpmstate",
          `dir=${this.dir}`,
          "--server",
          `type=tcp,port=${port},bindaddr=127.0.0.1`,
          "--ctrl",
          `type=tcp,port=${ctrl},bindaddr=127.0.0.1`,
          "--flags",
          "not-need-init,startup-clear",
        ],
        { stdio: "ignore" },
      );
      this.child = child;
      let exited = false;
      const exitedPromise = new Promise<void>((r) =>
        child.once("exit", () => {
          exited = true;
          r();
        }),
      );
      const connectTo = (p: number) =>
        new Promise<Socket | undefined>((resolve) => {
          const s = connect({ host: "127.0.0.1", port: p });
          s.once("connect", () => resolve(s));
          s.once("error", () => resolve(undefined));
        });
      const deadline = Date.now() + 10_000;
      let socket: Socket | undefined;
      while (!exited && Date.now() < deadline) {
        const probe = await connectTo(ctrl);
        probe?.destroy();
        socket = probe ? await connectTo(port) : undefined;
        if (socket && !exited) break;
        socket?.destroy();
        socket = undefined;
        await new Promise((r) => setTimeout(r, 25));
      }
      if (socket) {
        this.socket = socket;
        break;
      }
      child.kill("SIGKILL");
      await exitedPromise;
      if (attempt >= 4) throw new Error("swtpm did not start");
    }
    this.socket.on("data", (d: Buffer) => {
      const n = new Uint8Array(this.buffered.length + d.length);
      n.set(this.buffered);
      n.set(d, this.buffered.length);
      this.buffered = n;
      this.waiter?.();
    });
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.child?.kill("SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Sends a command, returns the whole response. */
  async send(cmd: Uint8Array): Promise<Uint8Array> {
    this.socket.write(cmd);
    for (;;) {
      if (this.buffered.length >= 10) {
        const size = new DataView(this.buffered.buffer).getUint32(2);
        if (this.buffered.length >= size) {
          const out = this.buffered.slice(0, size);
          this.buffered = this.buffered.slice(size);
          return out;
        }
      }
      await new Promise<void>((r) => {
        this.waiter = r;
      });
    }
  }

  /** A command without sessions; returns response code, handles area + parameters. */
  async plain(cc: number, handles: number[], params: Uint8Array): Promise<{ rc: number; body: ByteReader }> {
    const w = new ByteWriter();
    w.u16(0x8001);
    w.u32(0);
    w.u32(cc);
    for (const h of handles) w.u32(h);
    w.bytes(params);
    const c = w.finish();
    new DataView(c.buffer).setUint32(2, c.length);
    const r = new ByteReader(await this.send(c));
    r.u16("tag");
    r.u32("size");
    return { rc: r.u32("rc"), body: r };
  }

  /**
   * A command with sessions through authorizeCommand / verifyResponse. Returns the
   * response handles reader, the clear parameters and the new states.
   */
  async withSessions(opts: {
    cc: number;
    handles: number[];
    names: Uint8Array[];
    params: Uint8Array;
    decryptable: boolean;
    encryptable: boolean;
    responseHandles?: number;
    sessions: SessionUse[];
    responseAuthValues?: (Uint8Array | undefined)[];
  }): Promise<{ rc: number; handles: number[]; parameters: Uint8Array; states: (SessionState | undefined)[] }> {
    const a = await authorizeCommand(crypto, {
      commandCode: opts.cc,
      names: opts.names,
      parameters: opts.params,
      decryptable: opts.decryptable,
      sessions: opts.sessions,
    });
    const w = new ByteWriter();
    w.u16(0x8002);
    w.u32(0);
    w.u32(opts.cc);
    for (const h of opts.handles) w.u32(h);
    const at = w.length;
    w.u32(0);
    for (const x of a.authorizations) TPMS_AUTH_COMMAND.write(w, x, "auth");
    w.patchU32(at, w.length - at - 4);
    w.bytes(a.parameters);
    const c = w.finish();
    new DataView(c.buffer).setUint32(2, c.length);
    const r = new ByteReader(await this.send(c));
    r.u16("tag");
    r.u32("size");
    const rc = r.u32("rc");
    if (rc !== 0) return { rc, handles: [], parameters: new Uint8Array(0), states: [] };
    const handles: number[] = [];
    for (let i = 0; i < (opts.responseHandles ?? 0); i++) handles.push(r.u32("h"));
    const parameters = r.bytes(r.u32("parameterSize"), "parameters");
    const authorizations = opts.sessions.map(() => TPMS_AUTH_RESPONSE.read(r, "auth"));
    const v = await verifyResponse(crypto, a.pending, {
      responseCode: 0,
      parameters,
      authorizations,
      encryptable: opts.encryptable,
      responseAuthValues: opts.responseAuthValues,
    });
    return { rc, handles, parameters: v.parameters, states: v.states };
  }

  /** Sessions started and not yet flushed. */
  readonly started = new Set<number>();

  /** Flushes every session this test started (swtpm holds three at most). */
  async flushSessions(): Promise<void> {
    for (const h of this.started) {
      const w = new ByteWriter();
      w.u32(h);
      await this.plain(0x165, [], w.finish()); // FlushContext; an already-ended session answers an error
    }
    this.started.clear();
  }

  /** TPM2_StartAuthSession, then startSession. */
  async startAuthSession(o: {
    type: number;
    authHash: number;
    symmetric: { algorithm: number; keyBits: number; mode: number };
    tpmKey?: { handle: number; key: SaltKey };
    bind?: { handle: number; name: Uint8Array; auth: Uint8Array };
  }): Promise<SessionState> {
    const nonceCaller = crypto.randomBytes(hashSize(o.authHash)); // at most the authHash size (Part 3, StartAuthSession)
    const salt = o.tpmKey ? await makeSalt(crypto, o.tpmKey.key) : undefined;
    const w = new ByteWriter();
    w.bytes(tpm2b(nonceCaller));
    w.bytes(tpm2b(salt?.encryptedSalt ?? new Uint8Array(0)));
    w.u8(o.type);
    w.u16(o.symmetric.algorithm);
    if (o.symmetric.algorithm !== A.NULL) w.u16(o.symmetric.keyBits);
    if (o.symmetric.algorithm === A.AES) w.u16(o.symmetric.mode);
    w.u16(o.authHash);
    const { rc, body } = await this.plain(
      TPM_CC.StartAuthSession,
      [o.tpmKey?.handle ?? TPM_RH.NULL, o.bind?.handle ?? TPM_RH.NULL],
      w.finish(),
    );
    expect(rc.toString(16)).toBe("0");
    const handle = body.u32("handle");
    this.started.add(handle);
    const nonceTPM = body.bytes(body.u16("size"), "nonceTPM");
    return startSession(crypto, {
      handle,
      sessionType: o.type,
      authHash: o.authHash,
      symmetric: o.symmetric,
      nonceCaller,
      nonceTPM,
      ...(salt ? { salt: salt.salt } : {}),
      ...(o.bind ? { bindName: o.bind.name, bindAuth: o.bind.auth } : {}),
    });
  }
}

const STORAGE_ATTRS = 0x00030072;
function rsaTemplate(): Uint8Array {
  const w = new ByteWriter();
  w.u16(A.RSA);
  w.u16(A.SHA256);
  w.u32(STORAGE_ATTRS);
  w.u16(0);
  w.u16(A.AES);
  w.u16(128);
  w.u16(A.CFB);
  w.u16(A.NULL);
  w.u16(2048);
  w.u32(0);
  w.u16(0);
  return w.finish();
}
function eccTemplate(nameAlg: number = A.SHA256): Uint8Array {
  const w = new ByteWriter();
  w.u16(A.ECC);
  w.u16(nameAlg);
  w.u32(STORAGE_ATTRS);
  w.u16(0);
  w.u16(A.AES);
  w.u16(128);
  w.u16(A.CFB);
  w.u16(A.NULL);
  w.u16(0x0003);
  w.u16(A.NULL);
  w.u16(0);
  w.u16(0);
  return w.finish();
}
/** CreatePrimary parameters: inSensitive (empty), inPublic, outsideInfo, creationPCR. */
function createPrimaryParams(template: Uint8Array, userAuth = new Uint8Array(0)): Uint8Array {
  const sens = new ByteWriter();
  sens.bytes(tpm2b(userAuth));
  sens.u16(0);
  const w = new ByteWriter();
  w.bytes(tpm2b(sens.finish()));
  w.bytes(tpm2b(template));
  w.u16(0);
  w.u32(0);
  return w.finish();
}
/** The tpmKey of a CreatePrimary response's outPublic. */
function saltKeyOf(outPublic: Uint8Array): SaltKey {
  const r = new ByteReader(outPublic);
  const type = r.u16("type");
  const nameAlg = r.u16("nameAlg");
  r.u32("attrs");
  r.bytes(r.u16("policy"), "policy");
  r.bytes(6, "symmetric");
  r.u16("scheme");
  if (type === A.RSA) {
    r.u16("keyBits");
    const e = r.u32("exponent");
    return { nameAlg, rsa: { n: r.bytes(r.u16("n"), "n"), e } };
  }
  const curveID = r.u16("curve");
  r.u16("kdf");
  const x = r.bytes(r.u16("x"), "x");
  const y = r.bytes(r.u16("y"), "y");
  return { nameAlg, ecc: { curveID, x, y } };
}
const hashParams = (data: Uint8Array, alg: number) => {
  const w = new ByteWriter();
  w.bytes(tpm2b(data));
  w.u16(alg);
  w.u32(TPM_RH.NULL);
  return w.finish();
};
const CONT = TPMA_SESSION.continueSession;
const AES128 = { algorithm: A.AES, keyBits: 128, mode: A.CFB };

describe.skipIf(!haveSwtpm)("the session engine against swtpm", () => {
  const tpm = new Tpm();
  let rsaKey: { handle: number; key: SaltKey };
  let eccKey: { handle: number; key: SaltKey };

  beforeAll(async () => {
    await tpm.start();
    for (const [template, set] of [
      [rsaTemplate(), (k: { handle: number; key: SaltKey }) => (rsaKey = k)],
      [eccTemplate(), (k: { handle: number; key: SaltKey }) => (eccKey = k)],
    ] as const) {
      const out = await tpm.withSessions({
        cc: TPM_CC.CreatePrimary,
        handles: [OWNER],
        names: [OWNER_NAME],
        params: createPrimaryParams(template),
        decryptable: true,
        encryptable: true,
        responseHandles: 1,
        sessions: [{ attributes: CONT, authValue: new Uint8Array(0), entityName: OWNER_NAME }],
      });
      expect(out.rc.toString(16)).toBe("0");
      const r = new ByteReader(out.parameters);
      set({ handle: out.handles[0]!, key: saltKeyOf(r.bytes(r.u16("size"), "outPublic")) });
    }
  }, 60_000);
  afterAll(() => tpm.stop());
  afterEach(() => tpm.flushSessions());

  const hashBothWays = async (state: SessionState) => {
    const data = crypto.randomBytes(100);
    const out = await tpm.withSessions({
      cc: TPM_CC.Hash,
      handles: [],
      names: [],
      params: hashParams(data, A.SHA256),
      decryptable: true,
      encryptable: true,
      sessions: [
        { state, attributes: CONT | TPMA_SESSION.decrypt | TPMA_SESSION.encrypt, authValue: new Uint8Array(0) },
      ],
    });
    expect(out.rc.toString(16)).toBe("0");
    const r = new ByteReader(out.parameters);
    expect(Buffer.from(r.bytes(r.u16("size"), "outHash")).toString("hex")).toBe(
      createHash("sha256").update(data).digest("hex"),
    );
    return out.states[0]!;
  };

  it("RSA-salted session, XOR, both directions, several commands in a row", async () => {
    let s = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA256,
      symmetric: { algorithm: A.XOR, keyBits: A.SHA256, mode: A.NULL },
      tpmKey: rsaKey,
    });
    for (let i = 0; i < 3; i++) s = await hashBothWays(s);
  });

  it("ECC-salted SHA-384 session with AES-256, RSA-salted SHA-1 session with AES-128 (libtpms has no AES-192)", async () => {
    let s = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA384,
      symmetric: { algorithm: A.AES, keyBits: 256, mode: A.CFB },
      tpmKey: eccKey,
    });
    s = await hashBothWays(s);
    await hashBothWays(s);
    const t = await tpm.startAuthSession({ type: TPM_SE.HMAC, authHash: A.SHA1, symmetric: AES128, tpmKey: rsaKey });
    await hashBothWays(t);
  });

  it("bound session: changes the owner auth it is bound to, then is no longer bound; three sessions with decrypt and encrypt on non-first sessions", async () => {
    let bound = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA256,
      symmetric: AES128,
      bind: { handle: OWNER, name: OWNER_NAME, auth: new Uint8Array(0) },
    });
    const change = await tpm.withSessions({
      cc: TPM_CC.HierarchyChangeAuth,
      handles: [OWNER],
      names: [OWNER_NAME],
      params: tpm2b(enc("owner-pw")),
      decryptable: true,
      encryptable: false,
      sessions: [
        { state: bound, attributes: CONT | TPMA_SESSION.decrypt, authValue: new Uint8Array(0), entityName: OWNER_NAME },
      ],
      responseAuthValues: [enc("owner-pw")],
    });
    expect(change.rc.toString(16)).toBe("0");
    // The caller saw the bind entity's authValue change: the session is no longer bound.
    bound = bindEntityAuthChanged(change.states[0]!, "hierarchy-or-nv");
    expect(bound.bindName).toBeUndefined();
    const dec = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA384,
      symmetric: AES128,
      tpmKey: rsaKey,
    });
    const encS = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA1,
      symmetric: { algorithm: A.XOR, keyBits: A.SHA1, mode: A.NULL },
      tpmKey: eccKey,
    });
    const out = await tpm.withSessions({
      cc: TPM_CC.CreatePrimary,
      handles: [OWNER],
      names: [OWNER_NAME],
      params: createPrimaryParams(eccTemplate(A.SHA384), enc("child-auth")),
      decryptable: true,
      encryptable: true,
      responseHandles: 1,
      sessions: [
        { state: bound, attributes: CONT, authValue: enc("owner-pw"), entityName: OWNER_NAME },
        { state: dec, attributes: CONT | TPMA_SESSION.decrypt, authValue: new Uint8Array(0) },
        { state: encS, attributes: CONT | TPMA_SESSION.encrypt, authValue: new Uint8Array(0) },
      ],
    });
    expect(out.rc.toString(16)).toBe("0");
    const r = new ByteReader(out.parameters);
    const pub = saltKeyOf(r.bytes(r.u16("size"), "outPublic"));
    expect(pub.nameAlg).toBe(A.SHA384);
    expect("ecc" in pub && pub.ecc.curveID).toBe(3);
    await tpm.plain(0x165, [], handleName(out.handles[0]!)); // FlushContext of the new primary
    await tpm.flushSessions();
    // Bound again (to the new owner auth): change it back; decrypt still uses the authValue.
    const rebound = await tpm.startAuthSession({
      type: TPM_SE.HMAC,
      authHash: A.SHA512,
      symmetric: AES128,
      tpmKey: eccKey,
      bind: { handle: OWNER, name: OWNER_NAME, auth: enc("owner-pw") },
    });
    const back = await tpm.withSessions({
      cc: TPM_CC.HierarchyChangeAuth,
      handles: [OWNER],
      names: [OWNER_NAME],
      params: tpm2b(new Uint8Array(0)),
      decryptable: true,
      encryptable: false,
      sessions: [
        { state: rebound, attributes: TPMA_SESSION.decrypt, authValue: enc("owner-pw"), entityName: OWNER_NAME },
      ],
      responseAuthValues: [new Uint8Array(0)],
    });
    expect(back.rc.toString(16)).toBe("0");
    expect(back.states[0]).toBeUndefined();
  });

  it("policy sessions after PolicyAuthValue and PolicyPassword authorize the owner (owner authPolicy set)", async () => {
    const policyDigest = createHash("sha256")
      .update(Buffer.concat([Buffer.alloc(32), Buffer.from("0000016b", "hex")]))
      .digest();
    const set = await tpm.withSessions({
      cc: 0x12e, // SetPrimaryPolicy
      handles: [OWNER],
      names: [OWNER_NAME],
      params: new Uint8Array([...tpm2b(policyDigest), 0x00, 0x0b]),
      decryptable: true,
      encryptable: false,
      sessions: [{ attributes: CONT, authValue: new Uint8Array(0), entityName: OWNER_NAME }],
    });
    expect(set.rc.toString(16)).toBe("0");
    for (const [cc, newAuth, oldAuth] of [
      [TPM_CC.PolicyAuthValue, enc("via-policy-authvalue"), new Uint8Array(0)],
      [TPM_CC.PolicyPassword, new Uint8Array(0), enc("via-policy-authvalue")],
    ] as const) {
      let p = await tpm.startAuthSession({
        type: TPM_SE.POLICY,
        authHash: A.SHA256,
        symmetric: AES128,
        tpmKey: eccKey,
      });
      const pol = await tpm.plain(cc, [p.handle], new Uint8Array(0));
      expect(pol.rc.toString(16)).toBe("0");
      p = applyPolicyCommand(p, cc);
      const out = await tpm.withSessions({
        cc: TPM_CC.HierarchyChangeAuth,
        handles: [OWNER],
        names: [OWNER_NAME],
        params: tpm2b(newAuth),
        decryptable: true,
        encryptable: false,
        sessions: [{ state: p, attributes: CONT | TPMA_SESSION.decrypt, authValue: oldAuth, entityName: OWNER_NAME }],
        responseAuthValues: [newAuth],
      });
      expect(out.rc.toString(16)).toBe("0");
      expect(out.states[0]!.policyAuthValue || out.states[0]!.policyPassword).toBe(false);
    }
  });

  it("a wrong authValue is refused by the TPM (the test can fail)", async () => {
    const s = await tpm.startAuthSession({ type: TPM_SE.HMAC, authHash: A.SHA256, symmetric: AES128, tpmKey: rsaKey });
    const out = await tpm.withSessions({
      cc: TPM_CC.HierarchyChangeAuth,
      handles: [OWNER],
      names: [OWNER_NAME],
      params: tpm2b(new Uint8Array(0)),
      decryptable: true,
      encryptable: false,
      sessions: [
        { state: s, attributes: CONT | TPMA_SESSION.decrypt, authValue: enc("wrong"), entityName: OWNER_NAME },
      ],
    });
    expect(out.rc).toBe(0x9a2); // TPM_RC_BAD_AUTH for session 1 (the owner is not DA-protected)
  });
});
