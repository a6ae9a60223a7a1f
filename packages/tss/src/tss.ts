import {
  type AuthCommand,
  type CommandInput,
  type CommandOutput,
  type CommandSchema,
  type Commands,
  type CommandName,
  COMMANDS,
  type Crypto,
  commandHandles,
  commandSchema,
  decodeResponse,
  encodeCommand,
  MarshalError,
  marshalCommandParameters,
  responseHandleObject,
  type SchemaOf,
  TPM_CC_NAME,
  TPM_RS,
  TPMA_SESSION,
  TpmError,
  type Transport,
  TssError,
  unmarshalResponseParameters,
} from "@tss/marshal";
import { CommandQueue } from "./command-queue.js";
import { type LowerCamel, lowerCamel } from "./lower-camel.js";
import { CONNECTION_PROPERTIES, Properties, type PropertyName } from "./properties.js";
import { describeResponseCode } from "./response-code-text.js";
import { MemoryStore } from "./store/memory-store.js";
import type { TssStore } from "./store/tss-store.js";
import { setTraceLevel, toHex, traceError, traceFlow } from "./trace.js";

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
  /** Up to three sessions; by default one empty-password session where the command needs authorization. */
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
  /** Environment variables to read properties from (default: none; openTss passes process.env). */
  readonly env?: Record<string, string | undefined>;
}

const encoder = new TextEncoder();

/** Password bytes: strings as UTF-8, bytes as given. */
export function passwordBytes(p: string | Uint8Array | undefined): Uint8Array {
  if (p === undefined) return new Uint8Array(0);
  return typeof p === "string" ? encoder.encode(p) : p;
}

/**
 * A TSS context: the seed's TSS_CONTEXT. It connects on first use; calls are
 * queued, never interleaved.
 */
export class Tss {
  readonly properties: Properties;
  readonly crypto: Crypto | undefined;
  readonly store: TssStore;
  private transport: Transport | undefined;
  private readonly transportFactory: TransportFactory | undefined;
  private readonly queue = new CommandQueue();
  private closed = false;

  constructor(options: TssOptions) {
    this.properties = new Properties(options.properties, options.env);
    setTraceLevel(Number(this.properties.get("TPM_TRACE_LEVEL")));
    this.transport = options.transport;
    this.transportFactory = options.transportFactory;
    this.crypto = options.crypto;
    this.store = options.store ?? new MemoryStore();
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
    return this.queue.run(() => this.executeLocked(schema, input as never, options)) as never;
  }

  private async connection(): Promise<Transport> {
    if (!this.transport) this.transport = await this.transportFactory!(this.properties);
    return this.transport;
  }

  private async executeLocked(schema: CommandSchema, input: Record<string, unknown>, options: ExecuteOptions): Promise<unknown> {
    let handles: number[];
    let parameters: Uint8Array;
    try {
      handles = commandHandles(schema, input as never);
      parameters = marshalCommandParameters(schema, input as never);
    } catch (e) {
      throw e instanceof MarshalError ? new TssError("BAD_PARAMETER", e.message, { cause: e }) : e;
    }
    const sessions = options.sessions ?? (schema.authHandles > 0 ? [{ handle: TPM_RS.PW }] : []);
    if (sessions.length > 3) throw new TssError("BAD_PARAMETER", "at most three sessions per command");
    if (sessions.length < schema.authHandles) {
      throw new TssError("BAD_PARAMETER", `${schema.name} needs ${schema.authHandles} authorization session(s), ${sessions.length} given`);
    }
    const authorizations: AuthCommand[] = sessions.map((s) => {
      if (s.handle !== TPM_RS.PW) {
        throw new TssError(this.crypto ? "UNSUPPORTED" : "NO_CRYPTO", `session 0x${s.handle.toString(16)}: HMAC and policy sessions need a crypto plugin`);
      }
      return {
        sessionHandle: TPM_RS.PW,
        nonce: new Uint8Array(0),
        sessionAttributes: s.attributes ?? TPMA_SESSION.continueSession,
        hmac: passwordBytes(s.password),
      };
    });
    const command = encodeCommand({ code: schema.code, handles, authorizations, parameters });
    const transport = await this.connection();
    const locality = options.locality ?? Number(this.properties.get("TPM_TRANSMIT_LOCALITY"));
    traceFlow(`${schema.name}: sending ${command.length} bytes${authorizations.length ? "" : ` ${toHex(command)}`}`);
    const response = await transport.send(command, { locality, signal: options.signal });
    traceFlow(`${schema.name}: received ${response.length} bytes`);
    let frame: ReturnType<typeof decodeResponse>;
    try {
      frame = decodeResponse(schema, response, authorizations.length);
    } catch (e) {
      throw this.malformed(schema, e);
    }
    if (frame.responseCode !== 0) {
      const d = describeResponseCode(frame.responseCode);
      const err = new TpmError(frame.responseCode, schema.code, `${schema.name}: ${d.text}`, d.location);
      traceError(err.message);
      throw err;
    }
    let out: Record<string, unknown>;
    try {
      out = { ...responseHandleObject(schema, frame.handles), ...unmarshalResponseParameters(schema, frame.parameters) };
    } catch (e) {
      throw this.malformed(schema, e);
    }
    return out;
  }

  private malformed(schema: CommandSchema, e: unknown): TssError {
    const err = new TssError("MALFORMED_RESPONSE", `${schema.name}: malformed response: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
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

/** The command name of a code, for messages. */
export function commandName(code: number): string {
  return TPM_CC_NAME.get(code) ?? `0x${code.toString(16)}`;
}
