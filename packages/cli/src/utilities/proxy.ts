/**
 * proxy --websocket: the guarded WebSocket proxy (@tss/transport-websocket/server)
 * in front of the TPM the environment selects (TPM_INTERFACE_TYPE: a simulator,
 * /dev/tpmrm0, TBS), for web pages and WebSocketTransport clients. Loopback only
 * unless told otherwise, an Origin allowlist, a bearer token printed at start,
 * clients queued at command boundaries (or, with --no-queue, one at a time with
 * an idle timeout), optional command lists; --json prints JSON Lines. Runs until
 * SIGINT or SIGTERM. Ours (no IBM equivalent; tpmproxy serves TCP clients).
 */
import { resolve } from "node:path";
import { Properties, transportFromProperties } from "@tss/tss";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** Splits `A,B C` lists of command names or codes. */
function commandList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[,\s]+/)).filter((v) => v.length > 0);
}

/** The longest --idle-timeout or --cleanup-grace in seconds (setTimeout's limit). */
const MAX_IDLE_SECONDS = Math.floor(0x7fff_ffff / 1000);

/** The idle timeout --no-queue has without --idle-timeout, in seconds. */
const NO_QUEUE_IDLE_SECONDS = 300;

/** The cleanup grace without --cleanup-grace, in seconds. */
const DEFAULT_CLEANUP_GRACE_SECONDS = 10;

