/**
 * @tss/marshal's command schemas against a real TPM (swtpm, libtpms), through the
 * project's own transport (MssimTransport) and swtpm fixture:
 *
 * 1. every command the TPM reports (TPM_CAP_COMMANDS, read to the end with
 *    moreData) has a schema, and the TPM's TPMA_CC agrees with the schema's
 *    handle count (cHandles) and response handle (rHandle);
 * 2. every command the TPM implements, sent with parameters drawn from its schema
 *    on a fresh copy of a prepared TPM state: the TPM's unmarshaller never finds
 *    the command short, long or missing an authorization (TPM_RC_INSUFFICIENT,
 *    TPM_RC_COMMAND_SIZE, a trailing-bytes TPM_RC_SIZE, TPM_RC_AUTH_MISSING,
 *    TPM_RC_AUTHSIZE), and every success decodes to the last byte.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AuthCommand,
  ByteReader,
  COMMANDS,
  COMMANDS_BY_CODE,
  type Codec,
  type CommandSchema,
  formatRc,
  marshalCommand,
  SampleRng,
  TPM_ALG_ID,
  TPM_CAP,
  TPM_ECC_CURVE,
  TPM_RH,
  TPM_RS,
  TPM_SE,
  TPM_SU,
  TPM2B_NV_PUBLIC,
  unmarshalResponse,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveSwtpm, type Swtpm, startSwtpm } from "../src/swtpm.js";

const empty = new Uint8Array(0);
const rcOf = (resp: Uint8Array) => new DataView(resp.buffer, resp.byteOffset).getUint32(6);
const password = (): AuthCommand => ({ sessionHandle: TPM_RS.PW, nonce: empty, sessionAttributes: 0, hmac: empty });

/** TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING: "send it again". */
const AGAIN = new Set([0x922, 0x908, 0x90a]);

