import {
  type AbortSignalLike,
  type AuthCommand,
  COMMANDS,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type CommandSchema,
  type Commands,
  type Crypto,
  commandHandles,
  commandSchema,
  decodeResponse,
  encodeCommand,
  handleType,
  marshalCommandParameters,
  type ResponseFrame,
  responseHandleObject,
  type SchemaOf,
  TPM_CAP,
  TPM_CC,
  TPM_HT,
  TPM_RS,
  TPMA_SESSION,
  TpmError,
  type Transport,
  TssError,
  unmarshalResponseParameters,
} from "@tss/marshal";
import {
  applyPolicyCommand,
  authorizeCommandSteps,
  bindEntityAuthChanged,
  constantTimeEqual,
  handleName,
  isOwnNameHandle,
  type PendingAuthorization,
  runSteps,
  type SessionState,
  type SessionUse,
  type VerifiedResponse,
  verifyResponseSteps,
} from "@tss/session";
import { abortedError, CommandQueue } from "./command-queue.js";
import { checkExecuteArguments, isRecord } from "./execute/check-execute-arguments.js";
import { entityName } from "./execute/entity-names.js";
import { NameBook } from "./execute/name-book.js";
import { NAME_TRACKED_CODES, NV_NAME_CHANGING_CODES, nvNameMayChange, trackNames } from "./execute/name-tracking.js";
import type { PublicArea } from "./execute/object-public.js";
import { responseAuthValues } from "./execute/response-auth-values.js";
import { SessionBook, sessionLostError } from "./execute/session-book.js";
import {
  finishStartAuthSession,
  prepareStartAuthSession,
  type StartAuthSessionPrep,
} from "./execute/start-auth-session.js";
import { type LowerCamel, lowerCamel } from "./lower-camel.js";
import { CONNECTION_PROPERTIES, Properties, type PropertyName } from "./properties.js";
import { describeResponseCode } from "./response-code-text.js";
import { MemoryStore } from "./store/memory-store.js";
import type { TssStore } from "./store/tss-store.js";
import { setTraceLevel, toHex, traceError, traceFlow, traceLevel } from "./trace.js";

/** A session as the seed's 3-tuple: handle, password (or authValue), attributes. */
export interface SessionSpec {
  /** TPM_RS_PW for a password session, else an HMAC or policy session handle. */
  readonly handle: number;
  /** The authorized entity's password: a string (UTF-8) or bytes (may contain zero). */
  readonly password?: string | Uint8Array;
  /** TPMA_SESSION bits; continueSession is what most callers want. */
  readonly attributes?: number;
}

/** Extra parameters some commands need (the seed's EXTRA_PARAMETERS). */
export interface ExtraParameters {
  /** StartAuthSession: the bind entity's password. */
  readonly bindPassword?: string | Uint8Array;
}

/** Per-call options of execute and the typed commands. */
export interface ExecuteOptions {
  /** Up to three sessions; by default an empty-password session for each handle that needs authorization. */
  readonly sessions?: readonly SessionSpec[];
  readonly extra?: ExtraParameters;
  /** Locality for this command (else TPM_TRANSMIT_LOCALITY). */
  readonly locality?: number;
  /**
   * Aborts the call. A command still waiting in the queue leaves it at once,
   * never sent. A command already sent is not taken back: the caller gets
   * ABORTED at once, while the TSS reads the late response, keeps its sessions
   * in step, and flushes any object, sequence or session the command created.
   * Where the simulator's platform port allows, a cancel is signalled too.
   */
  readonly signal?: AbortSignalLike;
}

/** Builds the transport from the properties (openTss), or hands back the injected one. */
export type TransportFactory = (properties: Properties) => Promise<Transport>;

/** What createTss takes. */
export interface TssOptions {
  /** A transport instance; or give `transportFactory` to build one from the properties. */
  readonly transport?: Transport;
  readonly transportFactory?: TransportFactory;
  /** Crypto primitives; without them only password sessions and unauthenticated commands work. */
  readonly crypto?: Crypto;
  /** Where Names, NV public areas and session state live (default: memory). */
  readonly store?: TssStore;
  /** Property values given at creation (the seed's compile-time defaults). */
  readonly properties?: Partial<Record<PropertyName, string>>;
  /**
   * The largest command the TSS sends (TPM_PT_MAX_COMMAND_SIZE; default 4096, the
   * reference implementation's). A longer command is refused before sending: a
   * TPM that reads only part of it would take the rest for the next command.
   */
  readonly maxCommandSize?: number;
  /** Environment variables to read properties from (default: none; openTss passes process.env). */
  readonly env?: Record<string, string | undefined>;
  /**
   * Told when a command succeeded in the TPM but saving what it changed failed
   * (a read-only or full TPM_DATA_DIR) and the command cannot be undone (NV
   * writes, EvictControl, ...): the call still returns the TPM's result. Default:
   * a trace at level 1 and a process warning. (A command that created an object
   * or session instead flushes it and throws STORE.)
   */
  readonly onStoreError?: (error: TssError) => void;
  /**
   * After a lost response of a command that creates a handle (CreatePrimary,
   * Load, StartAuthSession, HashSequenceStart, ...), find and flush what it
   * created, by comparing the TPM's loaded handles before and after (one
   * GetCapability before each such command). Default true. Turn it off when
   * other clients create objects on the same TPM without a resource manager.
   */
  readonly recoverLostHandles?: boolean;
}

const encoder = new TextEncoder();

/** TPM_RC_YIELDED, TPM_RC_TESTING, TPM_RC_RETRY: the TPM asks for the command again. */
const RETRY_CODES: ReadonlySet<number> = new Set([0x908, 0x90a, 0x922]);
/** How many times such a command is sent again. */
const MAX_RETRIES = 5;

const PASSWORD_SESSIONS: readonly (readonly SessionSpec[])[] = [0, 1, 2, 3].map((n) =>
  Object.freeze(Array.from({ length: n }, () => Object.freeze({ handle: TPM_RS.PW }))),
);

const EMPTY = new Uint8Array(0);

/** Per schema, the indexes of its handles that need authorization (computed once). */
const authorizedHandles = new WeakMap<CommandSchema, readonly number[]>();

