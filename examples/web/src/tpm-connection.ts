/** The page's TPM: a @tss/tss context over the WebSocket transport, with WebCrypto. */
import { createWebCrypto } from "@tss/crypto-webcrypto";
import type { Crypto } from "@tss/marshal";
import { WebSocketTransport } from "@tss/transport-websocket";
import { createTss, type Tss } from "@tss/tss";
import type { PageConfig } from "./page-config.js";

/** What every panel works with. */
export interface PageTpm {
  readonly tss: Tss;
  readonly crypto: Crypto;
  readonly config: PageConfig;
}

/** The proxy's WebSocket address: the server that served the page. */
export function proxyUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/`;
}

/** Opens the TSS context; the token authenticates the page to the proxy. */
export function openPageTpm(token: string, config: PageConfig): PageTpm {
  const crypto = createWebCrypto();
  const transport = new WebSocketTransport({ url: proxyUrl(), token });
  return { tss: createTss({ transport, crypto }), crypto, config };
}
