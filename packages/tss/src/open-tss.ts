import { type Crypto, type Transport, TssError } from "@tss/marshal";
import type { Properties, PropertyName } from "./properties.js";
import type { TssStore } from "./store/tss-store.js";
import {
  registeredTransport,
  type TransportFactoryFromProperties,
  transportPackageCandidates,
} from "./transport-registry.js";
import { Tss, type TssOptions } from "./tss.js";

/** Crypto packages tried in order when none is given (@tss/crypto-node only under Node). */
export const CRYPTO_PACKAGES: readonly string[] = ["@tss/crypto-node", "@tss/crypto-webcrypto", "@tss/crypto-forge"];

/** Whether this runs under Node (where @tss/crypto-node, on node:crypto, can load). */
function onNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
}

/**
 * Imports a plugin package by name; undefined when it is not installed. A package
 * that is installed but cannot load (one of its own imports is missing) throws
 * that error rather than passing for absent.
 */
export async function importPlugin(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const text = String(e);
    const notFound =
      code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find (module|package)/.test(text);
    if (!notFound) throw e;
    // "Cannot find package 'x' imported from ...": missing only when x is this package.
    const named = /Cannot find (?:module|package) '([^']+)'/.exec(text)?.[1];
    if (named !== undefined && named !== name && !named.startsWith(`${name}/`)) throw e;
    return undefined;
  }
}

/** Imports a plugin package, or throws PLUGIN_MISSING naming the package to install. */
export async function requirePlugin(pkg: string, neededFor: string): Promise<Record<string, unknown>> {
  const mod = await importPlugin(pkg);
  if (!mod) throw new TssError("PLUGIN_MISSING", `${neededFor} needs the package ${pkg}: npm install ${pkg}`);
  return mod;
}

/**
 * Settings a transport plugin reads from the environment besides the TSS
 * properties: TPM_PLATFORM_TYPE (the simulator's platform dialect, mssim or swtpm);
 * TPM_WEBSOCKET_URL and TPM_WEBSOCKET_TOKEN (the WebSocket proxy, TPM_INTERFACE_TYPE=websocket).
 */
export const TRANSPORT_ENV_SETTINGS: readonly string[] = [
  "TPM_PLATFORM_TYPE",
  "TPM_WEBSOCKET_URL",
  "TPM_WEBSOCKET_TOKEN",
];

/**
 * Finds the factory for a TPM_INTERFACE_TYPE: a registered one, else the
 * `createTransportFromProperties` export of the built-in package or of the
 * package the value names (transportPackageCandidates), by dynamic import.
 */
async function transportFactoryFor(type: string): Promise<TransportFactoryFromProperties> {
  const registered = registeredTransport(type);
  if (registered) return registered;
  const candidates = transportPackageCandidates(type);
  if (candidates.length === 0) throw new TssError("BAD_PROPERTY", `unknown TPM_INTERFACE_TYPE ${type}`);
  for (const pkg of candidates) {
    const mod = await importPlugin(pkg);
    if (!mod) continue;
    const factory = mod.createTransportFromProperties;
    if (typeof factory !== "function")
      throw new TssError("PLUGIN_MISSING", `${pkg} has no createTransportFromProperties() export`);
    return factory as TransportFactoryFromProperties;
  }
  const list = candidates.join(" or ");
  throw new TssError(
    "PLUGIN_MISSING",
    `TPM_INTERFACE_TYPE=${type} needs the package ${list} (npm install ${candidates[0]}), or registerTransport("${type}", factory)`,
  );
}

/**
 * Builds the transport named by TPM_INTERFACE_TYPE from the properties: a
 * registerTransport factory, a built-in transport package (socsim, dev, tbs), or a
 * third-party package named by the value (docs/writing-a-transport.md); `env`
 * supplies the TRANSPORT_ENV_SETTINGS (not TSS properties).
 */
export async function transportFromProperties(
  properties: Properties,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<Transport> {
  const type = properties.get("TPM_INTERFACE_TYPE");
  const factory = await transportFactoryFor(type);
  const values: Record<string, string> = {};
  for (const name of TRANSPORT_ENV_SETTINGS) {
    const v = env[name];
    if (v !== undefined) values[name] = v;
  }
  for (const name of Object.keys(properties.snapshot()) as PropertyName[]) values[name] = properties.get(name);
  const transport = await factory(values);
  if (typeof (transport as Partial<Transport> | undefined)?.send !== "function")
    throw new TssError("PLUGIN_MISSING", `the transport for TPM_INTERFACE_TYPE=${type} has no send()`);
  return transport;
}

/** The first installed crypto plugin, or undefined (then only password sessions work). */
export async function defaultCrypto(): Promise<Crypto | undefined> {
  for (const pkg of CRYPTO_PACKAGES) {
    if (pkg === "@tss/crypto-node" && !onNode()) continue;
    const mod = await importPlugin(pkg);
    const make = mod?.createCrypto;
    if (typeof make === "function") return (await make()) as Crypto;
  }
  return undefined;
}

/** What openTss takes: everything optional. */
export interface OpenTssOptions extends Omit<TssOptions, "transport" | "transportFactory" | "store"> {
  /**
   * A store, or "memory" (the default), or "file" for TPM_DATA_DIR: the file
   * store exists under Node only (the "node" export condition of @tss/tss, or
   * @tss/tss/node); elsewhere "file" is TssError UNSUPPORTED.
   */
  readonly store?: TssStore | "file" | "memory";
  /** A transport to use instead of the one TPM_INTERFACE_TYPE names. */
  readonly transport?: Transport;
}

/**
 * The zero-configuration entry: properties from `env` (and `properties`), the
 * transport that TPM_INTERFACE_TYPE names (or `transport`), the first installed
 * crypto plugin (or `crypto`), plugins loaded by dynamic import; a missing plugin
 * is named in the error. This is the browser-safe build: `env` defaults to none
 * and there is no file store. Under Node, `import { openTss } from "@tss/tss"`
 * resolves to @tss/tss/node, whose openTss reads process.env and has the file store.
 */
export async function openTss(options: OpenTssOptions = {}): Promise<Tss> {
  const env = options.env ?? {};
  const crypto = options.crypto ?? (await defaultCrypto());
  let store: TssStore | undefined;
  if (options.store === "file") {
    throw new TssError(
      "UNSUPPORTED",
      'store "file" needs Node (import openTss from @tss/tss under Node, or from @tss/tss/node); pass a TssStore instead',
    );
  } else if (options.store !== undefined && options.store !== "memory") {
    store = options.store;
  }
  const { store: _given, transport, ...rest } = options;
  return new Tss({
    ...rest,
    env,
    crypto,
    ...(store ? { store } : {}),
    ...(transport
      ? { transport }
      : { transportFactory: (properties: Properties) => transportFromProperties(properties, env) }),
  });
}
