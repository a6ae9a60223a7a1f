/**
 * A fault-injecting TCP proxy between a client transport and swtpm's command
 * port. It damages RESPONSES only, never commands: commands are forwarded
 * byte for byte as they arrive and only parsed to learn each one's command
 * code; responses are parsed into frames (MS-simulator or raw TPM framing), and
 * a response can be dropped (the connection kept, so the client times out),
 * dropped with the connection closed, delayed, truncated or corrupted; `hold()`
 * freezes every response like a frozen simulator. It stands in for a `Swtpm`
 * (host, port, ctrlPort, stateDir), so the regression matrix builds any
 * transport against it. Node only.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** What can happen to a response. */
export type FaultKind = "drop" | "drop-close" | "delay" | "truncate" | "corrupt";

/** One fault. */
export interface Fault {
  readonly kind: FaultKind;
  /** delay: milliseconds (default 200). */
  readonly ms?: number;
  /**
   * corrupt: offset of the byte to flip in the TPM response (default: a random
   * one after the 10-byte header; a response of the header alone has its last
   * byte, the response code's, flipped).
   */
  readonly offset?: number;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** swtpm's command port (changeable with setTarget). */
  readonly target: { readonly host: string; readonly port: number };
  /** The clients' framing: MS-simulator or raw TPM bytes (raw serves rawsingle too). */
  readonly framing: "mssim" | "raw";
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port to listen on (0, the default: a free one). */
  readonly port?: number;
  /** swtpm's control port, passed through so the proxy can stand in for a Swtpm. */
  readonly ctrlPort?: number;
  /** swtpm's state folder, passed through likewise. */
  readonly stateDir?: string;
  /** Seed of the proxy's PRNG (random faults, truncation lengths, corrupted bytes); default 1. */
  readonly seed?: number;
}

/** Random faults: a share of the responses, of some kinds. */
export interface RandomFaults {
  /** Share of the matching responses that get a fault, 0..1. */
  readonly rate: number;
  /** The kinds, equally likely. */
  readonly kinds: readonly FaultKind[];
  /** Only responses to these command codes (default: all). */
  readonly match?: (commandCode: number) => boolean;
  /**
   * "corrupt" falls only on responses that carry response HMACs (tag
   * TPM_ST_SESSIONS and a non-empty HMAC): a TSS can detect damage there, while
   * a damaged response without sessions (StartAuthSession's nonceTPM, a created
   * handle) cannot be told from a good one by any TSS. Other responses drawn
   * for "corrupt" go through untouched.
   */
  readonly corruptAuthenticatedOnly?: boolean;
}

/** Counts since the proxy started. */
export interface FaultProxyStats {
  /** Client connections accepted. */
  readonly connections: number;
  /** TPM commands seen (MS-sim TPM_SEND_COMMAND, or raw frames). */
  readonly commands: number;
  /** TPM responses forwarded whole (delayed and corrupted ones included). */
  readonly responses: number;
  /** Faults applied, by kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
}

/** A running fault proxy. */
export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly ctrlPort: number;
  readonly stateDir: string;
  /**
   * Queues a one-shot `fault` for the next response whose command code matches
   * (default: any). Queued faults apply in order, each once.
   */
  faultNext(fault: Fault, match?: (commandCode: number) => boolean): void;
  /** Applies a random fault of `kinds` to a `rate` share of matching responses; undefined stops. */
  setRandomFaults(random: RandomFaults | undefined): void;
  /** Stops forwarding responses (a frozen simulator) until release(). */
  hold(): void;
  /** Forwards the responses held back, in order, and the later ones. */
  release(): void;
  /** Sends new connections to another swtpm (a restarted one); open connections keep theirs. */
  setTarget(target: { readonly host: string; readonly port: number }): void;
  /** Drops every connection (the clients see their connection closed). */
  dropConnections(): void;
  /** While true, new client connections are closed at once (a simulator that is down). */
  blockClients(block: boolean): void;
  stats(): FaultProxyStats;
  /** Stops listening and drops every connection; idempotent, never rejects. */
  close(): Promise<void>;
  /** close(), under the name a `Swtpm` has: the proxy can be passed where a Swtpm is taken. */
  stop(): Promise<void>;
}

