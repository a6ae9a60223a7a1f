/**
 * The guarded WebSocket proxy: serves WebSocketTransport clients (web pages,
 * Node programs) and forwards their commands to one Transport (a simulator,
 * /dev/tpmrm0, TBS). Safe by default: loopback only, no browser origin unless
 * listed, a bearer token, clients queued at command boundaries, size limits.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { COMMANDS, marshalCommand, readHeader, type Transport, TssError } from "@tss/marshal";
import { type WebSocket, WebSocketServer } from "ws";
import {
  BEARER_SUBPROTOCOL_PREFIX,
  CLIENT_ID_PARAMETER,
  CLOSE_CODE,
  decodeCommandFrame,
  isBearerToken,
  isClientId,
  TPM_SUBPROTOCOL,
} from "../protocol.js";
import { type CommandPolicyOptions, commandPolicy, describeCommand } from "./command-policy.js";
import { handleEffect } from "./handle-effect.js";
import { type HandleOwner, HandleOwners } from "./handle-owners.js";
import { staticFileHandler } from "./static-files.js";

/** Options of {@link createWebSocketProxy}. */
export interface WebSocketProxyOptions extends CommandPolicyOptions {
  /** Where commands go; the proxy never closes it. */
  readonly transport: Transport;
  /** Address to listen on. Default "127.0.0.1". Any non-loopback address needs `allowRemote: true`. */
  readonly host?: string;
  /** Listen on a non-loopback address (the token and the origin list are then all that guard the TPM). */
  readonly allowRemote?: boolean;
  /** Port; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Browser origins allowed to connect (`http://localhost:5173`). Default none:
   * only clients that send no Origin header (programs, not web pages). With
   * `static`, the proxy's own origin is added.
   */
  readonly origins?: readonly string[];
  /** The bearer token (lower-case hex, 16..64 octets). Default: 32 random octets. */
  readonly token?: string;
  /** Largest client message in octets (locality octet + command). Default 4097. */
  readonly maxFrame?: number;
  /**
   * true (default): clients share the TPM, their commands forwarded one at a
   * time in arrival order. false: one client at a time; others are refused
   * with 4429 while it is connected.
   */
  readonly queue?: boolean;
  /**
   * A client with no command queued or in the TPM for this many milliseconds is
   * closed with 4408 `idle: no command for N s` (its WebSocketTransport opens a
   * new connection on its next command). Default 300 000 (5 minutes) with
   * `queue: false`, where an idle client would hold the TPM from everyone; 0
   * (none) with the queue. 0 turns it off.
   */
  readonly idleTimeoutMs?: number;
  /**
   * true (default): when a client's connection closes, the proxy flushes the
   * transient objects, sequences and sessions (loaded or saved) that the
   * client's commands created and did not end, as a resource manager does, so
   * closed tabs do not fill the TPM. false: they outlive the connection (a
   * client that reconnects and goes on using them).
   */
  readonly cleanup?: boolean;
  /**
   * With `cleanup`, how long a client that presents a reconnect identity
   * (`?client=<32 hex digits>`, as every WebSocketTransport does) keeps its
   * handles after its last connection closed: a connection with the same
   * identity within this time cancels the cleanup and goes on using them.
   * Default 10 000 ms; 0 flushes at once. Clients without an identity are
   * flushed at once (they cannot come back).
   */
  readonly cleanupGraceMs?: number;
  /** Told one line per connection, per refusal and per close (1), and per command (2). Never command bytes. */
  readonly log?: (line: string) => void;
  /** 1 (default): connections and refusals. 2: also each command's name and response code. */
  readonly trace?: 1 | 2;
  /** A folder served over HTTP on the same port (a web page that then connects back). */
  readonly static?: string;
}