/** Sends a command built from a schema with empty-password sessions; returns the raw response. */
async function send(t: MssimTransport, s: CommandSchema, input: Record<string, unknown>): Promise<Uint8Array> {
  const auths = Array.from({ length: s.authHandles }, password);
  const command = marshalCommand(s, input as never, auths);
  for (let i = 0; ; i++) {
    const resp = await t.send(command);
    if (!AGAIN.has(rcOf(resp)) || i >= 20) return resp;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs a command that must succeed and decodes its response. */
async function run(
  t: MssimTransport,
  s: CommandSchema,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const resp = await send(t, s, input);
  const rc = rcOf(resp);
  if (rc !== 0) throw new Error(`${s.name}: ${formatRc(rc)}`);
  return unmarshalResponse(s, resp, s.authHandles) as Record<string, unknown>;
}

/** TPMA_CC of every command the TPM implements, read with moreData to the end. */
async function commandAttributes(t: MssimTransport): Promise<number[]> {
  const out: number[] = [];
  let property = 0;
  for (;;) {
    const r = await run(t, COMMANDS.GetCapability as CommandSchema, {
      capability: TPM_CAP.COMMANDS,
      property,
      propertyCount: 256,
    });
    const list = (r.capabilityData as { data: { command: number[] } }).data.command;
    out.push(...list);
    if (!r.moreData || list.length === 0) return out;
    const lastIndex = list[list.length - 1]! & 0xffff;
    const lastV = list[list.length - 1]! & 0x20000000;
    property = (lastV | lastIndex) + 1;
  }
}

/** The command code a TPMA_CC describes: commandIndex (15:0), with the vendor bit V (29). */
const codeOf = (a: number) => ((a & 0xffff) | (a & 0x20000000)) >>> 0;

describe.skipIf(!haveSwtpm())("schemas against swtpm's TPM_CAP_COMMANDS", () => {
  let tpm: Swtpm;
  let t: MssimTransport;
  let attributes: number[] = [];

  beforeAll(async () => {
    tpm = await startSwtpm();
    t = new MssimTransport({ host: tpm.host, port: tpm.port });
    attributes = await commandAttributes(t);
  });
  afterAll(async () => {
    await t?.close();
    await tpm?.stop();
  });

  it("reads the whole list (moreData) with no repeats", () => {
    expect(attributes.length).toBeGreaterThan(100);
    const codes = attributes.map(codeOf);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("every command the TPM implements has a schema; TPMA_CC cHandles and rHandle agree with it", () => {
    const missing: string[] = [];
    const disagree: string[] = [];
    for (const a of attributes) {
      const code = codeOf(a);
      const s = COMMANDS_BY_CODE.get(code);
      if (!s) {
        missing.push(`0x${code.toString(16)}`);
        continue;
      }
      const cHandles = (a >>> 25) & 7;
      const rHandle = (a >>> 28) & 1;
      if (s.handleNames.length !== cHandles || s.responseHandleNames.length !== rHandle) {
        disagree.push(
          `${s.name}: TPM cHandles ${cHandles} rHandle ${rHandle}, schema ${s.handleNames.length} and ${s.responseHandleNames.length}`,
        );
      }
    }
    const implemented = new Set(attributes.map(codeOf));
    const notOnSwtpm = Object.values(COMMANDS as Record<string, CommandSchema>)
      .filter((s) => !implemented.has(s.code))
      .map((s) => s.name);
    console.log(
      `swtpm implements ${attributes.length} commands, all checked; ${notOnSwtpm.length} schemas it does not implement: ${notOnSwtpm.join(" ")}`,
    );
    expect(missing).toEqual([]);
    expect(disagree).toEqual([]);
  });
});

// ---- every implemented command through libtpms's unmarshaller ----

const STORAGE_KEY = 0x81000001;
const SIGNING_KEY = 0x81000002;
const FREE_PERSISTENT = 0x81000003;
const NV_INDEX = 0x01500016;
const PCR = 16;

/**
 * Response codes that mean the command's layout, not its values, was wrong:
 * TPM_RC_COMMAND_SIZE, TPM_RC_AUTHSIZE and TPM_RC_AUTH_MISSING always; and
 * TPM_RC_INSUFFICIENT for a parameter the TPM unmarshals field by field (not an
 * opaque TPM2B such as TPM2B_TEMPLATE or TPM2B_ENCRYPTED_SECRET, whose contents
 * the command itself parses later and may find short, nor the unnumbered form,
 * which libtpms also returns from inside ContextLoad).
 */
function framingProblem(s: CommandSchema, rc: number): string | undefined {
  if (rc === 0x142) return "TPM_RC_COMMAND_SIZE";
  if (rc === 0x144) return "TPM_RC_AUTHSIZE";
  if (rc === 0x125) return "TPM_RC_AUTH_MISSING";
  const insufficient = (rc & 0x80) !== 0 && (rc & 0x3f) === 0x1a;
  if (insufficient && (rc & 0x40) !== 0) {
    const n = (rc >>> 8) & 0xf;
    const field = Object.values(s.parameters.fields)[n - 1];
    if (field === undefined || field.kind !== "tpm2b") return formatRc(rc);
  }
  return undefined;
}

const ecc = (sign: boolean) => ({
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  // fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, then restricted|decrypt or sign
  objectAttributes: 0x00000472 | (sign ? 0x00040000 : 0x00030000),
  authPolicy: empty,
  parameters: {
    eccDetail: {
      symmetric: sign
        ? { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} }
        : { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      scheme: sign
        ? { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: TPM_ALG_ID.SHA256 } } }
        : { scheme: TPM_ALG_ID.NULL, details: {} },
      curveID: TPM_ECC_CURVE.NIST_P256,
      kdf: { scheme: TPM_ALG_ID.NULL, details: {} },
    },
  },
  unique: { ecc: { x: empty, y: empty } },
});

/** Prepares a TPM state: two persistent keys, a written NV index. */
async function prepareState(dir: string): Promise<void> {
  const tpm = await startSwtpm({ stateDir: dir });
  const t = new MssimTransport({ host: tpm.host, port: tpm.port });
  try {
    for (const [sign, handle] of [
      [false, STORAGE_KEY],
      [true, SIGNING_KEY],
    ] as const) {
      const p = await run(t, COMMANDS.CreatePrimary as CommandSchema, {
        primaryHandle: TPM_RH.OWNER,
        inSensitive: { sensitive: { userAuth: empty, data: empty } },
        inPublic: { publicArea: ecc(sign) },
        outsideInfo: empty,
        creationPCR: [],
      });
      await run(t, COMMANDS.EvictControl as CommandSchema, {
        auth: TPM_RH.OWNER,
        objectHandle: p.objectHandle,
        persistentHandle: handle,
      });
      await run(t, COMMANDS.FlushContext as CommandSchema, { flushHandle: p.objectHandle });
    }
    const publicInfo = TPM2B_NV_PUBLIC.read(
      new ByteReader(Uint8Array.from([0, 14, 1, 0x50, 0, 0x16, 0, 0x0b, 0, 6, 0, 6, 0, 0, 0, 32])),
      "nv",
    );
    await run(t, COMMANDS.NV_DefineSpace as CommandSchema, { authHandle: TPM_RH.OWNER, auth: empty, publicInfo });
    await run(t, COMMANDS.NV_Write as CommandSchema, {
      authHandle: NV_INDEX,
      nvIndex: NV_INDEX,
      data: new Uint8Array(32),
      offset: 0,
    });
    await run(t, COMMANDS.Shutdown as CommandSchema, { shutdownType: TPM_SU.CLEAR });
  } finally {
    await t.close();
    await tpm.stop();
  }
}

/** Starts a session of a type (TPM_SE), unsalted and unbound. */
async function startSession(t: MssimTransport, sessionType: number): Promise<number> {
  const r = await run(t, COMMANDS.StartAuthSession as CommandSchema, {
    tpmKey: TPM_RH.NULL,
    bind: TPM_RH.NULL,
    nonceCaller: new Uint8Array(16).fill(7),
    encryptedSalt: empty,
    sessionType,
    symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} },
    authHash: TPM_ALG_ID.SHA256,
  });
  return r.sessionHandle as number;
}