/** proxy --websocket [-port n] [-host h] [--origin url]... [--token hex] [--deny-dangerous] [--allow cc,...] [--deny cc,...] [--no-queue] [--idle-timeout s] [--no-cleanup] [--cleanup-grace s] [--static dir]. */
export const proxy: Utility = {
  name: "proxy",
  summary: "Serve the TPM to web pages and WebSocket clients through a guarded proxy",
  flags: {
    "--websocket": "switch",
    "-port": "dec",
    "--port": "dec",
    "-host": "string",
    "--host": "string",
    "--allow-remote": "switch",
    "--origin": "list",
    "--token": "string",
    "--deny-dangerous": "switch",
    "--allow": "list",
    "--deny": "list",
    "--max-frame": "dec",
    "--no-queue": "switch",
    "--idle-timeout": "dec",
    "--no-cleanup": "switch",
    "--cleanup-grace": "dec",
    "--static": "string",
  },
  usage: [
    "Serves the TPM that the environment selects (TPM_INTERFACE_TYPE, ...) to",
    "WebSocket clients (@tss/transport-websocket: web pages, programs)",
    "",
    "\t--websocket the WebSocket proxy (required)",
    "\t[-port <n> listen port (default 0: a free one)]",
    "\t[-host <address> listen address (default 127.0.0.1)]",
    "\t[--allow-remote needed to listen on an address that is not loopback]",
    "\t[--origin <url> a browser origin allowed to connect (repeatable; default none:",
    "\t\tonly clients without an Origin header)]",
    "\t[--token <hex> the bearer token, 16..64 octets of lower-case hex (default random)]",
    "\t[--deny-dangerous refuse Clear, ClearControl, ChangePPS, ChangeEPS, HierarchyControl,",
    "\t\tHierarchyChangeAuth, SetPrimaryPolicy, NV_UndefineSpaceSpecial, FieldUpgrade..., ...]",
    "\t[--allow <cc,...> forward only these commands (names or codes)]",
    "\t[--deny <cc,...> refuse these commands]",
    "\t[--max-frame <n> largest client message in octets (default 4097)]",
    "\t[--no-queue one client at a time; others are refused (default: queued)]",
    `\t[--idle-timeout <seconds> close a client that sends no command for this long (4408`,
    `\t\t"idle: no command for N s"); 0 turns it off (default ${NO_QUEUE_IDLE_SECONDS} with --no-queue, else 0)]`,
    "\t[--no-cleanup leave a client's transient objects and sessions loaded when it disconnects",
    "\t\t(default: flushed, as a resource manager does; the log names them)]",
    "\t[--cleanup-grace <seconds> how long a client that reconnects with its client id",
    `\t\tkeeps them (default ${DEFAULT_CLEANUP_GRACE_SECONDS}); 0 flushes at once]`,
    "\t[--static <dir> also serve this folder over HTTP on the same port]",
    "\t-v log each command's name and response code (never its bytes)",
    "",
    "\tPrints url=ws://<host>:<port>/ token=<hex> on its first line, logs connections",
    "\tand refusals to standard error, and runs until SIGINT or SIGTERM.",
    "\tWith --json, standard output is JSON Lines, one object per line: first",
    '\t{"event":"listening","url","token","host","port"}, then one',
    '\t{"event":"log","time","message"[,"client"]} per log line, and at the end',
    '\t{"event":"stopped","commandCount"}.',
  ],
  async run(ctx) {
    const f = ctx.flags;
    if (!f.has("--websocket"))
      throw new UsageError(
        "proxy serves WebSocket clients: give --websocket (tpmproxy serves MS-sim and raw TCP clients)",
      );
    const portFlag = f.lastOf("-port", "--port");
    const port = portFlag === undefined ? 0 : f.number(portFlag)!;
    if (port > 65_535) throw new UsageError(`-port illegal value ${port}`);
    const hostFlag = f.lastOf("-host", "--host");
    const host = hostFlag === undefined ? "127.0.0.1" : f.string(hostFlag)!;
    const staticDir = f.string("--static");
    const idleSeconds = f.number("--idle-timeout") ?? (f.has("--no-queue") ? NO_QUEUE_IDLE_SECONDS : 0);
    if (idleSeconds > MAX_IDLE_SECONDS)
      throw new UsageError(`--idle-timeout illegal value ${idleSeconds} (at most ${MAX_IDLE_SECONDS} seconds)`);
    const graceSeconds = f.number("--cleanup-grace") ?? DEFAULT_CLEANUP_GRACE_SECONDS;
    if (graceSeconds > MAX_IDLE_SECONDS)
      throw new UsageError(`--cleanup-grace illegal value ${graceSeconds} (at most ${MAX_IDLE_SECONDS} seconds)`);
    const { createWebSocketProxy } = await import("@tss/transport-websocket/server");
    const env = ctx.io.env;
    const upstream = await transportFromProperties(new Properties({}, env), env);
    /** Under --json, log records wait until the "listening" record is out. */
    let early: string[] | undefined = [];
    const record = (line: string) => {
      const client = /^client (\d+)\b/.exec(line)?.[1];
      const at = new Date().toISOString();
      ctx.jsonRecord({ event: "log", time: at, message: line, ...(client ? { client: Number(client) } : {}) });
    };
    const log = (line: string) => {
      if (!ctx.json) ctx.io.stderr(`proxy: ${line}\n`);
      else if (early) early.push(line);
      else record(line);
    };
    let server: Awaited<ReturnType<typeof createWebSocketProxy>>;
    try {
      const allow = commandList(f.list("--allow"));
      const maxFrame = f.number("--max-frame");
      server = await createWebSocketProxy({
        transport: upstream,
        host,
        port,
        allowRemote: f.has("--allow-remote"),
        origins: f.list("--origin"),
        ...(f.string("--token") !== undefined ? { token: f.string("--token")! } : {}),
        denyDangerous: f.has("--deny-dangerous"),
        ...(allow.length > 0 ? { allowCommands: allow } : {}),
        denyCommands: commandList(f.list("--deny")),
        ...(maxFrame !== undefined ? { maxFrame } : {}),
        queue: !f.has("--no-queue"),
        idleTimeoutMs: idleSeconds * 1000,
        cleanup: !f.has("--no-cleanup"),
        cleanupGraceMs: graceSeconds * 1000,
        ...(staticDir !== undefined ? { static: resolve(ctx.io.cwd, staticDir) } : {}),
        log,
        trace: ctx.verbose ? 2 : 1,
      });
    } catch (e) {
      await upstream.close();
      if (e instanceof Error && "code" in e && (e as { code: string }).code === "BAD_PARAMETER")
        throw new UsageError(e.message);
      throw e;
    }
    const info = { url: server.url, token: server.token, host: server.host, port: server.port };
    if (ctx.json) {
      ctx.jsonRecord({ event: "listening", ...info });
      for (const line of early ?? []) record(line);
      early = undefined;
    } else ctx.io.stdout(`url=${server.url} token=${server.token}\n`);
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await server.close();
    await upstream.close();
    if (ctx.json) ctx.jsonRecord({ event: "stopped", commandCount: server.commandCount });
    else log(`${server.commandCount} commands forwarded`);
  },
};