/** The indexes of a command's handles that need authorization, in order. */
function authorizedHandleIndexes(schema: CommandSchema): readonly number[] {
  let found = authorizedHandles.get(schema);
  if (!found) {
    found = schema.handleNames.flatMap((n, i) => (schema.handles[n]!.auth !== null ? [i] : []));
    authorizedHandles.set(schema, found);
  }
  return found;
}

/** The default sessions: an empty-password session for each handle that needs authorization. */
function defaultSessions(authHandles: number): readonly SessionSpec[] {
  return PASSWORD_SESSIONS[authHandles] ?? Array.from({ length: authHandles }, () => ({ handle: TPM_RS.PW }));
}

/**
 * Commands that may change the Name of NV indexes they do not name: NV_GlobalWriteLock
 * sets WRITELOCKED on every GLOBALLOCK index, and Startup(CLEAR) clears the
 * WRITE_STCLEAR, READ_STCLEAR and global locks. After either is sent, every NV index's
 * recorded Name is re-read once (NV_ReadPublic) before its next use.
 */
const NV_NAMES_CHANGING_CODES: ReadonlySet<number> = new Set([TPM_CC.NV_GlobalWriteLock, TPM_CC.Startup]);

/** Commands after which sessions or Names need bookkeeping (see afterCommand and trackNames). */
const AFTER_COMMAND_CODES: ReadonlySet<number> = new Set([
  TPM_CC.StartAuthSession,
  TPM_CC.PolicyAuthValue,
  TPM_CC.PolicyPassword,
  TPM_CC.PolicyRestart,
  TPM_CC.FlushContext,
  TPM_CC.HierarchyChangeAuth,
  TPM_CC.NV_ChangeAuth,
  TPM_CC.ObjectChangeAuth,
  ...NAME_TRACKED_CODES,
]);

/**
 * Commands that always take the full pipeline (transactWithBookkeeping), whatever
 * their sessions: each has work before sending or after the response beyond
 * sending it (a salt and a handle snapshot, NV Names marked uncertain, Names
 * forgotten or recorded, a session's or handle's state changed, a lost flush put
 * right). Every other command with password sessions only, that creates no
 * handle and has no abort signal, is sent on the plain path (sendPlain).
 */
const BOOKKEEPING_CODES: ReadonlySet<number> = new Set([
  ...AFTER_COMMAND_CODES,
  ...NV_NAMES_CHANGING_CODES,
  ...NV_NAME_CHANGING_CODES,
  TPM_CC.EvictControl,
  TPM_CC.FlushContext,
  TPM_CC.StartAuthSession,
]);

/**
 * TPM_CAP_HANDLES ranges: transient objects and sequences; loaded HMAC and policy
 * sessions. TPM_HT_LOADED_SESSION (0x02) lists every loaded session, policy
 * sessions with their 0x03 handles; a query at 0x03 would list saved
 * (context-saved) sessions instead, which no lost response can create.
 */
const TRANSIENT_RANGE = 0x80000000;
const SESSION_RANGES = [0x02000000] as const;

/** Per-call state shared by execute's abort handling and the pipeline. */
interface CallState {
  readonly signal: AbortSignalLike | undefined;
  /** Set once the command was handed to the transport (it may run in the TPM). */
  sent: boolean;
  /** Set when the simulator's cancel was signalled for this command (cleared when its response is in). */
  cancelled?: Promise<(() => Promise<void>) | undefined>;
}

/** Something left to put right after a lost response: a session to flush, handles to find. */
/** Failures after which the TPM's state is unknown: a recovery step is kept and tried again. */
const UNREACHABLE: ReadonlySet<string> = new Set(["BAD_CONNECTION", "TIMEOUT", "MALFORMED_RESPONSE", "ABORTED"]);

/** True for HMAC and policy session handles. */
function isSessionHandle(handle: number): boolean {
  const ht = handleType(handle);
  return ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION;
}

type Recovery =
  | { readonly kind: "flush"; readonly handle: number }
  | { readonly kind: "handles"; readonly ranges: readonly number[]; readonly before: ReadonlySet<number> };

/** The TPM_CAP_HANDLES ranges where a command's created handle appears. */
function createdRanges(schema: CommandSchema, input: Record<string, any>): readonly number[] {
  if (schema.code === TPM_CC.StartAuthSession) return SESSION_RANGES;
  if (schema.code === TPM_CC.ContextLoad) {
    const ht = handleType((input.context?.savedHandle ?? 0) >>> 0);
    if (ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION) return SESSION_RANGES;
  }
  return [TRANSIENT_RANGE];
}

