/**
 * tpmproxy: the seed's tpm_proxy as a program. It listens on a TCP port for
 * clients in MS-sim (default) or raw framing, serves them one after another,
 * and forwards every command over ONE connection to the transport the
 * environment selects (TPM_INTERFACE_TYPE: a simulator, /dev/tpmrm0, ...), so
 * objects outlive each utility's connection. Runs until SIGINT or SIGTERM.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { startTpmProxy } from "@tss/transport-mssim";
import { Properties, transportFromProperties } from "@tss/tss";
import { loggingTransport } from "../traffic-log.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** tpmproxy [-p|--port n (2321)] [-mssim | -raw] [-v|--verbose] [-l|--log file]. */
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
    "",
    "\tListens on TPM_PROXY_HOST (default 127.0.0.1; IBM's listens on every address).",
    "\tRuns until SIGINT or SIGTERM.",
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
    if (logFile !== undefined) writeFileSync(logFile, "");
    const log = (text: string) => {
      if (verbose) ctx.print(text);
      if (logFile !== undefined) appendFileSync(logFile, text);
    };
    const env = ctx.io.env;
    const upstream = await transportFromProperties(new Properties({}, env), env);
    const transport = verbose || logFile !== undefined ? loggingTransport(upstream, log) : upstream;
    if (verbose) ctx.print(`tpmproxy: start at ${new Date().toString()}\ntpmproxy: server type ${serverType}\n`);
    const proxy = await startTpmProxy({
      transport,
      port,
      host: env.TPM_PROXY_HOST ?? "127.0.0.1",
      serverType,
      onClientError: (e) => ctx.io.stderr(`tpmproxy: client: ${e.message}\n`),
    });
    if (verbose) ctx.print(`Opening socket at port ${proxy.port}\n`);
    ctx.result({ host: proxy.host, port: proxy.port, serverType });
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await proxy.close();
    await upstream.close();
    if (verbose) ctx.print(`tpmproxy: ${proxy.commandCount} commands forwarded\n`);
  },
};
