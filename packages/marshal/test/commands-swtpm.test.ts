/**
 * Command schemas against a real TPM (swtpm, libtpms): commands marshalled from the
 * schemas must be accepted, and every response must unmarshal to the last byte.
 * Skipped when swtpm is not installed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ByteReader,
  COMMANDS,
  COMMANDS_BY_CODE,
  type Codec,
  type CommandInput,
  type CommandOutput,
  type CommandSchema,
  marshalCommand,
  TPM_ALG_ID,
  TPM_CAP,
  TPM_CC,
  TPM_ECC_CURVE,
  TPM_RC,
  TPM_RH,
  TPM_RS,
  TPM_SE,
  TPM_ST,
  TPM_SU,
  TPM2B_NV_PUBLIC,
  TPM2B_PUBLIC,
  unmarshalResponse,
} from "@tss/marshal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g) ?? [], (b) => Number.parseInt(b, 16));
const decode = <T>(codec: Codec<T>, h: string): T => codec.read(new ByteReader(hex(h)), codec.typeName);
const empty = new Uint8Array(0);

// Templates marshalled by libtss2-mu (tpm2-pytss) and decoded here with our codecs.
/** ECC NIST P-256 restricted decryption (storage) key, AES-128-CFB, SHA-256 Name. */
const STORAGE_TEMPLATE = "001a0023000b00030072000000060080004300100003001000000000";
/** ECC NIST P-256 ECDSA-SHA256 signing key. */
const SIGNING_TEMPLATE = "00180023000b00040072000000100018000b0003001000000000";
/** ECC NIST P-256 unrestricted decryption key (for ECDH). */
const ECDH_TEMPLATE = "00160023000b000200720000001000100003001000000000";
/** KEYEDHASH HMAC-SHA256 key. */
const HMAC_TEMPLATE = "00100008000b0004007200000005000b0000";
/** NV index 0x01500016: ordinary, owner/auth read/write, 32 bytes. */
const NV_TEMPLATE = "000e01500016000b0006000600000020";
const NV_INDEX = 0x01500016;

const hasSwtpm = spawnSync("swtpm", ["--version"], { stdio: "ignore" }).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A raw-framed connection to swtpm's command port. */
class RawTpm {
  private buffered = new Uint8Array(0);
  private waiter: (() => void) | null = null;
  constructor(private readonly socket: Socket) {
    socket.on("data", (d: Uint8Array) => {
      const next = new Uint8Array(this.buffered.length + d.length);
      next.set(this.buffered);
      next.set(d, this.buffered.length);
      this.buffered = next;
      this.waiter?.();
    });
  }
  async send(command: Uint8Array): Promise<Uint8Array> {
    this.socket.write(command);
    for (;;) {
      if (this.buffered.length >= 6) {
        const size = new DataView(this.buffered.buffer, this.buffered.byteOffset).getUint32(2);
        if (this.buffered.length >= size) {
          const out = this.buffered.slice(0, size);
          this.buffered = this.buffered.slice(size);
          return out;
        }
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("swtpm did not answer")), 20_000);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        };
      });
    }
  }
}

let swtpm: ChildProcess | undefined;
let stateDir = "";
let tpm: RawTpm;
let socket: Socket;

/** A session of the authorization area: a password, or a session handle with its hmac field. */
type Auth = Uint8Array | { sessionHandle: number; hmac: Uint8Array };

/** Sends a command with one session per authorized handle (empty passwords unless given); returns the response code and bytes. */
async function send<S extends CommandSchema>(s: S, input: CommandInput<S>, sessions: Auth[] = []) {
  const auths = Array.from({ length: s.authHandles }, (_, i) => {
    const a = sessions[i] ?? empty;
    return a instanceof Uint8Array
      ? { sessionHandle: TPM_RS.PW, nonce: empty, sessionAttributes: 0, hmac: a }
      : { sessionHandle: a.sessionHandle, nonce: empty, sessionAttributes: 0, hmac: a.hmac };
  });
  const command = marshalCommand(s, input, auths);
  for (;;) {
    const resp = await tpm.send(command);
    const rc = new DataView(resp.buffer).getUint32(6);
    if (rc === TPM_RC.RETRY) continue; // libtpms asks for a repeat, e.g. after drawing an unusable ECC key
    return { rc, resp, sessions: auths.length };
  }
}