/** A valid handle of the prepared state for a command handle of this type and name. */
function chooseHandle(codec: Codec<number>, name: string, sessions: { policy: number; hmac: number }): number {
  const allows = (codec as { allows?: (v: number) => boolean }).allows ?? (() => true);
  const preferred = [
    /sign/i.test(name) ? SIGNING_KEY : STORAGE_KEY,
    /persistent/i.test(name) ? FREE_PERSISTENT : STORAGE_KEY,
    NV_INDEX,
    TPM_RH.OWNER,
    TPM_RH.ENDORSEMENT,
    TPM_RH.PLATFORM,
    TPM_RH.LOCKOUT,
    PCR,
    sessions.policy,
    sessions.hmac,
    TPM_RH.NULL,
  ];
  const h = preferred.find((v) => allows(v));
  if (h === undefined) throw new Error(`no handle for ${name} (${codec.typeName})`);
  return h;
}

/** The value with fewest octets a field allows: empty buffers and lists, absent optional structures. */
function small(codec: Codec<unknown>, rng: SampleRng): unknown {
  if (codec.kind === "tpm2b") return empty;
  if (codec.kind === "tpml") return [];
  return codec.sample(rng);
}

interface Outcome {
  name: string;
  attempts: number;
  /** Drawn inputs longer than TPM_PT_MAX_COMMAND_SIZE, not sent. */
  oversize: number;
  success: boolean;
  codes: Set<string>;
  problems: string[];
}

