/**
 * The plugin matrix: one test body runs over every combination of transport x
 * crypto x store. Each combination's tests are named `[transport x crypto x store]`
 * so the runner's report shows a result matrix (printed by scripts/setup.mjs).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createNodeCrypto } from "@tss/crypto-node";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import type { Crypto, Transport } from "@tss/marshal";
import { DeviceTransport, fifoPairOpener, SerialTransport } from "@tss/transport-device";
import { MssimTransport } from "@tss/transport-mssim";
import { TbsTransport } from "@tss/transport-tbs";
import { type WebSocketConstructor, WebSocketTransport } from "@tss/transport-websocket";
import { createWebSocketProxy, type WebSocketProxy } from "@tss/transport-websocket/server";
import { createTss, type Tss, type TssOptions } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";
import { WebSocket } from "ws";
import { type Swtpm, type SwtpmOptions, startSwtpm } from "./swtpm.js";
import { type SocatBridge, startFifoBridge, startPtyBridge } from "./transport-bridges.js";
import { tbsDouble } from "./transport-tbs-double.js";

/** A transport plugin as the matrix builds it against a running swtpm. */
export interface TransportPlugin {
  readonly name: string;
  make(tpm: Swtpm): Promise<Transport>;
  /** Only these crypto plugins with this transport (default: all), to keep the matrix fast. */
  readonly cryptos?: readonly string[];
  /** Only these stores with this transport (default: all). */
  readonly stores?: readonly string[];
  /** Releases what `make` set up for this swtpm (a proxy), when the context is disposed. */
  dispose?(tpm: Swtpm): Promise<void>;
}

/** One socat bridge per swtpm and kind: swtpm serves one connection, which the bridge holds. */
const bridges = new WeakMap<Swtpm, Map<string, Promise<SocatBridge>>>();
function bridgeFor(tpm: Swtpm, kind: "pty" | "fifo"): Promise<SocatBridge> {
  let m = bridges.get(tpm);
  if (!m) {
    m = new Map();
    bridges.set(tpm, m);
  }
  let b = m.get(kind);
  if (!b) {
    b = kind === "pty" ? startPtyBridge(tpm.host, tpm.port) : startFifoBridge(tpm.host, tpm.port);
    m.set(kind, b);
  }
  return b;
}

/** One in-process WebSocket proxy per swtpm (it holds swtpm's one connection); every websocket transport shares it. */
const proxies = new WeakMap<Swtpm, Promise<{ proxy: WebSocketProxy; upstream: MssimTransport }>>();
function proxyFor(tpm: Swtpm): Promise<{ proxy: WebSocketProxy; upstream: MssimTransport }> {
  let p = proxies.get(tpm);
  if (!p) {
    const upstream = new MssimTransport({ host: tpm.host, port: tpm.port });
    // cleanup: false. The matrix's suites hand sessions and objects from one context
    // to the next (a second context continuing a session through the file store, as
    // IBM-style one-process-per-command scripts do); the proxy's default flushes what a
    // closing client left, as /dev/tpmrm0 does, which that workflow cannot use.
    p = createWebSocketProxy({ transport: upstream, cleanup: false }).then((proxy) => ({ proxy, upstream }));
    proxies.set(tpm, p);
  }
  return p;
}

/** Transports other than "mssim" run with one crypto and one store. */
const ONE = { cryptos: ["node"], stores: ["memory"] } as const;
/** A crypto plugin (or none). */
export interface CryptoPlugin {
  readonly name: string;
  make(): Promise<Crypto | undefined>;
  /** Only these stores with this crypto plugin (default: all), to keep the matrix fast. */
  readonly stores?: readonly string[];
}
/** A store plugin: TSS options, and how to remove what it made. */
export interface StorePlugin {
  readonly name: string;
  make(): Promise<{ store?: TssOptions["store"]; dispose?: () => void }>;
}

