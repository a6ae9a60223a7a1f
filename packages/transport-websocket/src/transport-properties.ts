/**
 * Builds a WebSocketTransport from the TSS properties, for openTss with
 * TPM_INTERFACE_TYPE=websocket (or @tss/transport-websocket).
 */
import { type Transport, TssError } from "@tss/marshal";
import { isBearerToken } from "./protocol.js";
import { type WebSocketConstructor, WebSocketTransport } from "./websocket-transport.js";

/** The settings this factory reads besides the TSS properties. */
export const WEBSOCKET_PROPERTY_NAMES = ["TPM_WEBSOCKET_URL", "TPM_WEBSOCKET_TOKEN"] as const;

/**
 * The transport the properties describe: TPM_WEBSOCKET_URL (default
 * `ws://<TPM_SERVER_NAME>:<TPM_COMMAND_PORT>/`) and TPM_WEBSOCKET_TOKEN
 * (required). The WebSocket class is globalThis.WebSocket, or the `ws`
 * package's where the runtime has none (Node 20). BAD_PROPERTY for a bad value.
 */
export async function createTransportFromProperties(
  props: Readonly<Record<string, string | undefined>>,
): Promise<Transport> {
  const token = props.TPM_WEBSOCKET_TOKEN;
  if (!isBearerToken(token))
    throw new TssError(
      "BAD_PROPERTY",
      "TPM_WEBSOCKET_TOKEN must be the proxy's token (lower-case hex, as `tss proxy --websocket` prints it)",
    );
  let url = props.TPM_WEBSOCKET_URL;
  if (url === undefined || url === "") {
    const host = props.TPM_SERVER_NAME ?? "localhost";
    const port = props.TPM_COMMAND_PORT ?? "2321";
    url = `ws://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}/`;
  }
  let WebSocket = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof WebSocket !== "function") {
    try {
      // A name in a variable: bundlers for the browser must not pull ws (and node: modules) in.
      const wsPackage = "ws";
      const ws = (await import(/* @vite-ignore */ wsPackage)) as { WebSocket?: WebSocketConstructor };
      WebSocket = ws.WebSocket;
    } catch {
      throw new TssError("PLUGIN_MISSING", "this runtime has no WebSocket: npm install ws");
    }
  }
  try {
    return new WebSocketTransport({ url, token, ...(WebSocket ? { WebSocket } : {}) });
  } catch (e) {
    if (e instanceof TssError && e.code === "BAD_PARAMETER")
      throw new TssError("BAD_PROPERTY", `TPM_WEBSOCKET_URL: ${e.message}`, { cause: e });
    throw e;
  }
}
