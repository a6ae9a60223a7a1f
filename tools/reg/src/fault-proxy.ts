/**
 * A fault-injecting TCP proxy between a client transport and swtpm's command
 * port. It parses frames both ways (MS-simulator or raw TPM framing) and damages
 * RESPONSES only, never commands: a response can be dropped (the connection kept,
 * so the client times out), dropped with the connection closed, delayed,
 * truncated or corrupted; `hold()` freezes every response like a frozen
 * simulator. It stands in for a `Swtpm` (host, port, ctrlPort, stateDir), so the
 * regression matrix builds any transport against it. Node only.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** What can happen to a response. */
export type FaultKind = "drop" | "drop-close" | "delay" | "truncate" | "corrupt";

/** One fault. */
export interface Fault {
  readonly kind: FaultKind;
  /** delay: milliseconds (default 200). */
  readonly ms?: number;
  /** corrupt: offset of the byte to flip in the TPM response (default: a random one after the 10-byte header). */
  readonly offset?: number;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** swtpm's command port (changeable with setTarget). */
  readonly target: { readonly host: string; readonly port: number };
  /** The clients' framing: MS-simulator or raw TPM bytes. */
  readonly framing: "mssim" | "raw";
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port to listen on (0, the default: a free one). */
  readonly port?: number;
  /** swtpm's control port, passed through so the proxy can stand in for a Swtpm. */
  readonly ctrlPort?: number;
  /** swtpm's state folder, passed through likewise. */
  readonly stateDir?: string;
  /** Seed of the random faults (default 1). */
  readonly seed?: number;
}

/** Random faults: a share of the responses, of some kinds. */
export interface RandomFaults {
  readonly rate: number;
  readonly kinds: readonly FaultKind[];
  readonly match?: (commandCode: number) => boolean;
  readonly corruptAuthenticatedOnly?: boolean;
}

/** Counts since the proxy started. */
export interface FaultProxyStats {
  readonly connections: number;
  readonly commands: number;
  readonly responses: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
}

/** A running fault proxy. */
export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly ctrlPort: number;
  readonly stateDir: string;
  /** Applies `fault` to the next response whose command code matches (default: any). */
  faultNext(fault: Fault, match?: (commandCode: number) => boolean): void;
  /**
   * Applies a random fault of `kinds` to a `rate` share of matching responses;
   * undefined stops. With `corruptAuthenticatedOnly`, "corrupt" falls only on
   * responses that carry response HMACs (tag TPM_ST_SESSIONS): a TSS can detect
   * damage there, while a damaged response without sessions (StartAuthSession's
   * nonceTPM, a created handle) cannot be told from a good one by any TSS.
   */
  setRandomFaults(random: RandomFaults | undefined): void;
  /** Stops forwarding responses (a frozen simulator) until release(). */
  hold(): void;
  /** Forwards the responses held back, and the later ones. */
  release(): void;
  /** Sends new connections to another swtpm (a restarted one). */
  setTarget(target: { host: string; port: number }): void;
  /** Drops every connection (the clients see their connection closed). */
  dropConnections(): void;
  /** While true, new client connections are closed at once (a simulator that is down). */
  blockClients(block: boolean): void;
  stats(): FaultProxyStats;
  /** Stops listening and drops every connection; idempotent. */
  close(): Promise<void>;
}

const TPM_SEND_COMMAND = 8;
const TPM_ST_SESSIONS = 0x8002;
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

/**
 * Splits a byte stream into frames. `frameLength` returns the whole frame's
 * length once enough of it is there, or undefined to wait for more.
 */
class FrameSplitter {
  private buffer: Uint8Array = new Uint8Array(0);
  constructor(private readonly frameLength: (b: Uint8Array) => number | undefined) {}
  push(chunk: Uint8Array): Uint8Array[] {
    this.buffer = concat(this.buffer, chunk);
    const frames: Uint8Array[] = [];
    for (;;) {
      const n = this.frameLength(this.buffer);
      if (n === undefined || this.buffer.length < n) break;
      frames.push(this.buffer.slice(0, n));
      this.buffer = this.buffer.subarray(n);
    }
    return frames;
  }
}

/** Command frame lengths and codes per framing. */
function commandFraming(framing: "mssim" | "raw") {
  if (framing === "raw") {
    return {
      length: (b: Uint8Array) => (b.length >= 6 ? Math.max(HEADER, u32(b, 2)) : undefined),
      code: (f: Uint8Array) => (f.length >= HEADER ? u32(f, 6) : undefined),
    };
  }
  return {
    // TPM_SEND_COMMAND: u32 8, u8 locality, u32 size, command. Anything else: a 4-byte MS-sim code.
    length: (b: Uint8Array) => {
      if (b.length < 4) return undefined;
      if (u32(b, 0) !== TPM_SEND_COMMAND) return 4;
      return b.length >= 9 ? 9 + u32(b, 5) : undefined;
    },
    code: (f: Uint8Array) => (f.length >= 9 + HEADER && u32(f, 0) === TPM_SEND_COMMAND ? u32(f, 9 + 6) : undefined),
  };
}