/** Runs one command; throws on a TPM error; the response must unmarshal to its last byte. */
async function run<S extends CommandSchema>(
  s: S,
  input: CommandInput<S>,
  sessions: Auth[] = [],
): Promise<CommandOutput<S>> {
  const { rc, resp, sessions: n } = await send(s, input, sessions);
  if (rc !== 0) throw new Error(`${s.name}: TPM response code 0x${rc.toString(16)}`);
  return unmarshalResponse(s, resp, n);
}

/** Starts an unsalted, unbound policy (or trial) session without parameter encryption. */
async function policySession(sessionType: number): Promise<number> {
  const s = await run(COMMANDS.StartAuthSession, {
    tpmKey: TPM_RH.NULL,
    bind: TPM_RH.NULL,
    nonceCaller: new Uint8Array(16).fill(7),
    encryptedSalt: empty,
    sessionType,
    symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
    authHash: TPM_ALG_ID.SHA256,
  } as never);
  return s.sessionHandle;
}

describe.skipIf(!hasSwtpm)("schemas against swtpm", () => {
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "marshal-commands-swtpm-"));
    // Another process may take a port between freePort() and swtpm's bind: swtpm
    // then exits ("Address already in use") and is launched again on new ports.
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
          `dir=${stateDir}`,
          "--server",
          `type=tcp,port=${port},bindaddr=127.0.0.1`,
          "--ctrl",
          `type=tcp,port=${ctrl},bindaddr=127.0.0.1`,
          "--flags",
          "not-need-init",
        ],
        { stdio: "ignore" },
      );
      swtpm = child;
      let exited = false;
      const exitedPromise = new Promise<void>((r) =>
        child.once("exit", () => {
          exited = true;
          r();
        }),
      );
      const connectTo = (p: number) =>
        new Promise<Socket | undefined>((resolve) => {
          const s = connect(p, "127.0.0.1", () => resolve(s));
          s.once("error", () => resolve(undefined));
        });
      const deadline = Date.now() + 10_000;
      let connected: Socket | undefined;
      while (!exited && Date.now() < deadline) {
        const probe = await connectTo(ctrl);
        probe?.destroy();
        connected = probe ? await connectTo(port) : undefined;
        if (connected && !exited) break;
        connected?.destroy();
        connected = undefined;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (connected) {
        socket = connected;
        break;
      }
      child.kill("SIGKILL");
      await exitedPromise;
      if (attempt >= 4) throw new Error("swtpm did not start");
    }
    tpm = new RawTpm(socket);
  });

  afterAll(() => {
    socket?.destroy();
    if (swtpm?.pid !== undefined) swtpm.kill("SIGTERM");
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it("start-up and testing", async () => {
    await run(COMMANDS.Startup, { startupType: TPM_SU.CLEAR });
    await run(COMMANDS.SelfTest, { fullTest: true });
    await run(COMMANDS.IncrementalSelfTest, { toTest: [TPM_ALG_ID.SHA256] });
    const r = await run(COMMANDS.GetTestResult, {});
    expect(r.testResult).toBe(0);
  });

  it("every capability", async () => {
    const asks: [number, number][] = [
      [TPM_CAP.ALGS, 0],
      [TPM_CAP.HANDLES, TPM_RH.FIRST],
      [TPM_CAP.COMMANDS, TPM_CC.NV_UndefineSpaceSpecial],
      [TPM_CAP.PP_COMMANDS, 0],
      [TPM_CAP.AUDIT_COMMANDS, 0],
      [TPM_CAP.PCRS, 0],
      [TPM_CAP.TPM_PROPERTIES, 0x100],
      [TPM_CAP.TPM_PROPERTIES, 0x200],
      [TPM_CAP.PCR_PROPERTIES, 0],
      [TPM_CAP.ECC_CURVES, 0],
      [TPM_CAP.AUTH_POLICIES, TPM_RH.FIRST],
    ];
    for (const [capability, property] of asks) {
      const r = await run(COMMANDS.GetCapability, { capability, property, propertyCount: 64 });
      expect(r.capabilityData.capability).toBe(capability);
    }
  });

  it("the TPM's own handle counts (TPM_CAP_COMMANDS: TPMA_CC cHandles, rHandle) agree with every schema it implements", async () => {
    const attributes: number[] = [];
    let property: number = TPM_CC.NV_UndefineSpaceSpecial;
    for (;;) {
      const r = await run(COMMANDS.GetCapability, { capability: TPM_CAP.COMMANDS, property, propertyCount: 64 });
      const list = (r.capabilityData.data as { command: number[] }).command;
      attributes.push(...list);
      if (!r.moreData || list.length === 0) break;
      property = (list[list.length - 1]! & 0xffff) + 1;
    }
    expect(attributes.length).toBeGreaterThan(90);
    let checked = 0;
    for (const a of attributes) {
      // TPMA_CC (Part 2, 8.9): commandIndex bits 0-15, cHandles bits 25-27, rHandle bit 28, V bit 29.
      const code = ((a & 0xffff) | (a & 0x20000000)) >>> 0;
      const s = COMMANDS_BY_CODE.get(code);
      expect(s, `0x${code.toString(16)}`).toBeDefined();
      expect([s!.name, s!.handleNames.length]).toEqual([s!.name, (a >>> 25) & 7]);
      expect([s!.name, s!.responseHandleNames.length]).toEqual([s!.name, (a >>> 28) & 1]);
      checked++;
    }
    expect(checked).toBe(attributes.length);
  });

  it("random numbers, clock, PCRs", async () => {
    const r = await run(COMMANDS.GetRandom, { bytesRequested: 32 });
    expect(r.randomBytes).toHaveLength(32);
    await run(COMMANDS.StirRandom, { inData: hex("0102030405") });
    const clock = await run(COMMANDS.ReadClock, {});
    expect(typeof clock.currentTime.time).toBe("bigint");
    await run(COMMANDS.ClockSet, { auth: TPM_RH.OWNER, newTime: clock.currentTime.clockInfo.clock + 1000n });
    await run(COMMANDS.ClockRateAdjust, { auth: TPM_RH.OWNER, rateAdjust: 0 });
    const sel = [{ hash: TPM_ALG_ID.SHA256, pcrSelect: hex("ffffff") }];
    const pcrs = await run(COMMANDS.PCR_Read, { pcrSelectionIn: sel });
    expect(pcrs.pcrValues.length).toBeGreaterThan(0);
    const ev = await run(COMMANDS.PCR_Event, { pcrHandle: 16, eventData: hex("abcdef") });
    expect(ev.digests.length).toBeGreaterThan(0);
    await run(COMMANDS.PCR_Extend, { pcrHandle: 16, digests: ev.digests });
    await run(COMMANDS.PCR_Reset, { pcrHandle: 16 });
  });

  it("hash and sequences", async () => {
    const h = await run(COMMANDS.Hash, { data: hex("616263"), hashAlg: TPM_ALG_ID.SHA256, hierarchy: TPM_RH.OWNER });
    expect(h.outHash).toEqual(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    const seq = await run(COMMANDS.HashSequenceStart, { auth: empty, hashAlg: TPM_ALG_ID.SHA256 });
    await run(COMMANDS.SequenceUpdate, { sequenceHandle: seq.sequenceHandle, buffer: hex("6162") });
    const done = await run(COMMANDS.SequenceComplete, {
      sequenceHandle: seq.sequenceHandle,
      buffer: hex("63"),
      hierarchy: TPM_RH.NULL,
    });
    expect(done.result).toEqual(h.outHash);
    const ev = await run(COMMANDS.HashSequenceStart, { auth: empty, hashAlg: TPM_ALG_ID.NULL });
    const evDone = await run(COMMANDS.EventSequenceComplete, {
      pcrHandle: 16,
      sequenceHandle: ev.sequenceHandle,
      buffer: hex("00"),
    });
    expect(evDone.results.length).toBeGreaterThan(0);
  });

  it("objects, signing, attestation, context", async () => {
    const primary = await run(COMMANDS.CreatePrimary, {
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: decode(TPM2B_PUBLIC, STORAGE_TEMPLATE),
      outsideInfo: empty,
      creationPCR: [],
    } as never);
    const parent = primary.objectHandle;
    const rp = await run(COMMANDS.ReadPublic, { objectHandle: parent });
    expect(rp.name).toEqual(primary.name);

    const key = await run(COMMANDS.Create, {
      parentHandle: parent,
      inSensitive: { sensitive: { userAuth: hex("6b6579"), data: empty } },
      inPublic: decode(TPM2B_PUBLIC, SIGNING_TEMPLATE),
      outsideInfo: hex("0102"),
      creationPCR: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: hex("010000") }],
    } as never);
    const loaded = await run(COMMANDS.Load, {
      parentHandle: parent,
      inPrivate: key.outPrivate,
      inPublic: key.outPublic,
    });
    const signHandle = loaded.objectHandle;
    const key2 = await run(
      COMMANDS.ObjectChangeAuth,
      { objectHandle: signHandle, parentHandle: parent, newAuth: hex("6e6577") },
      [hex("6b6579")],
    );
    expect(key2.outPrivate.length).toBeGreaterThan(0);

    const digest = (await run(COMMANDS.Hash, { data: hex("00"), hashAlg: TPM_ALG_ID.SHA256, hierarchy: TPM_RH.OWNER }))
      .outHash;
    const nullTicket = { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty };
    const sig = await run(
      COMMANDS.Sign,
      {
        keyHandle: signHandle,
        digest,
        inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
        validation: nullTicket,
      } as never,
      [hex("6b6579")],
    );
    const ok = await run(COMMANDS.VerifySignature, { keyHandle: signHandle, digest, signature: sig.signature });
    expect(ok.validation.tag).toBe(TPM_ST.VERIFIED);

    const nullScheme = { scheme: TPM_ALG_ID.NULL, details: {} };
    const q = await run(
      COMMANDS.Quote,
      {
        signHandle,
        qualifyingData: hex("aa"),
        inScheme: nullScheme,
        PCRselect: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: hex("070000") }],
      } as never,
      [hex("6b6579")],
    );
    expect(q.quoted.length).toBeGreaterThan(0);
    await run(
      COMMANDS.Certify,
      { objectHandle: parent, signHandle, qualifyingData: empty, inScheme: nullScheme } as never,
      [empty, hex("6b6579")],
    );
    await run(
      COMMANDS.CertifyCreation,
      {
        signHandle,
        objectHandle: signHandle,
        qualifyingData: empty,
        creationHash: key.creationHash,
        inScheme: nullScheme,
        creationTicket: key.creationTicket,
      } as never,
      [hex("6b6579")],
    );
    await run(
      COMMANDS.GetTime,
      { privacyAdminHandle: TPM_RH.ENDORSEMENT, signHandle, qualifyingData: empty, inScheme: nullScheme } as never,
      [empty, hex("6b6579")],
    );

    const ctx = await run(COMMANDS.ContextSave, { saveHandle: parent });
    const back = await run(COMMANDS.ContextLoad, { context: ctx.context });
    await run(COMMANDS.FlushContext, { flushHandle: back.loadedHandle });

    const ecc = await run(COMMANDS.ECC_Parameters, { curveID: TPM_ECC_CURVE.NIST_P256 });
    expect(ecc.parameters.keySize).toBe(256);
    const ek = await run(COMMANDS.Create, {
      parentHandle: parent,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: decode(TPM2B_PUBLIC, ECDH_TEMPLATE),
      outsideInfo: empty,
      creationPCR: [],
    } as never);
    const ecdhKey = (
      await run(COMMANDS.Load, { parentHandle: parent, inPrivate: ek.outPrivate, inPublic: ek.outPublic })
    ).objectHandle;
    const kg = await run(COMMANDS.ECDH_KeyGen, { keyHandle: ecdhKey });
    const z = await run(COMMANDS.ECDH_ZGen, { keyHandle: ecdhKey, inPoint: kg.pubPoint });
    expect(z.outPoint).toEqual(kg.zPoint);
    // swtpm holds three transient objects: make room.
    await run(COMMANDS.FlushContext, { flushHandle: ecdhKey });
    await run(COMMANDS.FlushContext, { flushHandle: signHandle });

    const hk = await run(COMMANDS.Create, {
      parentHandle: parent,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: decode(TPM2B_PUBLIC, HMAC_TEMPLATE),
      outsideInfo: empty,
      creationPCR: [],
    } as never);
    const hmacKey = (
      await run(COMMANDS.Load, { parentHandle: parent, inPrivate: hk.outPrivate, inPublic: hk.outPublic })
    ).objectHandle;
    const mac = await run(COMMANDS.MAC, { handle: hmacKey, buffer: hex("616263"), inScheme: TPM_ALG_ID.SHA256 });
    const ms = await run(COMMANDS.MAC_Start, { handle: hmacKey, auth: empty, inScheme: TPM_ALG_ID.SHA256 });
    const msDone = await run(COMMANDS.SequenceComplete, {
      sequenceHandle: ms.sequenceHandle,
      buffer: hex("616263"),
      hierarchy: TPM_RH.NULL,
    });
    expect(msDone.result).toEqual(mac.outMAC);

    for (const h of [hmacKey, parent]) await run(COMMANDS.FlushContext, { flushHandle: h });
  });

  it("sessions and policy", async () => {
    const s = await run(COMMANDS.StartAuthSession, {
      tpmKey: TPM_RH.NULL,
      bind: TPM_RH.NULL,
      nonceCaller: hex("00112233445566778899aabbccddeeff"),
      encryptedSalt: empty,
      sessionType: TPM_SE.POLICY,
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      authHash: TPM_ALG_ID.SHA256,
    } as never);
    const policySession = s.sessionHandle;
    expect(s.nonceTPM).toHaveLength(16);
    await run(COMMANDS.PolicyCommandCode, { policySession, code: TPM_CC.NV_Read });
    await run(COMMANDS.PolicyAuthValue, { policySession });
    await run(COMMANDS.PolicyLocality, { policySession, locality: 1 });
    await run(COMMANDS.PolicyPCR, {
      policySession,
      pcrDigest: empty,
      pcrs: [{ hash: TPM_ALG_ID.SHA256, pcrSelect: hex("010000") }],
    });
    const secret = await run(COMMANDS.PolicySecret, {
      authHandle: TPM_RH.ENDORSEMENT,
      policySession,
      nonceTPM: s.nonceTPM,
      cpHashA: empty,
      policyRef: empty,
      expiration: -10,
    });
    expect(secret.policyTicket.tag).toBe(TPM_ST.AUTH_SECRET);
    const d = await run(COMMANDS.PolicyGetDigest, { policySession });
    expect(d.policyDigest).toHaveLength(32);
    await run(COMMANDS.PolicyRestart, { sessionHandle: policySession });
    await run(COMMANDS.FlushContext, { flushHandle: policySession });
  });

  it("NV storage, and the ADMIN role of NV_ChangeAuth", async () => {
    // The policy NV_ChangeAuth will need: PolicyCommandCode(NV_ChangeAuth), PolicyPassword.
    const trial = await policySession(TPM_SE.TRIAL);
    await run(COMMANDS.PolicyCommandCode, { policySession: trial, code: TPM_CC.NV_ChangeAuth });
    await run(COMMANDS.PolicyPassword, { policySession: trial });
    const { policyDigest } = await run(COMMANDS.PolicyGetDigest, { policySession: trial });
    await run(COMMANDS.FlushContext, { flushHandle: trial });

    const publicInfo = decode(TPM2B_NV_PUBLIC, NV_TEMPLATE) as { nvPublic: { authPolicy: Uint8Array } };
    publicInfo.nvPublic.authPolicy = policyDigest;
    await run(COMMANDS.NV_DefineSpace, { authHandle: TPM_RH.OWNER, auth: hex("6e76"), publicInfo } as never);
    await run(COMMANDS.NV_Write, { authHandle: NV_INDEX, nvIndex: NV_INDEX, data: hex("68656c6c6f"), offset: 2 }, [
      hex("6e76"),
    ]);
    const r = await run(COMMANDS.NV_Read, { authHandle: TPM_RH.OWNER, nvIndex: NV_INDEX, size: 5, offset: 2 });
    expect(r.data).toEqual(hex("68656c6c6f"));
    const pub = await run(COMMANDS.NV_ReadPublic, { nvIndex: NV_INDEX });
    expect(pub.nvName).toHaveLength(34);
    // ADMIN role: a password session is refused (TPM_RC_AUTH_TYPE) ...
    const refused = await send(COMMANDS.NV_ChangeAuth, { nvIndex: NV_INDEX, newAuth: empty }, [hex("6e76")]);
    expect(refused.rc).toBe(TPM_RC.AUTH_TYPE);
    // ... a policy session satisfying the index's policy is accepted.
    const ps = await policySession(TPM_SE.POLICY);
    await run(COMMANDS.PolicyCommandCode, { policySession: ps, code: TPM_CC.NV_ChangeAuth });
    await run(COMMANDS.PolicyPassword, { policySession: ps });
    // (continueSession is clear, so the TPM flushes the session after this command)
    await run(COMMANDS.NV_ChangeAuth, { nvIndex: NV_INDEX, newAuth: hex("6e6577") }, [
      { sessionHandle: ps, hmac: hex("6e76") },
    ]);
    const r2 = await run(COMMANDS.NV_Read, { authHandle: NV_INDEX, nvIndex: NV_INDEX, size: 5, offset: 2 }, [
      hex("6e6577"),
    ]);
    expect(r2.data).toEqual(hex("68656c6c6f"));
    await run(COMMANDS.NV_UndefineSpace, { authHandle: TPM_RH.OWNER, nvIndex: NV_INDEX });
  });

  it("dictionary attack, audit, test parameters, shutdown", async () => {
    await run(COMMANDS.DictionaryAttackParameters, {
      lockHandle: TPM_RH.LOCKOUT,
      newMaxTries: 32,
      newRecoveryTime: 10,
      lockoutRecovery: 10,
    });
    await run(COMMANDS.DictionaryAttackLockReset, { lockHandle: TPM_RH.LOCKOUT });
    await run(COMMANDS.SetCommandCodeAuditStatus, {
      auth: TPM_RH.OWNER,
      auditAlg: TPM_ALG_ID.SHA256,
      setList: [],
      clearList: [],
    });
    await run(COMMANDS.SetCommandCodeAuditStatus, {
      auth: TPM_RH.OWNER,
      auditAlg: TPM_ALG_ID.NULL,
      setList: [TPM_CC.GetRandom],
      clearList: [],
    });
    const e = await run(COMMANDS.EC_Ephemeral, { curveID: TPM_ECC_CURVE.NIST_P256 });
    expect(e.Q.point).toBeDefined();
    await run(COMMANDS.HierarchyChangeAuth, { authHandle: TPM_RH.OWNER, newAuth: empty });
    await run(COMMANDS.Shutdown, { shutdownType: TPM_SU.CLEAR });
  });
});