/** A running proxy. */
export interface WebSocketProxy {
  /** `ws://host:port/` for clients. */
  readonly url: string;
  /** The bearer token clients present. */
  readonly token: string;
  readonly host: string;
  readonly port: number;
  /** The browser origins allowed. */
  readonly origins: readonly string[];
  /** Commands forwarded so far. */
  readonly commandCount: number;
  /** Clients connected now. */
  readonly clientCount: number;
  /** Handles flushed so far for clients that left (with `cleanup`). */
  readonly flushedCount: number;
  /**
   * Stops listening and closes the clients (1001); flushes at once what clients
   * in their cleanup grace hold and waits for it; the transport stays open.
   */
  close(): Promise<void>;
}

/**
 * How many commands one client may have queued or in the TPM. The protocol has
 * one in flight per connection (the client queues); a little slack, then 4400.
 */
export const MAX_PENDING_PER_CLIENT = 8;

/** How long a client with a reconnect identity keeps its handles after its connection closed: 10 s. */
export const DEFAULT_CLEANUP_GRACE_MS = 10_000;

/** The idle timeout when clients are not queued (`queue: false`): 5 minutes. */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;

/** True for an address that only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "::ffff:127.0.0.1";
}

/** A close reason cut to the 123 octets a close frame can carry. */
function reasonText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 123) return text;
  let cut = text.slice(0, 120);
  while (new TextEncoder().encode(`${cut}...`).length > 123) cut = cut.slice(0, -1);
  return `${cut}...`;
}