/** A store failure after a successful command, as a STORE TssError. */
function storeFailure(schema: CommandSchema, e: unknown): TssError {
  if (e instanceof TssError && e.code === "STORE") return e;
  return new TssError("STORE", `${schema.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** The default report of a store failure the caller cannot undo: a level-1 trace and a process warning. */
function defaultStoreErrorReport(error: TssError): void {
  traceError(error.message);
  const p = (globalThis as { process?: { emitWarning?: (w: Error) => void } }).process;
  p?.emitWarning?.(error);
}

/**
 * A failure while marshalling or preparing a command: anything but a TssError or
 * TpmError (a MarshalError, or a TypeError from a value of the wrong shape) is
 * the caller's bad input, BAD_PARAMETER, and nothing is sent.
 */
function parameterError(schema: CommandSchema, e: unknown): unknown {
  if (e instanceof TssError || e instanceof TpmError) return e;
  return new TssError("BAD_PARAMETER", `${schema.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/** BAD_PARAMETER (nothing sent) when fewer sessions are given than the command has handles to authorize. */
function checkSessionCount(schema: CommandSchema, specs: readonly SessionSpec[]): void {
  if (specs.length < schema.authHandles) {
    throw new TssError(
      "BAD_PARAMETER",
      `${schema.name} needs ${schema.authHandles} authorization session(s), ${specs.length} given`,
    );
  }
}

/** The command's handles and marshalled parameter area; bad input is BAD_PARAMETER (see parameterError). */
function marshalParts(
  schema: CommandSchema,
  input: Record<string, unknown>,
): { handles: number[]; parameters: Uint8Array } {
  try {
    return {
      handles: commandHandles(schema, input as never),
      parameters: marshalCommandParameters(schema, input as never),
    };
  } catch (e) {
    throw parameterError(schema, e);
  }
}

/** The TpmError of a response code other than TPM_RC_SUCCESS, traced at level 1. */
function tpmErrorOf(schema: CommandSchema, responseCode: number): TpmError {
  const d = describeResponseCode(responseCode);
  const err = new TpmError(responseCode, schema.code, `${schema.name}: ${d.text}`, d.location);
  traceError(err.message);
  return err;
}

/** The response frame as it is (sendWithRetry's onFrame for a caller that goes on with it). */
const theFrame = (frame: ResponseFrame): ResponseFrame => frame;

/** Password bytes: strings as UTF-8, bytes as given. */
export function passwordBytes(p: string | Uint8Array | undefined): Uint8Array {
  if (p === undefined) return new Uint8Array(0);
  return typeof p === "string" ? encoder.encode(p) : p;
}

/**
 * A TSS context: the seed's TSS_CONTEXT. It connects on first use; calls are
 * queued, never interleaved.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface declares the typed methods installed on the prototype
export class Tss {
  readonly properties: Properties;
  readonly crypto: Crypto | undefined;
  readonly store: TssStore;
  private transport: Transport | undefined;
  private readonly transportFactory: TransportFactory | undefined;
  private readonly queue = new CommandQueue();
  private readonly maxCommandSize: number;
  private readonly names: NameBook;
  private readonly sessions: SessionBook;
  private readonly onStoreError: (error: TssError) => void;
  private readonly recoverLostHandles: boolean;
  /** Salting keys' public areas by handle, with the Name read (see tpmKeyPublic). */
  private readonly saltKeys = new Map<number, { readonly name: Uint8Array; readonly publicArea: PublicArea }>();
  /** What lost responses left to put right, done before the next command. */
  private recoveries: Recovery[] = [];
  /** Set when NV_GlobalWriteLock or Startup was sent: every NV index's Name is uncertain until re-read (see nvNamesReread). */
  private nvLocksChanged = false;
  /** NV indexes whose Name was re-read since the last NV_GlobalWriteLock or Startup. */
  private readonly nvNamesReread = new Set<number>();
  private closed = false;
  /** The last password string a session spec gave, and its UTF-8 octets (see passwordOctets). */
  private lastPassword: string | undefined;
  private lastPasswordOctets: Uint8Array = EMPTY;

  constructor(options: TssOptions) {
    if (!isRecord(options as unknown)) throw new TssError("BAD_PARAMETER", "createTss needs an options object");
    this.properties = new Properties(options.properties, options.env);
    // The trace level is per process (read from the environment once): a context
    // changes it only when its creator asks for a level explicitly.
    if (options.properties?.TPM_TRACE_LEVEL !== undefined) {
      setTraceLevel(Number(this.properties.get("TPM_TRACE_LEVEL")));
    }
    this.transport = options.transport;
    this.transportFactory = options.transportFactory;
    this.crypto = options.crypto;
    this.store = options.store ?? new MemoryStore();
    this.maxCommandSize = options.maxCommandSize ?? 4096;
    this.onStoreError = options.onStoreError ?? defaultStoreErrorReport;
    this.recoverLostHandles = options.recoverLostHandles ?? true;
    this.names = new NameBook(this.store);
    this.sessions = new SessionBook(this.store, () => ({
      encrypt: this.properties.get("TPM_ENCRYPT_SESSIONS") === "1",
      hexKey: this.properties.get("TPM_SESSION_ENCKEY"),
    }));
    if (!this.transport && !this.transportFactory) {
      throw new TssError("BAD_PARAMETER", "createTss needs a transport or a transportFactory");
    }
  }

  /**
   * Executes any TPM command: marshals `input` by the command's schema, adds the
   * sessions (HMAC, encryption, nonces: all hidden), sends it, checks and
   * unmarshals the response. A non-zero response code throws TpmError; every
   * other failure is a TssError (bad arguments are BAD_PARAMETER, nothing sent).
   */
  execute<C extends number>(
    commandCode: C,
    input: CommandInput<SchemaOf<C>>,
    options: ExecuteOptions = {},
  ): Promise<CommandOutput<SchemaOf<C>>> {
    if (this.closed) return Promise.reject(new TssError("CLOSED", "the TSS context is closed"));
    try {
      checkExecuteArguments(commandCode, input, options);
    } catch (e) {
      return Promise.reject(e);
    }
    const schema = commandSchema(commandCode);
    if (!schema) {
      return Promise.reject(new TssError("UNSUPPORTED", `no schema for command code 0x${commandCode.toString(16)}`));
    }
    return this.executeSchema(schema, input as never, options) as never;
  }

  /** execute with the schema known (the typed methods): queued, with the caller's signal. */
  private executeSchema(
    schema: CommandSchema,
    input: Record<string, unknown>,
    options: ExecuteOptions,
  ): Promise<Record<string, unknown>> {
    const signal = options.signal;
    if (!signal) {
      return this.queue.run(() => this.job(schema, input, options, { signal: undefined, sent: false }));
    }
    if (signal.aborted) return Promise.reject(abortedError(signal, schema.name));
    const call: CallState = { signal, sent: false };
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(abortedError(signal, schema.name));
        if (call.sent) call.cancelled = this.signalCancel();
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.queue
        .run(() => this.job(schema, input, options, call), signal)
        .then(
          (out) => {
            signal.removeEventListener("abort", onAbort);
            resolve(out);
          },
          (e) => {
            signal.removeEventListener("abort", onAbort);
            reject(e);
          },
        );
    });
  }

  /** One queued command: first what earlier lost responses left to put right. */
  private job(
    schema: CommandSchema,
    input: Record<string, unknown>,
    options: ExecuteOptions,
    call: CallState,
  ): Promise<Record<string, unknown>> {
    if (this.recoveries.length === 0) return this.transact(schema, input, options, call);
    // Nothing new is sent before what lost responses left is put right: a new
    // handle could otherwise take the slot of one the TSS still has to flush.
    return this.recover().then((unreachable) => {
      if (unreachable) throw unreachable;
      return this.transact(schema, input, options, call);
    });
  }

  /**
   * passwordBytes for the per-command path: the same password string as the last
   * one is not encoded again. The octets are only read (copied into the command
   * or the session's HMAC key), never handed to the caller; close() forgets them.
   */
  private passwordOctets(p: string | Uint8Array | undefined): Uint8Array {
    if (typeof p !== "string") return passwordBytes(p);
    if (p !== this.lastPassword) {
      this.lastPasswordOctets = passwordBytes(p);
      this.lastPassword = p;
    }
    return this.lastPasswordOctets;
  }

  private async connection(): Promise<Transport> {
    if (!this.transport) this.transport = await this.transportFactory!(this.properties);
    return this.transport;
  }

  /**
   * The command pipeline, run inside the queue (and re-entered for internal
   * ReadPublic and GetCapability): a command with nothing to keep track of goes
   * the plain path, every other one the full pipeline.
   */
  private transact(
    schema: CommandSchema,
    given: Record<string, unknown>,
    options: ExecuteOptions,
    call?: CallState,
  ): Promise<Record<string, unknown>> {
    const specs: readonly SessionSpec[] = options.sessions ?? defaultSessions(schema.authHandles);
    let passwordOnly = true;
    for (const s of specs) if (s.handle !== TPM_RS.PW) passwordOnly = false;
    if (
      !passwordOnly ||
      BOOKKEEPING_CODES.has(schema.code) ||
      schema.responseHandleNames.length > 0 ||
      call?.signal !== undefined
    ) {
      return this.transactWithBookkeeping(schema, given, specs, passwordOnly, options, call);
    }
    try {
      return this.sendPlain(schema, given, specs, options, call);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * The plain path: a command with password sessions only, that creates no handle,
   * changes no Name or session and has no abort signal. A lost response loses
   * nothing here (no session, no handle, no Name), so the command is marshalled,
   * sent and its response unmarshalled on one promise chain, without the full
   * pipeline's async frames: this is the path of most commands (GetRandom,
   * PCR_Read, NV_Read and Sign with a password, ...). Throws synchronously on bad
   * input (transact turns it into a rejection).
   */
  private sendPlain(
    schema: CommandSchema,
    input: Record<string, unknown>,
    specs: readonly SessionSpec[],
    options: ExecuteOptions,
    call: CallState | undefined,
  ): Promise<Record<string, unknown>> {
    checkSessionCount(schema, specs);
    const { handles, parameters } = marshalParts(schema, input);
    const authorizations = this.passwordAuthorizations(specs);
    const command = this.encodeChecked(schema, handles, authorizations, parameters);
    if (call) call.sent = true;
    return this.sendWithRetry(schema, command, authorizations.length, options, (frame) => {
      if (frame.responseCode !== 0) throw tpmErrorOf(schema, frame.responseCode);
      return this.responseOutput(schema, frame, frame.parameters);
    });
  }

  /** TPMS_AUTH_COMMAND of password sessions (TPM_RS_PW, as transact found them all to be), the password in clear. */
  private passwordAuthorizations(specs: readonly SessionSpec[]): AuthCommand[] {
    return specs.map((s) => ({
      sessionHandle: TPM_RS.PW,
      nonce: EMPTY,
      sessionAttributes: s.attributes ?? TPMA_SESSION.continueSession,
      hmac: this.passwordOctets(s.password),
    }));
  }

  /** The command's bytes, refused (BAD_PARAMETER, nothing sent) when longer than the TPM takes. */
  private encodeChecked(
    schema: CommandSchema,
    handles: number[],
    authorizations: AuthCommand[],
    parameters: Uint8Array,
  ): Uint8Array {
    const command = encodeCommand({ code: schema.code, handles, authorizations, parameters });
    if (command.length > this.maxCommandSize) {
      throw new TssError(
        "BAD_PARAMETER",
        `${schema.name}: the command is ${command.length} bytes, more than the TPM's maximum ${this.maxCommandSize}`,
      );
    }
    return command;
  }

  /** The response's handles and parameters (in clear) as the command's output, or MALFORMED_RESPONSE. */
  private responseOutput(
    schema: CommandSchema,
    frame: ResponseFrame,
    responseParameters: Uint8Array,
  ): Record<string, unknown> {
    try {
      const parameters = unmarshalResponseParameters(schema, responseParameters) as Record<string, unknown>;
      return frame.handles.length ? { ...responseHandleObject(schema, frame.handles), ...parameters } : parameters;
    } catch (e) {
      throw this.malformed(schema, e);
    }
  }

  /**
   * The full pipeline: sessions, salts, snapshots, Names and what a lost response
   * leaves. `specs` are the command's sessions and `passwordOnly` whether all are
   * TPM_RS_PW (transact works both out).
   */
  private async transactWithBookkeeping(
    schema: CommandSchema,
    given: Record<string, unknown>,
    specs: readonly SessionSpec[],
    passwordOnly: boolean,
    options: ExecuteOptions,
    call?: CallState,
  ): Promise<Record<string, unknown>> {
    // A lost session the TSS already flushed: flushing its handle again could end a
    // new session the TPM has since put in the same slot. It is gone; say so.
    if (
      schema.code === TPM_CC.FlushContext &&
      call !== undefined &&
      this.sessions.isLost(given.flushHandle as number) &&
      !this.recoveries.some((r) => r.kind === "flush" && r.handle === given.flushHandle)
    ) {
      await this.sessions.delete(given.flushHandle as number);
      return {};
    }
    checkSessionCount(schema, specs);
    const needsCrypto = schema.code === TPM_CC.StartAuthSession || !passwordOnly;
    if (needsCrypto && !this.crypto) {
      throw new TssError(
        "NO_CRYPTO",
        `${schema.name}: HMAC, policy and encrypting sessions and StartAuthSession need a crypto plugin: npm install @tss/crypto-node (Node), @tss/crypto-webcrypto or @tss/crypto-forge`,
      );
    }
    const crypto = this.crypto;

    let input = given;
    let start: StartAuthSessionPrep | undefined;
    // The loaded sessions before a StartAuthSession (see exchange), taken while the salt is made.
    let snapshot: Promise<Set<number>> | undefined;
    if (schema.code === TPM_CC.StartAuthSession) {
      // (With sessions of its own, the StartAuthSession takes it in exchange, after their locks.)
      const ranges = passwordOnly ? this.snapshotRanges(schema, given, call) : undefined;
      const takeSnapshot = ranges
        ? () => {
            snapshot = this.loadedHandles(ranges);
            // Observed below, whatever happens to the salt.
            snapshot.catch(() => undefined);
          }
        : undefined;
      try {
        start = await prepareStartAuthSession(
          crypto!,
          given,
          (h) => this.tpmKeyPublic(h),
          (h) => this.nameOf(h),
          passwordBytes(options.extra?.bindPassword),
          takeSnapshot,
        );
      } catch (e) {
        // One command at a time: the snapshot's exchange ends before this job does.
        if (snapshot) await snapshot.catch(() => undefined);
        throw parameterError(schema, e);
      }
      input = start.input;
    }
    // No snapshot, no send (a TPM that cannot be reached now fails the start here).
    const before = snapshot ? await snapshot : undefined;

    const { handles, parameters } = marshalParts(schema, input);

    if (passwordOnly) {
      const authorizations = this.passwordAuthorizations(specs);
      // `return await`: an async function returning a promise costs two more ticks.
      return await this.exchange(
        schema,
        input,
        handles,
        authorizations,
        parameters,
        specs,
        options,
        call,
        start,
        undefined,
        before,
      );
    }

    // HMAC and policy sessions: each session's state is read (under its store lock
    // when the store is shared by processes) and written back after the response.
    const locked: number[] = [];
    for (const s of specs) if (s.handle !== TPM_RS.PW && !locked.includes(s.handle)) locked.push(s.handle);
    if (locked.length > 1) locked.sort((a, b) => a - b);
    const releases: (() => Promise<void>)[] = [];
    try {
      for (const h of locked) {
        if (this.sessions.isLost(h)) throw sessionLostError(h);
        // A memory store has no locks: no await per session.
        if (this.sessions.shared) releases.push(await this.sessions.lock(h));
      }
      const names = [];
      for (const h of handles) names.push(this.knownNameOf(h) ?? (await this.nameOf(h)));
      const authIndex = authorizedHandleIndexes(schema);
      const uses: SessionUse[] = [];
      for (let i = 0; i < specs.length; i++) {
        const s = specs[i]!;
        const authorizes = i < authIndex.length;
        const state =
          s.handle === TPM_RS.PW
            ? undefined
            : (this.sessions.inMemory(s.handle) ?? (await this.sessions.get(crypto!, s.handle)));
        if (s.handle !== TPM_RS.PW && !state) {
          throw new TssError(
            "BAD_SESSION",
            `session 0x${s.handle.toString(16)} is unknown to this context (not started here, flushed, or ended)`,
          );
        }
        const use: { state?: SessionState; attributes: number; authValue: Uint8Array; entityName?: Uint8Array } = {
          attributes: s.attributes ?? TPMA_SESSION.continueSession,
          authValue: authorizes ? this.passwordOctets(s.password) : EMPTY,
        };
        if (state) use.state = state;
        if (authorizes) use.entityName = names[authIndex[i]!]!;
        uses.push(use);
      }
      // With a synchronous crypto facet the session work is done at once: no promise per step.
      const authorizing = runSteps(
        authorizeCommandSteps(crypto!, {
          commandCode: schema.code,
          names,
          parameters,
          decryptable: schema.decryptable,
          sessions: uses,
        }),
      );
      const authorized = authorizing instanceof Promise ? await authorizing : authorizing;
      return await this.exchange(
        schema,
        input,
        handles,
        authorized.authorizations,
        authorized.parameters,
        specs,
        options,
        call,
        start,
        authorized.pending,
        before,
      );
    } finally {
      for (const release of releases) await release();
    }
  }

  /**
   * Sends the command and processes its response. When the response is lost or
   * does not verify, the sessions it used are lost and what it may have created
   * is found and flushed; when saving its effects fails, see onStoreError.
   */
  private async exchange(
    schema: CommandSchema,
    input: Record<string, unknown>,
    handles: number[],
    authorizations: AuthCommand[],
    parameters: Uint8Array,
    specs: readonly SessionSpec[],
    options: ExecuteOptions,
    call: CallState | undefined,
    start: StartAuthSessionPrep | undefined,
    pending?: PendingAuthorization,
    snapshot?: Set<number>,
  ): Promise<Record<string, unknown>> {
    const crypto = this.crypto;
    const command = this.encodeChecked(schema, handles, authorizations, parameters);
    if (call?.signal?.aborted) throw abortedError(call.signal, schema.name);

    if (NV_NAMES_CHANGING_CODES.has(schema.code)) {
      // Sent, it may have run whatever its response says: every NV Name is uncertain from here.
      this.nvLocksChanged = true;
      this.nvNamesReread.clear();
      // And for other contexts on the store (other processes on TPM_DATA_DIR).
      await this.names.markAllNvUncertain().catch((e) => this.onStoreError(storeFailure(schema, e)));
    }
    if (
      this.store.persistent &&
      NV_NAME_CHANGING_CODES.has(schema.code) &&
      typeof input.nvIndex === "number" &&
      (await nvNameMayChange(schema.code, input.nvIndex, this.names).catch(() => true))
    ) {
      // Should this process end before the response is in (killed), other processes re-read the Name.
      await this.names.markNvUncertainInStore(input.nvIndex).catch((e) => this.onStoreError(storeFailure(schema, e)));
    }
    if (schema.code === TPM_CC.EvictControl && typeof input.persistentHandle === "number") {
      // Lost response or killed process alike: the handle's recorded Name may be wrong from
      // here (success records it again); its next use reads it (ReadPublic) or finds it gone.
      await this.names.forget(input.persistentHandle).catch((e) => this.onStoreError(storeFailure(schema, e)));
    }
    const creates = schema.responseHandleNames.length > 0;
    const ranges = this.snapshotRanges(schema, input, call);
    // No snapshot, no send: without it, a handle the lost response would have named could not be found.
    const before = ranges ? (snapshot ?? (await this.loadedHandles(ranges))) : undefined;
    if (ranges && call?.signal?.aborted) throw abortedError(call.signal, schema.name);
    const onLost = async (e: unknown): Promise<never> => {
      await this.namesUncertainAfterLoss(schema, input);
      await this.afterLostResponse(
        schema,
        specs,
        ranges && before
          ? { kind: "handles", ranges, before }
          : schema.code === TPM_CC.FlushContext && call !== undefined
            ? // The flush may or may not have run: flushing again before anything else is harmless.
              { kind: "flush", handle: input.flushHandle as number }
            : undefined,
        // A TPM that did not answer in time is likely still unreachable: put
        // things right before the next command instead of making the caller wait.
        !(e instanceof TssError && e.code === "TIMEOUT"),
      );
      throw e;
    };

    let frame: ResponseFrame;
    try {
      if (call) call.sent = true;
      frame = await this.sendWithRetry(schema, command, authorizations.length, options, theFrame);
    } catch (e) {
      return onLost(e);
    } finally {
      // A cancel signalled while this command ran is cleared now that it is over.
      if (call?.cancelled) await (await call.cancelled)?.();
    }

    if (frame.responseCode !== 0) throw tpmErrorOf(schema, frame.responseCode);

    let responseParameters = frame.parameters;
    let newStates: (SessionState | undefined)[] = [];
    let out: Record<string, unknown>;
    try {
      if (pending) {
        let verified: VerifiedResponse;
        try {
          const verifying = runSteps(
            verifyResponseSteps(crypto!, pending, {
              responseCode: 0,
              parameters: frame.parameters,
              authorizations: frame.authorizations,
              encryptable: schema.encryptable,
              responseAuthValues: responseAuthValues(schema.code, input, specs.length),
            }),
          );
          verified = verifying instanceof Promise ? await verifying : verifying;
        } catch (e) {
          traceError(`${schema.name}: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
        responseParameters = verified.parameters;
        newStates = verified.states;
      }
      out = this.responseOutput(schema, frame, responseParameters);
    } catch (e) {
      return onLost(e);
    }

    // The response verified: commit the sessions' new states, then the bookkeeping.
    let storeError: TssError | undefined;
    if (pending) {
      for (let i = 0; i < specs.length; i++) {
        const s = specs[i]!;
        if (s.handle === TPM_RS.PW) continue;
        const next = newStates[i];
        try {
          if (next) {
            // A memory store records it at once: no await per session and command.
            const saving = this.sessions.set(crypto!, next);
            if (saving) await saving;
          } else await this.sessions.delete(s.handle);
        } catch (e) {
          // Other processes would read a stale state: the session is lost to all.
          storeError ??= storeFailure(schema, e);
          await this.sessions.markLost(s.handle);
          if (next) this.recoveries.push({ kind: "flush", handle: s.handle });
        }
      }
    }
    if (AFTER_COMMAND_CODES.has(schema.code)) {
      try {
        await this.afterCommand(schema, input, out, start);
      } catch (e) {
        if (!(e instanceof TssError) || e.code !== "STORE") throw e;
        storeError ??= e;
      }
    }
    if (creates) {
      const created = frame.handles[0]!;
      if (storeError) {
        await this.flushQuietly(created);
        await this.forgetHandle(created);
        throw new TssError(
          "STORE",
          `${schema.name} succeeded, but its state could not be saved (${storeError.message}); handle 0x${created.toString(16)} was flushed`,
          { cause: storeError },
        );
      }
      if (call?.signal?.aborted) {
        // The caller stopped waiting and will never see this handle.
        await this.flushQuietly(created);
        await this.forgetHandle(created);
        traceFlow(`${schema.name}: aborted in flight; flushed 0x${created.toString(16)}`);
      }
    } else if (storeError) {
      this.onStoreError(storeError);
    }
    if (this.recoveries.length) await this.recover();
    return out;
  }

  /**
   * A lost or unverified response of a command that may have changed an NV index's
   * Name: the Name is marked uncertain (re-read with NV_ReadPublic before next use, by
   * this context or any other on the store). (EvictControl's persistent handle was
   * forgotten before sending.) A store failure here is reported (onStoreError): this
   * context still re-reads.
   */
  private async namesUncertainAfterLoss(schema: CommandSchema, input: Record<string, unknown>): Promise<void> {
    if (!NV_NAME_CHANGING_CODES.has(schema.code) || typeof input.nvIndex !== "number") return;
    await this.names.markNvUncertain(input.nvIndex).catch((e) => this.onStoreError(storeFailure(schema, e)));
  }

  /** A lost or unverified response: the sessions used are lost; created handles are found and flushed. */
  private async afterLostResponse(
    schema: CommandSchema,
    specs: readonly SessionSpec[],
    created: Recovery | undefined,
    now: boolean,
  ) {
    for (const s of specs) {
      if (s.handle === TPM_RS.PW) continue;
      traceError(`${schema.name}: response lost; session 0x${s.handle.toString(16)} is lost`);
      await this.sessions.markLost(s.handle);
      this.recoveries.push({ kind: "flush", handle: s.handle });
    }
    if (created) this.recoveries.push(created);
    if (now && this.recoveries.length) await this.recover();
  }

  /**
   * Puts right what lost responses left: flushes lost sessions and the handles
   * that appeared in the TPM without a response. A step that cannot reach the
   * TPM now is kept for the next command (or close).
   */
  private async recover(): Promise<TssError | undefined> {
    const todo = this.recoveries;
    this.recoveries = [];
    for (const [i, r] of todo.entries()) {
      try {
        if (r.kind === "flush" && !isSessionHandle(r.handle)) {
          // A transient object whose FlushContext response was lost.
          await this.transact(COMMANDS.FlushContext as CommandSchema, { flushHandle: r.handle }, {}).catch((e) => {
            if (!(e instanceof TpmError)) throw e;
          });
          await this.forgetHandle(r.handle);
          continue;
        }
        if (r.kind === "flush") {
          await this.transact(COMMANDS.FlushContext as CommandSchema, { flushHandle: r.handle }, {}).catch((e) => {
            if (!(e instanceof TpmError)) throw e; // a TPM error: the handle is gone already
          });
          // Flushed, but still refused by name: the caller's handle stays SESSION_LOST.
          await this.sessions.markLost(r.handle);
        } else {
          const now = await this.loadedHandles(r.ranges);
          for (const h of now) {
            if (r.before.has(h) || (await this.isKnownHandle(h))) continue;
            traceError(`a lost response left handle 0x${h.toString(16)} loaded: flushing it`);
            await this.flushQuietly(h);
          }
        }
      } catch (e) {
        if (e instanceof TssError && UNREACHABLE.has(e.code)) {
          // The TPM cannot be reached now: keep this and the rest for later.
          this.recoveries.push(...todo.slice(i));
          return new TssError(
            e.code,
            `the TPM could not be reached to put right what a lost response left: ${e.message}`,
            {
              cause: e,
            },
          );
        }
        traceError(`recovery after a lost response failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return undefined;
  }

  /**
   * True when someone holds the handle: a live session state (not a lost one's
   * marker, which a new session in the same slot must not hide), or a recorded Name.
   */
  private async isKnownHandle(handle: number): Promise<boolean> {
    const ht = handleType(handle);
    if (ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION) return this.sessions.isHeld(handle);
    return (await this.names.name(handle).catch(() => undefined)) !== undefined;
  }

  /**
   * The TPM_CAP_HANDLES ranges of the snapshot taken before a command that creates
   * a handle (see exchange); undefined when none is taken: the command creates
   * none, recovery is off, or the TSS sends it for itself (no call).
   */
  private snapshotRanges(
    schema: CommandSchema,
    input: Record<string, unknown>,
    call: CallState | undefined,
  ): readonly number[] | undefined {
    if (schema.responseHandleNames.length === 0 || !this.recoverLostHandles || call === undefined) return undefined;
    return createdRanges(schema, input);
  }

  /** The handles loaded in the TPM in the given TPM_CAP_HANDLES ranges. */
  private async loadedHandles(ranges: readonly number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (const range of ranges) {
      let property = range;
      for (;;) {
        const out = await this.transact(
          COMMANDS.GetCapability as CommandSchema,
          { capability: TPM_CAP.HANDLES, property, propertyCount: 64 },
          {},
        );
        const list = ((out.capabilityData as { data: { handles?: number[] } }).data.handles ?? []) as number[];
        // The loaded-session range lists loaded policy sessions with their 0x03 handles.
        const inRange = (h: number) => h >>> 24 === range >>> 24 || (isSessionHandle(range) && isSessionHandle(h));
        for (const h of list) if (inRange(h)) found.add(h);
        const last = list[list.length - 1];
        if (!out.moreData || last === undefined || !inRange(last)) break;
        property = last + 1;
      }
    }
    return found;
  }

  /** Flushes a handle, ignoring failures (it may be gone already). */
  private async flushQuietly(handle: number): Promise<void> {
    await this.transact(COMMANDS.FlushContext as CommandSchema, { flushHandle: handle }, {}).catch(() => undefined);
  }

  /** Forgets what the TSS recorded of a flushed handle. */
  private async forgetHandle(handle: number): Promise<void> {
    const ht = handleType(handle);
    if (ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION) {
      await this.sessions.delete(handle).catch(() => undefined);
    } else {
      await this.names.forget(handle).catch(() => undefined);
    }
  }

  /**
   * Signals the simulator's cancel for the command in flight, where the platform
   * port has one. Resolves with what clears it again (MS simulator: CANCEL_OFF)
   * once the late response is in; never rejects.
   */
  private async signalCancel(): Promise<(() => Promise<void>) | undefined> {
    const platform = this.transport?.platform;
    if (!platform?.cancel) return undefined;
    try {
      await platform.cancel();
      traceFlow("signalled the simulator's cancel for the command in flight");
    } catch {
      return undefined;
    }
    const cancelOff = platform.cancelOff?.bind(platform);
    return cancelOff ? () => cancelOff().catch(() => undefined) : undefined;
  }

  /** Session and Name bookkeeping after a successful command. */
  private async afterCommand(
    schema: CommandSchema,
    input: Record<string, any>,
    out: Record<string, any>,
    start?: StartAuthSessionPrep,
  ) {
    const crypto = this.crypto;
    switch (schema.code) {
      case TPM_CC.StartAuthSession:
        await this.sessions.set(crypto!, await finishStartAuthSession(crypto!, start!, out));
        break;
      case TPM_CC.PolicyAuthValue:
      case TPM_CC.PolicyPassword:
      case TPM_CC.PolicyRestart: {
        const release = await this.sessions.lock(input.policySession);
        try {
          const state = crypto ? await this.sessions.get(crypto, input.policySession) : undefined;
          if (state) await this.sessions.set(crypto!, applyPolicyCommand(state, schema.code));
        } finally {
          await release();
        }
        break;
      }
      case TPM_CC.FlushContext: {
        const ht = handleType(input.flushHandle);
        if (ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION) await this.sessions.delete(input.flushHandle);
        break;
      }
      case TPM_CC.HierarchyChangeAuth:
      case TPM_CC.NV_ChangeAuth:
      case TPM_CC.ObjectChangeAuth: {
        if (crypto) await this.bindEntityAuthChanged(schema.code, input);
        break;
      }
    }
    await trackNames(schema.code, input, out, this.names, crypto);
  }

  /**
   * An entity's authValue changed: sessions bound to it are no longer bound in
   * the TPM's eyes (hierarchies and NV indexes), or only with the old authValue
   * (objects: ObjectChangeAuth makes a new private, the loaded object keeps its).
   */
  private async bindEntityAuthChanged(code: number, input: Record<string, any>): Promise<void> {
    const crypto = this.crypto!;
    const entity =
      code === TPM_CC.HierarchyChangeAuth
        ? input.authHandle
        : code === TPM_CC.NV_ChangeAuth
          ? input.nvIndex
          : input.objectHandle;
    const name = await this.nameOf(entity).catch(() => undefined);
    if (!name) return;
    for (const h of await this.sessions.handles()) {
      const release = await this.sessions.lock(h);
      try {
        const state = await this.sessions.get(crypto, h).catch(() => undefined);
        if (!state?.bindName || !constantTimeEqual(state.bindName, name)) continue;
        const kind = code === TPM_CC.ObjectChangeAuth ? "object" : "hierarchy-or-nv";
        await this.sessions.set(crypto, bindEntityAuthChanged(state, kind));
      } finally {
        await release();
      }
    }
  }

  /**
   * The public area of a salting key (StartAuthSession's tpmKey): read with
   * ReadPublic once, then reused while the Name the context records for the
   * handle is still the one read (a flushed and replaced object has another
   * Name, or none recorded, and is read again).
   */
  private async tpmKeyPublic(handle: number): Promise<PublicArea> {
    const kept = this.saltKeys.get(handle);
    if (kept) {
      const recorded = await this.names.name(handle).catch(() => undefined);
      if (recorded && constantTimeEqual(recorded, kept.name)) return kept.publicArea;
      this.saltKeys.delete(handle);
    }
    const out = await this.transact(COMMANDS.ReadPublic as CommandSchema, { objectHandle: handle }, { sessions: [] });
    const publicArea = (out.outPublic as { publicArea: PublicArea }).publicArea;
    if (this.saltKeys.size >= 16) this.saltKeys.delete(this.saltKeys.keys().next().value as number);
    this.saltKeys.set(handle, { name: out.name as Uint8Array, publicArea });
    return publicArea;
  }

  /**
   * The Name of a command handle when it is known without a store or TPM access
   * (a handle that is its own Name, or a Name in memory that nothing made
   * uncertain); undefined: ask nameOf.
   */
  private knownNameOf(handle: number): Uint8Array | undefined {
    if (isOwnNameHandle(handle)) return handleName(handle);
    if (this.nvNameStale(handle)) return undefined;
    return this.names.knownName(handle);
  }

  /** An NV index whose Name NV_GlobalWriteLock or Startup may have changed, not re-read since. */
  private nvNameStale(handle: number): boolean {
    return handle >>> 24 === 0x01 && this.nvLocksChanged && !this.nvNamesReread.has(handle);
  }

  /** The Name of a command handle (reading an object's public area when unknown, an NV index's when a lost response left it uncertain). */
  private async nameOf(handle: number): Promise<Uint8Array> {
    if (this.nvNameStale(handle) || (handle >>> 24 === 0x01 && (await this.names.nvUncertain(handle)))) {
      // NV_ReadPublic needs no authorization; trackNames records the Name it returns (and clears the mark).
      const out = await this.transact(COMMANDS.NV_ReadPublic as CommandSchema, { nvIndex: handle }, { sessions: [] });
      if (this.nvLocksChanged) this.nvNamesReread.add(handle);
      return out.nvName as Uint8Array;
    }
    return entityName(handle, this.names, async (h) => {
      const out = await this.transact(COMMANDS.ReadPublic as CommandSchema, { objectHandle: h }, { sessions: [] });
      return out.name as Uint8Array;
    });
  }

  /**
   * Sends a command, retrying TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING a
   * bounded number of times, and gives the response frame to `onFrame` in the
   * same step (no promise of its own for what the caller does with it).
   */
  private sendWithRetry<T>(
    schema: CommandSchema,
    command: Uint8Array,
    sessions: number,
    options: ExecuteOptions,
    onFrame: (frame: ResponseFrame) => T,
    attempt = 0,
  ): Promise<T> {
    const transport = this.transport;
    if (!transport) {
      return this.connection().then(() => this.sendWithRetry(schema, command, sessions, options, onFrame, attempt));
    }
    const locality = options.locality ?? Number(this.properties.get("TPM_TRANSMIT_LOCALITY"));
    // Only the header: parameters and authorizations can carry secrets.
    if (traceLevel() >= 2)
      traceFlow(
        `${schema.name}: sending ${command.length} bytes, header ${toHex(command.subarray(0, 10))}, ${sessions} session(s)`,
      );
    // The caller's signal is not handed on: a command once sent is seen through
    // (its response read, what it created flushed), so the connection and the
    // sessions stay in step (see ExecuteOptions.signal). No async frame here:
    // this runs for every command.
    return transport.send(command, { locality }).then((response) => {
      if (traceLevel() >= 2)
        traceFlow(`${schema.name}: received ${response.length} bytes, header ${toHex(response.subarray(0, 10))}`);
      let frame: ResponseFrame;
      try {
        frame = decodeResponse(schema, response, sessions);
      } catch (e) {
        throw this.malformed(schema, e);
      }
      if (RETRY_CODES.has(frame.responseCode) && attempt < MAX_RETRIES) {
        traceFlow(`${schema.name}: TPM asked to retry (0x${frame.responseCode.toString(16)}), attempt ${attempt + 1}`);
        return new Promise<void>((r) => setTimeout(r, 5 * 2 ** attempt)).then(() =>
          this.sendWithRetry(schema, command, sessions, options, onFrame, attempt + 1),
        );
      }
      return onFrame(frame);
    });
  }

  private malformed(schema: CommandSchema, e: unknown): TssError {
    const err = new TssError(
      "MALFORMED_RESPONSE",
      `${schema.name}: malformed response: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
    traceError(err.message);
    return err;
  }

  /**
   * Sets a property (the seed's TSS_SetProperty). A connection property closes an
   * open connection, even when the value is unchanged. TPM_TRACE_LEVEL is per process.
   */
  async setProperty(name: PropertyName | string, value: string): Promise<void> {
    const n = this.properties.set(name, value);
    if (n === "TPM_TRACE_LEVEL") setTraceLevel(Number(value));
    if (CONNECTION_PROPERTIES.has(n)) {
      await this.queue.run(async () => {
        const t = this.transport;
        if (this.transportFactory) this.transport = undefined;
        await t?.close();
      });
    }
  }

  /**
   * What the TSS knows of a session it started or loaded (nonces, key, flags,
   * audit digest), for inspection; undefined when unknown. Contains secrets.
   */
  sessionState(handle: number): SessionState | undefined {
    return this.sessions.peek(handle);
  }

  /** Closes the connection (the seed's TSS_Delete). Later calls fail with CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lastPassword = undefined;
    this.lastPasswordOctets = EMPTY;
    await this.queue.run(async () => {
      // Best effort: flush what lost responses left loaded before letting go.
      if (this.recoveries.length && this.transport) await this.recover().catch(() => undefined);
      await this.transport?.close();
    });
  }

  /** `await using tss = createTss(...)` closes it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** A typed method for every command, named in lowerCamelCase: `tss.getRandom({ bytesRequested: 8 })`. */
export type TypedCommands = {
  [K in CommandName as LowerCamel<K>]: (
    input: CommandInput<Commands[K]>,
    options?: ExecuteOptions,
  ) => Promise<CommandOutput<Commands[K]>>;
};

// The typed methods are installed on the prototype below, one per schema.
export interface Tss extends TypedCommands {}

for (const [name, schema] of Object.entries(COMMANDS)) {
  Object.defineProperty(Tss.prototype, lowerCamel(name), {
    // execute's checks, without looking the schema up again by its code.
    value: function (this: Tss, input: never, options: ExecuteOptions = {}) {
      // biome-ignore lint/complexity/useLiteralKeys: a bracket access is how TypeScript lets this function, outside the class, reach a private member
      if (this["closed"]) return Promise.reject(new TssError("CLOSED", "the TSS context is closed"));
      try {
        checkExecuteArguments(schema.code, input, options);
      } catch (e) {
        return Promise.reject(e);
      }
      // biome-ignore lint/complexity/useLiteralKeys: as above
      return this["executeSchema"](schema as CommandSchema, input, options);
    },
    writable: true,
    configurable: true,
  });
}
