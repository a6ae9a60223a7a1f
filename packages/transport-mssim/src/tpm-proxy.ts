/**
 * The seed's tpm_proxy as a library function: a socket server that holds ONE
 * connection to any Transport (a TPM device, a resource manager, a simulator)
 * and serves MS-sim or raw clients one after another, so a resource manager
 * sees one persistent connection and objects outlive each client's connection.
 */
import { createServer, type Server, type Socket } from "node:net";
import { readHeader, TPM_HEADER_SIZE, type Transport, TssError } from "@tss/marshal";
import { encodeMssimResponse, MSSIM, readU32 } from "./mssim-protocol.js";
import { formatEndpoint, normalizeHost, SocketChannel } from "./socket-channel.js";

/** Options of {@link startTpmProxy}. */
export interface TpmProxyOptions {
  /** Where commands go; the proxy never closes it. */
  readonly transport: Transport;
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Address to listen on. Default "127.0.0.1". */
  readonly host?: string;
  /** Framing the clients use. Default "mssim". */
  readonly serverType?: "mssim" | "raw";
  /** Largest command accepted from a client. Default 65536. */
  readonly maxCommandSize?: number;
  /**
   * The client being served is disconnected when it sends no whole command for
   * this many milliseconds (onClientError is told, with a TssError TIMEOUT), and
   * the next client is served. Default 0: no limit (a client that never sends
   * holds the TPM until it disconnects).
   */
  readonly idleTimeoutMs?: number;
  /** Told about each client that ended with an error (default: ignored). */
  readonly onClientError?: (error: Error) => void;
}

/** A running proxy. */
export interface TpmProxy {
  readonly host: string;
  readonly port: number;
  /** Commands forwarded so far. */
  readonly commandCount: number;
  /** Stops listening and drops the clients; the transport stays open. */
  close(): Promise<void>;
}

/** Starts a proxy and resolves once it listens. */
export async function startTpmProxy(options: TpmProxyOptions): Promise<TpmProxy> {
  const serverType = options.serverType ?? "mssim";
  if (serverType !== "mssim" && serverType !== "raw") {
    throw new TssError("BAD_PARAMETER", `proxy server type ${String(serverType)} is not mssim or raw`);
  }
  const maxCommandSize = options.maxCommandSize ?? 65_536;
  const idleTimeoutMs = options.idleTimeoutMs ?? 0;
  if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0 || idleTimeoutMs > 0x7fff_ffff)
    throw new TssError("BAD_PARAMETER", `idleTimeoutMs ${idleTimeoutMs} is not 0..2147483647 milliseconds`);
  const waiting: Socket[] = [];
  const all = new Set<Socket>();
  let active: Socket | undefined;
  let commands = 0;
  let closed = false;

  const readCommand = async (
    client: SocketChannel,
    deadline: number,
  ): Promise<{ command: Uint8Array; locality: number } | undefined> => {
    if (serverType === "raw") {
      const header = new Uint8Array(await client.read(TPM_HEADER_SIZE, deadline, undefined, "command"));
      const size = readHeader(header)!.size;
      if (size < TPM_HEADER_SIZE || size > maxCommandSize)
        throw new TssError("BAD_PARAMETER", `client command declares ${size} bytes`);
      const command = new Uint8Array(size);
      command.set(header);
      if (size > TPM_HEADER_SIZE)
        command.set(await client.read(size - TPM_HEADER_SIZE, deadline, undefined, "command"), TPM_HEADER_SIZE);
      return { command, locality: 0 };
    }
    const code = readU32(await client.read(4, deadline, undefined, "MS-sim code"));
    if (code === MSSIM.TPM_SESSION_END || code === MSSIM.TPM_STOP) return undefined;
    if (code !== MSSIM.TPM_SEND_COMMAND)
      throw new TssError("BAD_PARAMETER", `MS-sim code ${code} is not served by the proxy`);
    const locality = (await client.read(1, deadline, undefined, "locality"))[0]!;
    const size = readU32(await client.read(4, deadline, undefined, "command size"));
    if (size < TPM_HEADER_SIZE || size > maxCommandSize)
      throw new TssError("BAD_PARAMETER", `client command declares ${size} bytes`);
    return { command: new Uint8Array(await client.read(size, deadline, undefined, "command")), locality };
  };

  const serve = async (socket: Socket): Promise<void> => {
    const client = new SocketChannel(socket, formatEndpoint(socket.remoteAddress ?? "?", socket.remotePort ?? 0));
    socket.resume();
    try {
      for (;;) {
        let next: Awaited<ReturnType<typeof readCommand>>;
        try {
          next = await readCommand(client, idleTimeoutMs > 0 ? Date.now() + idleTimeoutMs : Infinity);
        } catch (e) {
          if (e instanceof TssError && e.code === "TIMEOUT")
            throw new TssError(
              "TIMEOUT",
              `${client.name} sent no command for ${idleTimeoutMs / 1000} s: disconnected (idle timeout)`,
            );
          throw e;
        }
        if (!next) break;
        const response = await options.transport.send(next.command, { locality: next.locality });
        commands++;
        client.write(serverType === "mssim" ? encodeMssimResponse(response) : response);
      }
      await client.close();
    } catch (e) {
      // A client that simply disconnected is the normal end of its turn.
      const quiet = e instanceof TssError && e.code === "BAD_CONNECTION" && client.broken;
      if (!quiet) options.onClientError?.(e as Error);
      client.destroy();
    }
  };

  const pump = () => {
    if (active || closed) return;
    const next = waiting.shift();
    if (!next) return;
    active = next;
    void serve(next).finally(() => {
      all.delete(next);
      active = undefined;
      pump();
    });
  };

  const server: Server = createServer({ noDelay: true, pauseOnConnect: true }, (socket) => {
    if (closed) {
      socket.destroy();
      return;
    }
    all.add(socket);
    socket.once("close", () => {
      all.delete(socket);
      const i = waiting.indexOf(socket);
      if (i >= 0) waiting.splice(i, 1);
    });
    waiting.push(socket);
    pump();
  });

  const host = normalizeHost(options.host ?? "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    host,
    port,
    get commandCount() {
      return commands;
    },
    async close() {
      closed = true;
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of all) s.destroy();
      waiting.length = 0;
      await done;
    },
  };
}