/** MS-simulator command-port codes (TpmTcpProtocol.h) the proxy frames. */
const MSSIM = {
  TPM_SIGNAL_HASH_DATA: 6,
  TPM_SEND_COMMAND: 8,
  TPM_REMOTE_HANDSHAKE: 15,
  TPM_SET_ALTERNATIVE_RESULT: 16,
  TPM_SESSION_END: 20,
  TPM_STOP: 21,
} as const;
const TPM_ST_SESSIONS = 0x8002;
/** A TPM command or response header: u16 tag, u32 size, u32 code. */
const HEADER = 10;

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Length of the raw TPM frame at the start of `b` (its header's size, at least a header), or undefined while short. */
function rawFrameLength(b: Uint8Array): number | undefined {
  return b.length >= 6 ? Math.max(HEADER, u32(b, 2)) : undefined;
}

/** What a client sent, as far as the response side needs to know. */
type Expected =
  /** A TPM command: a TPM response follows (the only kind faults apply to). */
  | { readonly kind: "tpm"; readonly commandCode: number | undefined }
  /** An MS-simulator signal: an answer of `length` bytes that passes untouched. */
  | { readonly kind: "answer"; readonly length: number }
  /** TPM_SESSION_END or TPM_STOP: no answer; the simulator closes the connection. */
  | { readonly kind: "end" };

/**
 * Parses the client's byte stream into what each request expects back.
 * Returns how many bytes the request at the start of `b` takes and what it
 * expects, or undefined while more bytes are needed.
 */
type RequestParser = (b: Uint8Array) => { readonly length: number; readonly expected: Expected } | undefined;

/** Raw framing: every request is a TPM command. */
const rawRequest: RequestParser = (b) => {
  const length = rawFrameLength(b);
  if (length === undefined) return undefined;
  return { length, expected: { kind: "tpm", commandCode: b.length >= HEADER ? u32(b, 6) : undefined } };
};

/**
 * MS-simulator framing (the command port of TpmTcpProtocol.h): TPM_SEND_COMMAND
 * is {u32 8, u8 locality, u32 size, command}, answered by {u32 size, response,
 * u32 0}; TPM_SIGNAL_HASH_DATA carries {u32 size, data}; TPM_REMOTE_HANDSHAKE
 * and TPM_SET_ALTERNATIVE_RESULT a u32; every other signal is its 4-byte code.
 * Signals are answered by a u32 0 (the handshake by two u32 first), except
 * TPM_SESSION_END and TPM_STOP, after which the simulator closes the
 * connection. (swtpm answers TPM_SEND_COMMAND only.)
 */
const mssimRequest: RequestParser = (b) => {
  if (b.length < 4) return undefined;
  const code = u32(b, 0);
  switch (code) {
    case MSSIM.TPM_SEND_COMMAND: {
      if (b.length < 9) return undefined;
      const size = u32(b, 5);
      return {
        length: 9 + size,
        expected: { kind: "tpm", commandCode: size >= HEADER && b.length >= 9 + HEADER ? u32(b, 15) : undefined },
      };
    }
    case MSSIM.TPM_SIGNAL_HASH_DATA:
      return b.length < 8 ? undefined : { length: 8 + u32(b, 4), expected: { kind: "answer", length: 4 } };
    case MSSIM.TPM_REMOTE_HANDSHAKE:
      return { length: 8, expected: { kind: "answer", length: 12 } };
    case MSSIM.TPM_SET_ALTERNATIVE_RESULT:
      return { length: 8, expected: { kind: "answer", length: 4 } };
    case MSSIM.TPM_SESSION_END:
    case MSSIM.TPM_STOP:
      return { length: 4, expected: { kind: "end" } };
    default:
      return { length: 4, expected: { kind: "answer", length: 4 } };
  }
};

/**
 * Length of the TPM response frame at the start of `b` and where its TPM
 * response lies in it, or undefined while short.
 */
type ResponseFramer = (
  b: Uint8Array,
) => { readonly length: number; readonly offset: number; readonly size: number } | undefined;

const rawResponse: ResponseFramer = (b) => {
  const length = rawFrameLength(b);
  return length === undefined ? undefined : { length, offset: 0, size: length };
};

/** MS-simulator response: u32 size, response, u32 0. */
const mssimResponse: ResponseFramer = (b) => {
  if (b.length < 4) return undefined;
  const size = u32(b, 0);
  return { length: 4 + size + 4, offset: 4, size };
};

/** Commands whose response carries a handle (the one they create). */
const RESPONSE_HANDLE_CODES: ReadonlySet<number> = new Set([
  0x131, // CreatePrimary
  0x157, // Load
  0x167, // LoadExternal
  0x191, // CreateLoaded
  0x161, // ContextLoad
  0x176, // StartAuthSession
  0x15b, // HMAC_Start
  0x186, // HashSequenceStart
  0x107, // MAC_Start
]);

/**
 * Where the part of a TPM response that response HMACs protect begins (the
 * parameter area: handles are not covered), or undefined when the response
 * carries no HMAC at all (no sessions, or password sessions only).
 */
export function authenticatedStart(commandCode: number | undefined, response: Uint8Array): number | undefined {
  if (response.length < HEADER || u32(response, 6) !== 0) return undefined;
  if (((response[0]! << 8) | response[1]!) !== TPM_ST_SESSIONS) return undefined;
  const handles = commandCode !== undefined && RESPONSE_HANDLE_CODES.has(commandCode) ? 1 : 0;
  const sizeAt = HEADER + 4 * handles;
  if (response.length < sizeAt + 4) return undefined;
  let o = sizeAt + 4 + u32(response, sizeAt);
  let hmacs = 0;
  while (o + 2 <= response.length) {
    const nonce = (response[o]! << 8) | response[o + 1]!;
    o += 2 + nonce + 1;
    if (o + 2 > response.length) return undefined;
    const hmac = (response[o]! << 8) | response[o + 1]!;
    o += 2 + hmac;
    if (hmac > 0) hmacs++;
  }
  return hmacs > 0 ? sizeAt : undefined;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts a fault proxy and resolves once it listens. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  if (options.framing !== "mssim" && options.framing !== "raw") {
    throw new Error(`fault proxy framing ${String(options.framing)} is not mssim or raw`);
  }
  let target = { host: options.target.host, port: options.target.port };
  const random = prng(options.seed ?? 1);
  const oneShots: { fault: Fault; match: (cc: number) => boolean }[] = [];
  let randomFaults: RandomFaults | undefined;
  let held = false;
  const heldBack: (() => void)[] = [];
  const counts = { connections: 0, commands: 0, responses: 0 };
  const faults: Record<FaultKind, number> = { drop: 0, "drop-close": 0, delay: 0, truncate: 0, corrupt: 0 };
  /** Every open connection's closer. */
  const connections = new Set<() => void>();
  const parseRequest = options.framing === "raw" ? rawRequest : mssimRequest;
  const frameResponse = options.framing === "raw" ? rawResponse : mssimResponse;

  /** The fault for a response to `cc`: the first matching one-shot, else maybe a random one. */
  const pickFault = (cc: number | undefined, response: Uint8Array): Fault | undefined => {
    const i = oneShots.findIndex((f) => cc !== undefined && f.match(cc));
    if (i >= 0) return oneShots.splice(i, 1)[0]!.fault;
    const r = randomFaults;
    if (!r || r.kinds.length === 0) return undefined;
    if (cc !== undefined && r.match && !r.match(cc)) return undefined;
    if (random() >= r.rate) return undefined;
    const kind = r.kinds[Math.floor(random() * r.kinds.length)]!;
    if (kind === "corrupt" && r.corruptAuthenticatedOnly) {
      const start = authenticatedStart(cc, response);
      if (start === undefined) return undefined;
      return { kind, offset: start + Math.floor(random() * (response.length - start)) };
    }
    return { kind };
  };

  /** Serves one client connection through one upstream connection. */
  const serve = (client: Socket): void => {
    counts.connections++;
    client.setNoDelay(true);
    const upstream = connect({ host: target.host, port: target.port, noDelay: true });
    /** What each request sent upstream expects back, oldest first. */
    const expected: Expected[] = [];
    let closed = false;
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      connections.delete(closeBoth);
      client.destroy();
      upstream.destroy();
    };
    connections.add(closeBoth);
    for (const s of [client, upstream]) {
      s.on("error", closeBoth);
      s.on("close", closeBoth);
    }

    // Responses leave in order: each waits for the one before it (delays and holds included).
    let outgoing: Promise<void> = Promise.resolve();
    const then = (step: () => void | Promise<void>) => {
      outgoing = outgoing.then(step).catch(closeBoth);
    };
    /** TPM_SESSION_END or TPM_STOP at the head: once the answers before it are out, close as the simulator does. */
    const endIfAsked = () => {
      if (expected[0]?.kind !== "end") return;
      expected.length = 0;
      then(() => {
        if (closed) return;
        upstream.end();
        client.end();
        setTimeout(closeBoth, 200).unref();
      });
    };

    let requests: Uint8Array = new Uint8Array(0);
    client.on("data", (chunk: Uint8Array) => {
      if (closed) return;
      // Commands pass untouched and at once; parsing them only records what comes back.
      upstream.write(chunk);
      requests = concat(requests, new Uint8Array(chunk));
      for (;;) {
        const request = parseRequest(requests);
        if (!request || requests.length < request.length) break;
        requests = requests.subarray(request.length);
        if (request.expected.kind === "tpm") counts.commands++;
        expected.push(request.expected);
      }
      endIfAsked();
    });

    let responses: Uint8Array = new Uint8Array(0);
    upstream.on("data", (chunk: Uint8Array) => {
      if (closed) return;
      responses = concat(responses, new Uint8Array(chunk));
      for (;;) {
        const head = expected[0];
        if (head?.kind === "answer") {
          if (responses.length < head.length) break;
          const answer = responses.slice(0, head.length);
          responses = responses.subarray(head.length);
          expected.shift();
          then(() => deliver(answer, undefined));
        } else {
          // A TPM response (or bytes nobody asked for: framed as one, without a command code).
          const frame = frameResponse(responses);
          if (!frame || responses.length < frame.length) break;
          const bytes = responses.slice(0, frame.length);
          responses = responses.subarray(frame.length);
          const cc = head?.kind === "tpm" ? head.commandCode : undefined;
          if (head) expected.shift();
          const fault = pickFault(cc, bytes.subarray(frame.offset, frame.offset + frame.size));
          if (fault) faults[fault.kind]++;
          then(() => deliver(bytes, fault, frame));
        }
        endIfAsked();
      }
    });

    /** Forwards one response frame, or does what `fault` says instead. */
    const deliver = async (
      bytes: Uint8Array,
      fault: Fault | undefined,
      frame?: { readonly offset: number; readonly size: number },
    ): Promise<void> => {
      if (held) await new Promise<void>((r) => heldBack.push(r));
      if (closed) return;
      switch (fault?.kind) {
        case "drop":
          return;
        case "drop-close":
          closeBoth();
          return;
        case "delay":
          await sleep(fault.ms ?? 200);
          if (closed) return;
          break;
        case "truncate": {
          const keep = Math.max(1, Math.floor(random() * (bytes.length - 1)));
          client.write(bytes.subarray(0, keep));
          // Let the part reach the client before the connection goes.
          setTimeout(closeBoth, 20);
          return;
        }
        case "corrupt": {
          const { offset, size } = frame ?? { offset: 0, size: bytes.length };
          if (size === 0) break;
          const at =
            fault.offset !== undefined
              ? Math.max(0, Math.min(size - 1, fault.offset))
              : size > HEADER
                ? HEADER + Math.floor(random() * (size - HEADER))
                : size - 1;
          bytes = bytes.slice();
          bytes[offset + at]! ^= 0x5a;
          break;
        }
      }
      if (frame) counts.responses++;
      client.write(bytes);
    };
  };

  let blocked = false;
  const server: Server = createServer((client) => {
    client.on("error", () => undefined);
    if (blocked) {
      client.destroy();
      return;
    }
    serve(client);
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  const dropConnections = () => {
    for (const close of [...connections]) close();
  };
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      blocked = true;
      server.close(() => resolve());
      held = false;
      for (const go of heldBack.splice(0)) go();
      dropConnections();
    });
    return closing;
  };
  return {
    host: options.host ?? "127.0.0.1",
    port,
    ctrlPort: options.ctrlPort ?? 0,
    stateDir: options.stateDir ?? "",
    faultNext(fault, match = () => true) {
      oneShots.push({ fault, match });
    },
    setRandomFaults(r) {
      randomFaults = r;
    },
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const go of heldBack.splice(0)) go();
    },
    setTarget(next) {
      target = { host: next.host, port: next.port };
    },
    dropConnections,
    blockClients(block) {
      blocked = block;
    },
    stats: () => ({ ...counts, faults: { ...faults } }),
    close,
    stop: close,
  };
}
