/**
 * tpmproxy: the seed's tpm_proxy as a program. It listens on a TCP port for
 * clients in MS-sim (default) or raw framing, serves them one after another,
 * and forwards every command over ONE connection to the transport the
 * environment selects (TPM_INTERFACE_TYPE: a simulator, /dev/tpmrm0, ...), so
 * objects outlive each utility's connection. Runs until SIGINT or SIGTERM.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SendOptions, Transport } from "@tss/marshal";
import { startTpmProxy } from "@tss/transport-mssim";
import { Properties, transportFromProperties } from "@tss/tss";
import { loggingTransport } from "../traffic-log.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/**
 * The idle timeout without --idle-timeout, in seconds: none, as IBM's tpmproxy. A
 * client of the simulator protocol (tpm2-tss's mssim TCTI, a long-running daemon)
 * keeps one connection through quiet spells and does not reconnect when dropped.
 */
const DEFAULT_IDLE_SECONDS = 0;

/** The longest --idle-timeout in seconds (setTimeout's limit). */
const MAX_IDLE_SECONDS = Math.floor(0x7fff_ffff / 1000);

/** A transport that hands each command and response to `record` around `inner` (the --json -v stream). */
function recordingTransport(inner: Transport, record: (event: "command" | "response", bytes: Uint8Array) => void) {
  return {
    async send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
      record("command", command);
      const response = await inner.send(command, options);
      record("response", response);
      return response;
    },
    close: () => inner.close(),
  } satisfies Transport;
}

/** tpmproxy [-p|--port n (2321)] [-mssim | -raw] [-v|--verbose] [-l|--log file] [--idle-timeout s]. */
export const tpmproxy: Utility = {
  name: "tpmproxy",
  summary: "Pass through connecting a TCPIP port to a TPM",
  flags: {
    "-p": "dec",
    "--port": "dec",
    "-mssim": "switch",
    "-raw": "switch",
    "--verbose": "switch",
    "-l": "string",
    "--log": "string",
    "--idle-timeout": "dec",
  },
  usage: [
    "Pass through connecting a TCPIP port to the TPM that the environment selects",
    "(TPM_INTERFACE_TYPE: dev, socsim, ...), over one connection held open",
    "",
    "\t--port,-p <n> TCPIP server port (default 2321)",
    "\t-mssim use MS TPM 2.0 socket simulator packet format (default)",
    "\t\twith TSS env variable TPM_SERVER_TYPE=mssim (default)",
    "\t-raw use TPM 2.0 packet format",
    "\t\twith TSS env variable TPM_SERVER_TYPE=raw",
    "\t--verbose,-v verbose mode (default false)",
    "\t--log,-l log transactions into given file (default none)",
    `\t--idle-timeout <seconds> disconnect the client being served when it sends no`,
    `\t\tcommand for this long, and serve the next; 0 turns it off (default ${DEFAULT_IDLE_SECONDS})`,
    "",
    "\tListens on TPM_PROXY_HOST (default 127.0.0.1; IBM's listens on every address).",
    "\tServes one client at a time; the others wait. Runs until SIGINT or SIGTERM.",
    "\tWith --json, standard output is JSON Lines, one object per line: first",
    '\t{"event":"listening","host","port","serverType","idleTimeout"}, then',
    '\t{"event":"log","time","message"} per client error or idle disconnect, with -v',
    '\t{"event":"command"|"response","bytes":"<hex>"} per message, and at the end',
    '\t{"event":"stopped","commandCount"}.',
  ],
  async run(ctx) {
    const f = ctx.flags;
    const portFlag = f.lastOf("-p", "--port");
    const port = portFlag === undefined ? 2321 : f.number(portFlag)!;
    if (port > 65_535) throw new UsageError(`-p --port (socket port) illegal value ${port}`);
    const serverType = f.lastOf("-mssim", "-raw") === "-raw" ? "raw" : "mssim";
    const verbose = f.has("-v") || f.has("--verbose");
    const logFlag = f.lastOf("-l", "--log");
    const logFile = logFlag === undefined ? undefined : resolve(ctx.io.cwd, f.string(logFlag)!);
    const idleSeconds = f.number("--idle-timeout") ?? DEFAULT_IDLE_SECONDS;
    if (idleSeconds > MAX_IDLE_SECONDS)
      throw new UsageError(`--idle-timeout illegal value ${idleSeconds} (at most ${MAX_IDLE_SECONDS} seconds)`);
    if (logFile !== undefined) writeFileSync(logFile, "");
    const log = (text: string) => {
      if (verbose) ctx.print(text);
      if (logFile !== undefined) appendFileSync(logFile, text);
    };
    const env = ctx.io.env;
    const upstream = await transportFromProperties(new Properties({}, env), env);
    const logged = verbose || logFile !== undefined ? loggingTransport(upstream, log) : upstream;
    const transport =
      ctx.json && verbose ? recordingTransport(logged, (event, bytes) => ctx.jsonRecord({ event, bytes })) : logged;
    if (verbose) ctx.print(`tpmproxy: start at ${new Date().toString()}\ntpmproxy: server type ${serverType}\n`);
    const proxy = await startTpmProxy({
      transport,
      port,
      host: env.TPM_PROXY_HOST ?? "127.0.0.1",
      serverType,
      idleTimeoutMs: idleSeconds * 1000,
      onClientError: (e) => {
        if (ctx.json) ctx.jsonRecord({ event: "log", time: new Date().toISOString(), message: `client: ${e.message}` });
        else ctx.io.stderr(`tpmproxy: client: ${e.message}\n`);
      },
    });
    if (verbose) ctx.print(`Opening socket at port ${proxy.port}\n`);
    ctx.jsonRecord({ event: "listening", host: proxy.host, port: proxy.port, serverType, idleTimeout: idleSeconds });
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await proxy.close();
    await upstream.close();
    if (verbose) ctx.print(`tpmproxy: ${proxy.commandCount} commands forwarded\n`);
    ctx.jsonRecord({ event: "stopped", commandCount: proxy.commandCount });
  },
};
