import { type Crypto, type Transport, TssError } from "@tss/marshal";
import type { Properties, PropertyName } from "./properties.js";
import type { TssStore } from "./store/tss-store.js";
import { Tss, type TssOptions } from "./tss.js";

/** The transport package for each TPM_INTERFACE_TYPE. */
export const TRANSPORT_PACKAGES: Readonly<Record<string, string>> = {
  socsim: "@tss/transport-mssim",
  dev: "@tss/transport-device",
  tbs: "@tss/transport-tbs",
};

/** Crypto packages tried in order when none is given. */
export const CRYPTO_PACKAGES: readonly string[] = ["@tss/crypto-webcrypto", "@tss/crypto-forge"];

/** Imports a plugin package by name; undefined when it is not installed. */
export async function importPlugin(name: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(/* @vite-ignore */ name)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (
      code === "ERR_MODULE_NOT_FOUND" ||
      code === "MODULE_NOT_FOUND" ||
      /Cannot find (module|package)/.test(String(e))
    )
      return undefined;
    throw e;
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
 * properties: TPM_PLATFORM_TYPE (the simulator's platform dialect, mssim or swtpm).
 */
export const TRANSPORT_ENV_SETTINGS: readonly string[] = ["TPM_PLATFORM_TYPE"];

/**
 * Builds the transport named by TPM_INTERFACE_TYPE from the properties, by
 * dynamic import; `env` supplies the TRANSPORT_ENV_SETTINGS (not TSS properties).
 */
export async function transportFromProperties(
  properties: Properties,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<Transport> {
  const type = properties.get("TPM_INTERFACE_TYPE");
  const pkg = TRANSPORT_PACKAGES[type];
  if (!pkg) throw new TssError("BAD_PROPERTY", `unknown TPM_INTERFACE_TYPE ${type}`);
  const mod = await requirePlugin(pkg, `TPM_INTERFACE_TYPE=${type}`);
  const factory = mod.createTransportFromProperties;
  if (typeof factory !== "function")
    throw new TssError("PLUGIN_MISSING", `${pkg} has no createTransportFromProperties()`);
  const values: Record<string, string> = {};
  for (const name of TRANSPORT_ENV_SETTINGS) {
    const v = env[name];
    if (v !== undefined) values[name] = v;
  }
  for (const name of Object.keys(properties.snapshot()) as PropertyName[]) values[name] = properties.get(name);
  return (await factory(values)) as Transport;
}

/** The first installed crypto plugin, or undefined (then only password sessions work). */
export async function defaultCrypto(): Promise<Crypto | undefined> {
  for (const pkg of CRYPTO_PACKAGES) {
    const mod = await importPlugin(pkg);
    const make = mod?.createCrypto;
    if (typeof make === "function") return (await make()) as Crypto;
  }
  return undefined;
}

/** What openTss takes: everything optional. */
export interface OpenTssOptions extends Omit<TssOptions, "transport" | "transportFactory" | "store"> {
  /** A store, or "file" for TPM_DATA_DIR (Node), or "memory" (the default). */
  readonly store?: TssStore | "file" | "memory";
}

/**
 * The zero-configuration entry: properties from the environment (and `properties`),
 * the transport that TPM_INTERFACE_TYPE names, the first installed crypto plugin,
 * all loaded by dynamic import; a missing plugin is named in the error.
 */
export async function openTss(options: OpenTssOptions = {}): Promise<Tss> {
  const env =
    options.env ?? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const crypto = options.crypto ?? (await defaultCrypto());
  let store: TssStore | undefined;
  if (options.store === "file") {
    const { FileStore } = await import("./store/file-store.js");
    const dir = env.TPM_DATA_DIR ?? options.properties?.TPM_DATA_DIR ?? ".";
    store = new FileStore(dir);
  } else if (options.store !== undefined && options.store !== "memory") {
    store = options.store;
  }
  const { store: _given, ...rest } = options;
  return new Tss({
    ...rest,
    env,
    crypto,
    ...(store ? { store } : {}),
    transportFactory: (properties) => transportFromProperties(properties, env),
  });
}