/** Every transport in the matrix. */
export const TRANSPORTS: TransportPlugin[] = [
  { name: "mssim", make: async (tpm) => new MssimTransport({ host: tpm.host, port: tpm.port }) },
  {
    name: "raw",
    ...ONE,
    make: async (tpm) =>
      new MssimTransport({
        host: tpm.host,
        port: tpm.port,
        serverType: "raw",
        platform: "swtpm",
        platformPort: tpm.ctrlPort,
      }),
  },
  {
    name: "rawsingle",
    ...ONE,
    make: async (tpm) => new MssimTransport({ host: tpm.host, port: tpm.port, serverType: "rawsingle" }),
  },
  { name: "serial", ...ONE, make: async (tpm) => new SerialTransport({ path: (await bridgeFor(tpm, "pty")).path }) },
  {
    name: "device",
    ...ONE,
    make: async (tpm) => {
      const fifo = await bridgeFor(tpm, "fifo");
      return new DeviceTransport({ path: fifo.path, open: fifoPairOpener(fifo.path, fifo.responsePath) });
    },
  },
  { name: "tbs", ...ONE, make: async (tpm) => new TbsTransport({ binding: tbsDouble(tpm) }) },
  {
    name: "websocket",
    ...ONE,
    make: async (tpm) => {
      const { proxy } = await proxyFor(tpm);
      return new WebSocketTransport({
        url: proxy.url,
        token: proxy.token,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
      });
    },
    async dispose(tpm) {
      const p = proxies.get(tpm);
      proxies.delete(tpm);
      if (!p) return;
      const { proxy, upstream } = await p;
      await proxy.close();
      await upstream.close();
    },
  },
];
/** Every crypto plugin in the matrix ("none" is the no-crypto build). */
export const CRYPTOS: CryptoPlugin[] = [
  { name: "none", make: async () => undefined },
  { name: "forge", make: async () => createForgeCrypto() },
  { name: "webcrypto", make: async () => createWebCrypto() },
  // Only in memory: one cell with mssim (and the other transports' single cell).
  { name: "node", make: async () => createNodeCrypto(), stores: ["memory"] },
];
/** Every store in the matrix: memory (the no-file build) and files under a fresh TPM_DATA_DIR. */
export const STORES: StorePlugin[] = [
  { name: "memory", make: async () => ({}) },
  {
    name: "file",
    make: async () => {
      const dir = mkdtempSync(join(tmpdir(), "tss-data-"));
      return { store: new FileStore(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
];

/** One combination. */
export interface Combination {
  readonly transport: TransportPlugin;
  readonly crypto: CryptoPlugin;
  readonly store: StorePlugin;
  readonly label: string;
}

/** Filters for a suite: which crypto plugins it needs (e.g. only those with crypto). */
export interface MatrixFilter {
  readonly needsCrypto?: boolean;
  readonly transports?: readonly string[];
}

/** Every combination that passes the filter. */
export function combinations(filter: MatrixFilter = {}): Combination[] {
  const out: Combination[] = [];
  for (const transport of TRANSPORTS) {
    if (filter.transports && !filter.transports.includes(transport.name)) continue;
    for (const crypto of CRYPTOS) {
      if (filter.needsCrypto && crypto.name === "none") continue;
      if (transport.cryptos && !transport.cryptos.includes(crypto.name)) continue;
      for (const store of STORES) {
        if (transport.stores && !transport.stores.includes(store.name)) continue;
        if (crypto.stores && !crypto.stores.includes(store.name)) continue;
        out.push({ transport, crypto, store, label: `[${transport.name} x ${crypto.name} x ${store.name}]` });
      }
    }
  }
  return out;
}

/** A running swtpm with a TSS context built from one combination. */
export interface MatrixContext {
  readonly tpm: Swtpm;
  readonly tss: Tss;
  readonly crypto: Crypto | undefined;
  readonly combination: Combination;
  /** Another context on the same TPM (call `release()` first: swtpm serves one connection at a time). */
  newTss(options?: Partial<TssOptions>): Promise<Tss>;
  /** Closes the main context's connection (it reconnects on its next command), as setProperty does. */
  release(): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts swtpm and a TSS for a combination. */
export async function openMatrixContext(combination: Combination, swtpmOptions?: SwtpmOptions): Promise<MatrixContext> {
  const tpm = await startSwtpm(swtpmOptions);
  const crypto = await combination.crypto.make();
  const { dispose: disposeStore, ...storeOptions } = await combination.store.make();
  const contexts: Tss[] = [];
  const newTss = async (options: Partial<TssOptions> = {}) => {
    const tss = createTss({
      transport: await combination.transport.make(tpm),
      ...(crypto ? { crypto } : {}),
      ...storeOptions,
      ...options,
    });
    contexts.push(tss);
    return tss;
  };
  const tss = await newTss();
  return {
    tpm,
    tss,
    crypto,
    combination,
    newTss,
    async release() {
      await tss.setProperty("TPM_SERVER_NAME", tss.properties.get("TPM_SERVER_NAME"));
    },
    async dispose() {
      for (const t of contexts) await t.close().catch(() => undefined);
      await combination.transport.dispose?.(tpm).catch(() => undefined);
      await tpm.stop();
      disposeStore?.();
    },
  };
}