/** Response frame lengths per framing; `tpm` gives the TPM response's offset and length in the frame. */
function responseFraming(framing: "mssim" | "raw") {
  if (framing === "raw") {
    return {
      length: (b: Uint8Array) => (b.length >= 6 ? Math.max(HEADER, u32(b, 2)) : undefined),
      tpm: (f: Uint8Array) => ({ offset: 0, length: f.length }),
    };
  }
  return {
    // u32 size, response, u32 0.
    length: (b: Uint8Array) => (b.length >= 4 ? 4 + u32(b, 0) + 4 : undefined),
    tpm: (f: Uint8Array) => ({ offset: 4, length: f.length - 8 }),
  };
}

/** Commands whose response carries a handle (the one they create). */
const RESPONSE_HANDLE_CODES: ReadonlySet<number> = new Set([
  0x131, 0x157, 0x167, 0x191, 0x161, 0x176, 0x15b, 0x186, 0x107,
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

/** Starts a fault proxy and resolves once it listens. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let target = { ...options.target };
  const random = prng(options.seed ?? 1);
  const oneShots: { fault: Fault; match: (cc: number) => boolean }[] = [];
  let randomFaults: RandomFaults | undefined;
  let held = false;
  const heldBack: (() => void)[] = [];
  const counts = { connections: 0, commands: 0, responses: 0 };
  const faults: Record<FaultKind, number> = { drop: 0, "drop-close": 0, delay: 0, truncate: 0, corrupt: 0 };
  const sockets = new Set<Socket>();
  const commandSide = commandFraming(options.framing);
  const responseSide = responseFraming(options.framing);

  const pickFault = (cc: number | undefined, frame: Uint8Array): Fault | undefined => {
    const i = oneShots.findIndex((f) => cc !== undefined && f.match(cc));
    if (i >= 0) return oneShots.splice(i, 1)[0]!.fault;
    if (randomFaults && randomFaults.kinds.length && (cc === undefined || (randomFaults.match?.(cc) ?? true))) {
      if (random() < randomFaults.rate) {
        const kind = randomFaults.kinds[Math.floor(random() * randomFaults.kinds.length)]!;
        if (kind === "corrupt" && randomFaults.corruptAuthenticatedOnly) {
          const { offset, length } = responseSide.tpm(frame);
          const start = authenticatedStart(cc, frame.subarray(offset, offset + length));
          if (start === undefined) return undefined;
          return { kind, offset: start + Math.floor(random() * (length - start)) };
        }
        return { kind };
      }
    }
    return undefined;
  };

  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) {
      client.on("error", () => undefined);
      client.destroy();
      return;
    }
    counts.connections++;
    sockets.add(client);
    client.setNoDelay(true);
    const upstream = connect({ host: target.host, port: target.port, noDelay: true });
    sockets.add(upstream);
    const inFlight: (number | undefined)[] = [];
    // Responses leave in order: each waits for the one before it (delays included).
    let outgoing: Promise<void> = Promise.resolve();
    let closed = false;
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on("error", closeBoth);
      s.on("close", () => {
        sockets.delete(s);
        closeBoth();
      });
    }
    const commands = new FrameSplitter(commandSide.length);
    client.on("data", (chunk: Uint8Array) => {
      for (const frame of commands.push(new Uint8Array(chunk))) {
        const cc = commandSide.code(frame);
        if (cc !== undefined) {
          counts.commands++;
          inFlight.push(cc);
        }
        if (!closed) upstream.write(frame);
      }
    });
    const responses = new FrameSplitter(responseSide.length);
    upstream.on("data", (chunk: Uint8Array) => {
      for (const frame of responses.push(new Uint8Array(chunk))) {
        const cc = inFlight.shift();
        const fault = pickFault(cc, frame);
        if (fault) faults[fault.kind]++;
        outgoing = outgoing.then(() => deliver(frame, fault));
      }
    });

    const deliver = async (frame: Uint8Array, fault: Fault | undefined): Promise<void> => {
      if (held) await new Promise<void>((r) => heldBack.push(r));
      if (closed) return;
      switch (fault?.kind) {
        case "drop":
          return;
        case "drop-close":
          closeBoth();
          return;
        case "delay":
          await new Promise((r) => setTimeout(r, fault.ms ?? 200));
          break;
        case "truncate": {
          const keep = Math.max(1, Math.floor(random() * (frame.length - 1)));
          client.write(frame.subarray(0, keep));
          setTimeout(closeBoth, 20);
          return;
        }
        case "corrupt": {
          const { offset, length } = responseSide.tpm(frame);
          const copy = frame.slice();
          const at =
            fault.offset !== undefined
              ? Math.min(length - 1, fault.offset)
              : length > HEADER
                ? HEADER + Math.floor(random() * (length - HEADER))
                : length - 1;
          copy[offset + at]! ^= 0x5a;
          frame = copy;
          break;
        }
      }
      if (!closed) {
        counts.responses++;
        client.write(frame);
      }
    };
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let stopped = false;
  const dropConnections = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
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
      target = { ...next };
    },
    dropConnections,
    blockClients(block) {
      blocked = block;
    },
    stats: () => ({ ...counts, faults: { ...faults } }),
    async close() {
      if (stopped) return;
      stopped = true;
      held = false;
      for (const go of heldBack.splice(0)) go();
      dropConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
