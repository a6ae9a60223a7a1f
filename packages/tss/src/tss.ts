import {
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
  MarshalError,
  marshalCommandParameters,
  type ResponseFrame,
  responseHandleObject,
  type SchemaOf,
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
  authorizeCommand,
  type PendingAuthorization,
  type SessionState,
  type SessionUse,
  verifyResponse,
} from "@tss/session";
import { CommandQueue } from "./command-queue.js";
import { entityName } from "./execute/entity-names.js";
import { NameBook } from "./execute/name-book.js";
import { NAME_TRACKED_CODES, trackNames } from "./execute/name-tracking.js";
import type { PublicArea } from "./execute/object-public.js";
import { responseAuthValues } from "./execute/response-auth-values.js";
import { SessionBook } from "./execute/session-book.js";
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
  readonly signal?: AbortSignal;
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
}

const encoder = new TextEncoder();

/** TPM_RC_YIELDED, TPM_RC_TESTING, TPM_RC_RETRY: the TPM asks for the command again. */
const RETRY_CODES: ReadonlySet<number> = new Set([0x908, 0x90a, 0x922]);
/** How many times such a command is sent again. */
const MAX_RETRIES = 5;

const PASSWORD_SESSIONS: readonly (readonly SessionSpec[])[] = [0, 1, 2, 3].map((n) =>
  Object.freeze(Array.from({ length: n }, () => Object.freeze({ handle: TPM_RS.PW }))),
);

/** The default sessions: an empty-password session for each handle that needs authorization. */
function defaultSessions(authHandles: number): readonly SessionSpec[] {
  return PASSWORD_SESSIONS[authHandles] ?? Array.from({ length: authHandles }, () => ({ handle: TPM_RS.PW }));
}