describe.skipIf(!haveSwtpm())("every implemented command through libtpms's unmarshaller", () => {
  const ATTEMPTS = 32;
  let prepared = "";
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    prepared = mkdtempSync(join(tmpdir(), "marshal-swtpm-state-"));
    await prepareState(prepared);
  }, 60_000);
  afterAll(() => {
    if (prepared) rmSync(prepared, { recursive: true, force: true });
  });

  it("never a framing error; every success decodes to the last byte", async () => {
    const probe = await startSwtpm();
    const pt = new MssimTransport({ host: probe.host, port: probe.port });
    const implemented = (await commandAttributes(pt)).map(codeOf);
    // TPM_PT_MAX_COMMAND_SIZE: swtpm reads no more than this, and the rest of a longer
    // command stays in the stream, where it is taken for the next command.
    const props = await run(pt, COMMANDS.GetCapability as CommandSchema, {
      capability: TPM_CAP.TPM_PROPERTIES,
      property: 0x11e,
      propertyCount: 1,
    });
    const maxCommandSize = (props.capabilityData as { data: { tpmProperties: { property: number; value: number }[] } })
      .data.tpmProperties[0]!.value;
    expect(maxCommandSize).toBeGreaterThanOrEqual(1024);
    await pt.close();
    await probe.stop();

    for (const code of implemented) {
      const s = COMMANDS_BY_CODE.get(code);
      if (!s) continue; // reported by the test above
      const dir = mkdtempSync(join(tmpdir(), "marshal-swtpm-run-"));
      cpSync(prepared, dir, { recursive: true });
      const tpm = await startSwtpm({ stateDir: dir });
      const t = new MssimTransport({ host: tpm.host, port: tpm.port, responseTimeoutMs: 20_000 });
      const outcome: Outcome = {
        name: s.name,
        attempts: 0,
        oversize: 0,
        success: false,
        codes: new Set(),
        problems: [],
      };
      try {
        const sessions = { policy: await startSession(t, TPM_SE.POLICY), hmac: await startSession(t, TPM_SE.HMAC) };
        const rng = new SampleRng(code);
        for (let i = 0; i < ATTEMPTS && !outcome.success; i++) {
          const input: Record<string, unknown> = {};
          for (const n of s.handleNames) input[n] = chooseHandle(s.handles[n]!.codec, n, sessions);
          for (const [n, c] of Object.entries(s.parameters.fields))
            input[n] = i % 2 === 0 ? small(c, rng) : c.sample(rng);
          const auths = Array.from({ length: s.authHandles }, password);
          if (marshalCommand(s, input as never, auths).length > maxCommandSize) {
            outcome.oversize++;
            continue;
          }
          outcome.attempts++;
          let resp: Uint8Array;
          try {
            resp = await send(t, s, input);
          } catch (e) {
            const bytes = marshalCommand(s, input as never, Array.from({ length: s.authHandles }, password));
            outcome.problems.push(
              `transport: ${(e as Error).message}; command ${Buffer.from(bytes).toString("hex").slice(0, 300)}`,
            );
            break;
          }
          const rc = rcOf(resp);
          if (rc === 0) {
            outcome.success = true;
            try {
              unmarshalResponse(s, resp, s.authHandles);
            } catch (e) {
              outcome.problems.push(`success did not decode: ${(e as Error).message}`);
            }
          } else {
            outcome.codes.add(formatRc(rc).split(" - ")[0]!);
            const p = framingProblem(s, rc);
            if (p) outcome.problems.push(p);
          }
        }
      } finally {
        await t.close();
        await tpm.stop();
        rmSync(dir, { recursive: true, force: true });
      }
      outcomes.push(outcome);
    }

    const decoded = outcomes.filter((o) => o.success);
    console.log(
      `${outcomes.length} commands sent (${ATTEMPTS} attempts at most each, from a fresh copy of the prepared state); ` +
        `${decoded.length} succeeded and decoded: ${decoded.map((o) => o.name).join(" ")}`,
    );
    for (const o of outcomes.filter((x) => !x.success)) console.log(`  ${o.name}: ${[...o.codes].join(", ")}`);
    expect(outcomes.length).toBeGreaterThan(100);
    expect(outcomes.flatMap((o) => o.problems.map((p) => `${o.name}: ${p}`))).toEqual([]);
    expect(decoded.length).toBeGreaterThan(30);
  }, 600_000);
});
