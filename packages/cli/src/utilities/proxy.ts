/**
 * proxy --websocket: the guarded WebSocket proxy (@tss/transport-websocket/server)
 * in front of the TPM the environment selects (TPM_INTERFACE_TYPE: a simulator,
 * /dev/tpmrm0, TBS), for web pages and WebSocketTransport clients. Loopback only
 * unless told otherwise, an Origin allowlist, a bearer token printed at start,
 * clients queued at command boundaries, optional command lists. Runs until
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

/** proxy --websocket [-port n] [-host h] [--origin url]... [--token hex] [--deny-dangerous] [--allow cc,...] [--deny cc,...] [--static dir]. */
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
    "\t[--static <dir> also serve this folder over HTTP on the same port]",
    "\t-v log each command's name and response code (never its bytes)",
    "",
    "\tPrints url=ws://<host>:<port>/ token=<hex> on its first line (with --json, a",
    "\tJSON object on one line), logs connections and refusals to standard error,",
    "\tand runs until SIGINT or SIGTERM.",
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
    const { createWebSocketProxy } = await import("@tss/transport-websocket/server");
    const env = ctx.io.env;
    const upstream = await transportFromProperties(new Properties({}, env), env);
    const log = (line: string) => ctx.io.stderr(`proxy: ${line}\n`);
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
    ctx.io.stdout(ctx.json ? `${JSON.stringify(info)}\n` : `url=${server.url} token=${server.token}\n`);
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await server.close();
    await upstream.close();
    ctx.result({ ...info, commandCount: server.commandCount });
    if (!ctx.json) log(`${server.commandCount} commands forwarded`);
  },
};