/** An origin in its canonical form (`scheme://host[:port]`), or undefined when it is not one. */
function canonicalOrigin(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.origin === "null" ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

/** The reconnect identity in the request's `client` query parameter, when it is well formed. */
function presentedClientId(req: IncomingMessage): string | undefined {
  try {
    const id = new URL(req.url ?? "/", "ws://proxy/").searchParams.get(CLIENT_ID_PARAMETER);
    return isClientId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The token offered in the `tss.bearer.<token>` subprotocol, if any. */
function offeredToken(req: IncomingMessage): string | undefined {
  const header = req.headers["sec-websocket-protocol"];
  const list = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((s) => s.trim());
  return list.find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX))?.slice(BEARER_SUBPROTOCOL_PREFIX.length);
}

function sameToken(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Starts the proxy and resolves once it listens. */
export async function createWebSocketProxy(options: WebSocketProxyOptions): Promise<WebSocketProxy> {
  if (typeof options?.transport?.send !== "function")
    throw new TssError("BAD_PARAMETER", "createWebSocketProxy: options.transport is not a Transport");
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && options.allowRemote !== true)
    throw new TssError(
      "BAD_PARAMETER",
      `${host} is not a loopback address: listening there needs allowRemote: true (then anyone with the token may reach the TPM)`,
    );
  if (options.token !== undefined && !isBearerToken(options.token))
    throw new TssError("BAD_PARAMETER", "the token must be lower-case hex of 16 to 64 octets");
  const token = options.token ?? Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, "0")).join("");
  const maxFrame = options.maxFrame ?? 4097;
  if (!Number.isInteger(maxFrame) || maxFrame < 11)
    throw new TssError("BAD_PARAMETER", `maxFrame ${maxFrame} is smaller than a locality and a command header`);
  const origins = new Set<string>();
  for (const o of options.origins ?? []) {
    const c = canonicalOrigin(o);
    if (c === undefined) throw new TssError("BAD_PARAMETER", `${JSON.stringify(o)} is not an origin`);
    origins.add(c);
  }
  const allowed = commandPolicy(options);
  const queueClients = options.queue ?? true;
  const idleTimeoutMs = options.idleTimeoutMs ?? (queueClients ? 0 : DEFAULT_IDLE_TIMEOUT_MS);
  if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0 || idleTimeoutMs > 0x7fff_ffff)
    throw new TssError("BAD_PARAMETER", `idleTimeoutMs ${idleTimeoutMs} is not 0..2147483647 milliseconds`);
  const log = options.log ?? (() => {});
  const trace = options.trace ?? 1;
  const cleanup = options.cleanup ?? true;
  const cleanupGraceMs = options.cleanupGraceMs ?? DEFAULT_CLEANUP_GRACE_MS;
  if (!Number.isInteger(cleanupGraceMs) || cleanupGraceMs < 0 || cleanupGraceMs > 0x7fff_ffff)
    throw new TssError("BAD_PARAMETER", `cleanupGraceMs ${cleanupGraceMs} is not 0..2147483647 milliseconds`);
  /** Clients with a reconnect identity: their open connections and the grace running since the last closed. */
  const identities = new Map<
    string,
    { connections: number; grace: ReturnType<typeof setTimeout> | undefined; who: string }
  >();
  /** Which client holds which transient object, sequence and session (with `cleanup`). */
  const owners = new HandleOwners();
  let flushed = 0;

  let commands = 0;
  let clientIds = 0;
  let holder: WebSocket | undefined;
  let closing = false;
  const clients = new Set<WebSocket>();
  /** The TPM's queue: one command at a time, in arrival order across clients. */
  let tpm: Promise<unknown> = Promise.resolve();

  const http = createServer(
    options.static !== undefined
      ? staticFileHandler(options.static)
      : (_req, res) => {
          res.writeHead(426, { "content-type": "text/plain; charset=utf-8", upgrade: "websocket" });
          res.end(`a TPM WebSocket proxy: connect with the subprotocol ${TPM_SUBPROTOCOL}\n`);
        },
  );
  const wss = new WebSocketServer({
    noServer: true,
    // Frames up to 1 MiB are read and refused with their size; larger ones ws refuses itself (1009).
    maxPayload: Math.max(maxFrame + 1, 1 << 20),
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(TPM_SUBPROTOCOL) ? TPM_SUBPROTOCOL : false),
  });

  /** FlushContext(handle), the command as sent to the TPM. */
  const flushCommand = (handle: number) => marshalCommand(COMMANDS.FlushContext, { flushHandle: handle });
  const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, "0")}`;
  /** Flushes, through the TPM's queue, what a client that left still holds. */
  const flushLeftovers = (id: HandleOwner, who: string) => {
    const job = async () => {
      const held = owners.heldBy(id);
      if (held.length === 0) return;
      const done: string[] = [];
      for (const handle of held) {
        owners.forget(handle);
        try {
          const response = await options.transport.send(flushCommand(handle), { locality: 0 });
          const rc = readHeader(response)?.code ?? -1;
          if (rc === 0) {
            flushed++;
            done.push(hex(handle, 8));
          } else log(`${who}: cleanup: FlushContext ${hex(handle, 8)} -> rc ${rc < 0 ? "?" : hex(rc, 3)}`);
        } catch (e) {
          const code = e instanceof TssError ? e.code : "ERROR";
          log(`${who}: cleanup: FlushContext ${hex(handle, 8)}: the TPM did not answer: ${code}`);
        }
      }
      if (done.length > 0) log(`${who}: cleanup: flushed ${done.length} handles: ${done.join(" ")}`);
    };
    tpm = tpm.then(job, job);
  };
  const seconds = (ms: number) => `${ms / 1000} s`;
  /** The last connection of a client with a reconnect identity closed: flush after the grace (or now). */
  const leave = (key: string, who: string) => {
    const entry = identities.get(key);
    if (entry === undefined || --entry.connections > 0) return;
    entry.who = who;
    if (cleanupGraceMs === 0 || closing) {
      identities.delete(key);
      flushLeftovers(key, who);
      return;
    }
    log(
      `${who}: cleanup: grace of ${seconds(cleanupGraceMs)} starts: a reconnect with its client id keeps its handles`,
    );
    entry.grace = setTimeout(() => {
      identities.delete(key);
      log(`${who}: cleanup: grace of ${seconds(cleanupGraceMs)} over: flushing`);
      flushLeftovers(key, who);
    }, cleanupGraceMs);
  };
  /** Flushes at once what every client in its grace still holds (the proxy stops). */
  const endGraces = () => {
    for (const [key, entry] of identities) {
      if (entry.grace === undefined) continue;
      clearTimeout(entry.grace);
      identities.delete(key);
      log(`${entry.who}: cleanup: the proxy stops: flushing without the grace`);
      flushLeftovers(key, entry.who);
    }
  };

  const serve = (ws: WebSocket, req: IncomingMessage) => {
    const id = ++clientIds;
    const who = `client ${id}`;
    const origin = req.headers.origin;
    log(
      `${who} from ${req.socket.remoteAddress ?? "?"}:${req.socket.remotePort ?? "?"}${origin ? ` origin ${origin.slice(0, 200)}` : ""}: connected`,
    );
    let count = 0;
    /** Commands of this client queued or in the TPM. */
    let pending = 0;
    let refused = false;
    const refuse = (code: number, reason: string) => {
      if (refused) return;
      refused = true;
      log(`${who}: refused ${code} ${reason}`);
      ws.close(code, reasonText(reason));
    };
    clients.add(ws);
    /** Closes the client once it has had nothing queued or in the TPM for idleTimeoutMs. */
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const idleFrom = () => {
      clearTimeout(idleTimer);
      idleTimer = undefined;
      if (idleTimeoutMs === 0 || pending > 0 || refused || closing) return;
      idleTimer = setTimeout(() => {
        if (refused || pending > 0) return;
        refused = true;
        const reason = `idle: no command for ${idleTimeoutMs / 1000} s`;
        log(`${who}: ${reason}: disconnected with ${CLOSE_CODE.IDLE}`);
        if (holder === ws) holder = undefined; // the TPM is free now, whether or not the client answers the close
        ws.close(CLOSE_CODE.IDLE, reason);
      }, idleTimeoutMs);
    };
    /** Whose handles this connection's commands create: its reconnect identity's, once the token was checked. */
    let owner: HandleOwner = id;
    ws.on("close", (code, reason) => {
      clearTimeout(idleTimer);
      clients.delete(ws);
      if (holder === ws) holder = undefined;
      log(`${who}: closed ${code}${reason.length > 0 ? ` ${reason.toString()}` : ""} after ${count} commands`);
      if (!cleanup) return;
      if (typeof owner === "string") leave(owner, who);
      else flushLeftovers(owner, who);
    });
    ws.on("error", (e) => log(`${who}: ${e.message}`));

    if (origin !== undefined && !origins.has(canonicalOrigin(origin) ?? "")) {
      return refuse(CLOSE_CODE.ORIGIN, `origin ${origin.slice(0, 80)} not allowed`);
    }
    if (ws.protocol !== TPM_SUBPROTOCOL) return refuse(CLOSE_CODE.MALFORMED, `malformed frame: no ${TPM_SUBPROTOCOL}`);
    const offered = offeredToken(req);
    if (offered === undefined || !sameToken(offered, token))
      return refuse(CLOSE_CODE.UNAUTHORIZED, "missing or wrong token");
    if (!queueClients) {
      if (holder !== undefined && holder.readyState === holder.OPEN)
        return refuse(CLOSE_CODE.BUSY, "busy: another client holds the TPM");
      holder = ws;
    }
    const clientId = presentedClientId(req);
    if (cleanup && clientId !== undefined) {
      // Only a connection that presented the token gets here: the id is a key for ownership, never a credential.
      owner = clientId;
      const entry = identities.get(clientId);
      if (entry === undefined) identities.set(clientId, { connections: 1, grace: undefined, who });
      else {
        entry.connections++;
        if (entry.grace !== undefined) {
          clearTimeout(entry.grace);
          entry.grace = undefined;
          log(`${who}: cleanup: grace cancelled: ${entry.who}'s client id reconnected; its handles stay loaded`);
        }
      }
    }
    idleFrom();

    ws.on("message", (data, isBinary) => {
      if (refused || closing) return;
      if (!isBinary) return refuse(CLOSE_CODE.MALFORMED, "malformed frame: not a binary message");
      const frame =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : Array.isArray(data)
            ? new Uint8Array(Buffer.concat(data))
            : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (frame.length > maxFrame)
        return refuse(CLOSE_CODE.TOO_BIG, `frame of ${frame.length} octets exceeds the limit ${maxFrame}`);
      const decoded = decodeCommandFrame(frame);
      if (!decoded.ok) return refuse(CLOSE_CODE.MALFORMED, `malformed frame: ${decoded.why}`);
      if (!allowed(decoded.commandCode))
        return refuse(CLOSE_CODE.DENIED, `command ${describeCommand(decoded.commandCode)} denied`);
      if (pending >= MAX_PENDING_PER_CLIENT)
        return refuse(CLOSE_CODE.MALFORMED, `malformed frame: more than ${MAX_PENDING_PER_CLIENT} commands in flight`);
      pending++;
      clearTimeout(idleTimer);
      const command = new Uint8Array(decoded.command); // a copy: ws may reuse its buffer
      const run = async () => {
        if (ws.readyState !== ws.OPEN || refused) {
          pending--;
          return; // the client left while queued: never send its command
        }
        try {
          const response = await options.transport.send(command, { locality: decoded.locality });
          commands++;
          count++;
          if (cleanup) owners.apply(owner, handleEffect(command, response)); // whether or not the client is still there
          if (trace >= 2) {
            const rc = readHeader(response)?.code ?? -1;
            log(`${who}: ${describeCommand(decoded.commandCode)} -> rc 0x${rc.toString(16).padStart(3, "0")}`);
          }
          if (ws.readyState === ws.OPEN) ws.send(response, { binary: true });
        } catch (e) {
          const code = e instanceof TssError ? e.code : "ERROR";
          log(
            `${who}: the TPM did not answer ${describeCommand(decoded.commandCode)}: ${code} ${(e as Error).message}`,
          );
          if (!refused) {
            refused = true;
            // 1011: the response is lost; the client reports BAD_CONNECTION and its TSS recovers.
            ws.close(1011, reasonText(`the TPM did not answer: ${code}`));
          }
        } finally {
          pending--;
          idleFrom();
        }
      };
      tpm = tpm.then(run, run);
    });
  };

  http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", (e) =>
      reject(new TssError("BAD_CONNECTION", `cannot listen on ${host}: ${e.message}`, { cause: e })),
    );
    http.listen(options.port ?? 0, host.replace(/^\[|\]$/g, ""), () => resolve());
  });
  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  if (options.static !== undefined) {
    origins.add(`http://${urlHost}:${port}`);
    if (isLoopbackHost(host)) for (const h of ["127.0.0.1", "localhost", "[::1]"]) origins.add(`http://${h}:${port}`);
  }
  log(`listening on ws://${urlHost}:${port}/`);
  return {
    url: `ws://${urlHost}:${port}/`,
    token,
    host,
    port,
    origins: [...origins],
    get commandCount() {
      return commands;
    },
    get clientCount() {
      return clients.size;
    },
    get flushedCount() {
      return flushed;
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const ws of clients) ws.close(CLOSE_CODE.GOING_AWAY, "proxy stopping");
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      const forced = setTimeout(() => {
        for (const ws of clients) ws.terminate();
        http.closeAllConnections();
      }, 500);
      http.closeIdleConnections();
      await stopped;
      clearTimeout(forced);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      // Each client's close event queues its cleanup: wait for the last (terminated at 500 ms), then the queue.
      for (const until = Date.now() + 2000; clients.size > 0 && Date.now() < until; )
        await new Promise((r) => setTimeout(r, 10));
      endGraces(); // clients that left earlier and are in their grace: flushed now
      await tpm.catch(() => undefined); // the clients' cleanups included
    },
  };
}