/** Commands after which sessions or Names need bookkeeping (see afterCommand and trackNames). */
const AFTER_COMMAND_CODES: ReadonlySet<number> = new Set([
  TPM_CC.StartAuthSession,
  TPM_CC.PolicyAuthValue,
  TPM_CC.PolicyPassword,
  TPM_CC.PolicyRestart,
  TPM_CC.FlushContext,
  ...NAME_TRACKED_CODES,
]);

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
  private closed = false;

  constructor(options: TssOptions) {
    this.properties = new Properties(options.properties, options.env);
    setTraceLevel(Number(this.properties.get("TPM_TRACE_LEVEL")));
    this.transport = options.transport;
    this.transportFactory = options.transportFactory;
    this.crypto = options.crypto;
    this.store = options.store ?? new MemoryStore();
    this.maxCommandSize = options.maxCommandSize ?? 4096;
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
   * unmarshals the response. A non-zero response code throws TpmError.
   */
  execute<C extends number>(
    commandCode: C,
    input: CommandInput<SchemaOf<C>>,
    options: ExecuteOptions = {},
  ): Promise<CommandOutput<SchemaOf<C>>> {
    if (this.closed) return Promise.reject(new TssError("CLOSED", "the TSS context is closed"));
    const schema = commandSchema(commandCode);
    if (!schema) {
      return Promise.reject(new TssError("UNSUPPORTED", `no schema for command code 0x${commandCode.toString(16)}`));
    }
    return this.queue.run(() => this.transact(schema, input as never, options)) as never;
  }

  private async connection(): Promise<Transport> {
    if (!this.transport) this.transport = await this.transportFactory!(this.properties);
    return this.transport;
  }

  /** The command pipeline, run inside the queue (and re-entered for internal ReadPublic). */
  private async transact(
    schema: CommandSchema,
    given: Record<string, unknown>,
    options: ExecuteOptions,
  ): Promise<Record<string, unknown>> {
    const specs: readonly SessionSpec[] = options.sessions ?? defaultSessions(schema.authHandles);
    if (specs.length > 3) throw new TssError("BAD_PARAMETER", "at most three sessions per command");
    if (specs.length < schema.authHandles) {
      throw new TssError(
        "BAD_PARAMETER",
        `${schema.name} needs ${schema.authHandles} authorization session(s), ${specs.length} given`,
      );
    }
    const needsCrypto = schema.code === TPM_CC.StartAuthSession || specs.some((s) => s.handle !== TPM_RS.PW);
    if (needsCrypto && !this.crypto) {
      throw new TssError(
        "NO_CRYPTO",
        `${schema.name}: HMAC, policy and encrypting sessions and StartAuthSession need a crypto plugin (@tss/crypto-webcrypto or @tss/crypto-forge)`,
      );
    }
    const crypto = this.crypto;

    let input = given;
    let start: StartAuthSessionPrep | undefined;
    if (schema.code === TPM_CC.StartAuthSession) {
      start = await prepareStartAuthSession(
        crypto!,
        given,
        async (h) => {
          const out = await this.transact(COMMANDS.ReadPublic as CommandSchema, { objectHandle: h }, { sessions: [] });
          return (out.outPublic as { publicArea: PublicArea }).publicArea;
        },
        (h) => this.nameOf(h),
        passwordBytes(options.extra?.bindPassword),
      );
      input = start.input;
    }

    let handles: number[];
    let parameters: Uint8Array;
    try {
      handles = commandHandles(schema, input as never);
      parameters = marshalCommandParameters(schema, input as never);
    } catch (e) {
      throw e instanceof MarshalError ? new TssError("BAD_PARAMETER", e.message, { cause: e }) : e;
    }

    let authorizations: AuthCommand[];
    let pending: PendingAuthorization | undefined;
    if (!needsCrypto || specs.length === 0 || specs.every((s) => s.handle === TPM_RS.PW)) {
      authorizations = specs.map((s) => {
        if (s.handle !== TPM_RS.PW) throw new TssError("BAD_SESSION", `unexpected session 0x${s.handle.toString(16)}`);
        return {
          sessionHandle: TPM_RS.PW,
          nonce: new Uint8Array(0),
          sessionAttributes: s.attributes ?? TPMA_SESSION.continueSession,
          hmac: passwordBytes(s.password),
        };
      });
    } else {
      const names = [];
      for (const h of handles) names.push(await this.nameOf(h));
      const authIndex = schema.handleNames.flatMap((n, i) => (schema.handles[n]!.auth !== null ? [i] : []));
      const uses: SessionUse[] = [];
      for (const [i, s] of specs.entries()) {
        const authorizes = i < authIndex.length;
        const state = s.handle === TPM_RS.PW ? undefined : await this.sessions.get(crypto!, s.handle);
        if (s.handle !== TPM_RS.PW && !state) {
          throw new TssError(
            "BAD_SESSION",
            `session 0x${s.handle.toString(16)} is unknown to this context (not started here, flushed, or ended)`,
          );
        }
        uses.push({
          ...(state ? { state } : {}),
          attributes: s.attributes ?? TPMA_SESSION.continueSession,
          authValue: authorizes ? passwordBytes(s.password) : new Uint8Array(0),
          ...(authorizes ? { entityName: names[authIndex[i]!]! } : {}),
        });
      }
      const authorized = await authorizeCommand(crypto!, {
        commandCode: schema.code,
        names,
        parameters,
        decryptable: schema.decryptable,
        sessions: uses,
      });
      parameters = authorized.parameters;
      authorizations = authorized.authorizations;
      pending = authorized.pending;
    }

    const command = encodeCommand({ code: schema.code, handles, authorizations, parameters });
    if (command.length > this.maxCommandSize) {
      throw new TssError(
        "BAD_PARAMETER",
        `${schema.name}: the command is ${command.length} bytes, more than the TPM's maximum ${this.maxCommandSize}`,
      );
    }
    const frame = await this.sendWithRetry(schema, command, authorizations.length, options);

    if (frame.responseCode !== 0) {
      const d = describeResponseCode(frame.responseCode);
      const err = new TpmError(frame.responseCode, schema.code, `${schema.name}: ${d.text}`, d.location);
      traceError(err.message);
      throw err;
    }

    let responseParameters = frame.parameters;
    let newStates: (SessionState | undefined)[] = [];
    if (pending) {
      const verified = await verifyResponse(crypto!, pending, {
        responseCode: 0,
        parameters: frame.parameters,
        authorizations: frame.authorizations,
        encryptable: schema.encryptable,
        responseAuthValues: responseAuthValues(schema.code, input, specs.length),
      }).catch((e) => {
        traceError(`${schema.name}: ${e instanceof Error ? e.message : String(e)}`);
        throw e;
      });
      responseParameters = verified.parameters;
      newStates = verified.states;
    }

    let out: Record<string, unknown>;
    try {
      const parameters = unmarshalResponseParameters(schema, responseParameters) as Record<string, unknown>;
      out = frame.handles.length ? { ...responseHandleObject(schema, frame.handles), ...parameters } : parameters;
    } catch (e) {
      throw this.malformed(schema, e);
    }

    // The response verified: commit the sessions' new states.
    if (pending) {
      for (const [i, s] of specs.entries()) {
        if (s.handle === TPM_RS.PW) continue;
        const next = newStates[i];
        if (next) await this.sessions.set(crypto!, next);
        else await this.sessions.delete(s.handle);
      }
    }
    if (AFTER_COMMAND_CODES.has(schema.code)) await this.afterCommand(schema, input, out, start);
    return out;
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
        const state = crypto ? await this.sessions.get(crypto, input.policySession) : undefined;
        if (state) await this.sessions.set(crypto!, applyPolicyCommand(state, schema.code));
        break;
      }
      case TPM_CC.FlushContext: {
        const ht = handleType(input.flushHandle);
        if (ht === TPM_HT.HMAC_SESSION || ht === TPM_HT.POLICY_SESSION) await this.sessions.delete(input.flushHandle);
        break;
      }
    }
    await trackNames(schema.code, input, out, this.names, crypto);
  }

  /** The Name of a command handle (reading an object's public area when unknown). */
  private nameOf(handle: number): Promise<Uint8Array> {
    return entityName(handle, this.names, async (h) => {
      const out = await this.transact(COMMANDS.ReadPublic as CommandSchema, { objectHandle: h }, { sessions: [] });
      return out.name as Uint8Array;
    });
  }

  /** Sends a command, retrying TPM_RC_RETRY, TPM_RC_YIELDED and TPM_RC_TESTING a bounded number of times. */
  private async sendWithRetry(schema: CommandSchema, command: Uint8Array, sessions: number, options: ExecuteOptions) {
    const transport = this.transport ?? (await this.connection());
    const locality = options.locality ?? Number(this.properties.get("TPM_TRANSMIT_LOCALITY"));
    for (let attempt = 0; ; attempt++) {
      // Only the header: parameters and authorizations can carry secrets.
      if (traceLevel() >= 2)
        traceFlow(
          `${schema.name}: sending ${command.length} bytes, header ${toHex(command.subarray(0, 10))}, ${sessions} session(s)`,
        );
      const response = await transport.send(command, {
        locality,
        ...(options.signal ? { signal: options.signal } : {}),
      });
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
        await new Promise((r) => setTimeout(r, 5 * 2 ** attempt));
        continue;
      }
      return frame;
    }
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
    await this.queue.run(async () => {
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
    value: function (this: Tss, input: never, options?: ExecuteOptions) {
      return this.execute(schema.code, input, options);
    },
    writable: true,
    configurable: true,
  });
}
