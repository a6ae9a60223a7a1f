/**
 * Transports that openTss can build by TPM_INTERFACE_TYPE besides the built-in
 * ones: factories registered at run time (registerTransport), and the rule that
 * turns a TPM_INTERFACE_TYPE value into the name of a package to import.
 */
import { type Transport, TssError } from "@tss/marshal";

/**
 * Builds a transport from the connection settings: the TSS properties
 * (TPM_SERVER_NAME, TPM_COMMAND_PORT, TPM_DEVICE, ...) and TPM_PLATFORM_TYPE,
 * all as strings. The same shape as a transport package's
 * `createTransportFromProperties` export.
 */
export type TransportFactoryFromProperties = (
  properties: Readonly<Record<string, string>>,
) => Transport | Promise<Transport>;

/** The transport package for each built-in TPM_INTERFACE_TYPE. */
export const TRANSPORT_PACKAGES: Readonly<Record<string, string>> = {
  socsim: "@tss/transport-mssim",
  dev: "@tss/transport-device",
  tbs: "@tss/transport-tbs",
  websocket: "@tss/transport-websocket",
};

/** The prefix that turns a one-word TPM_INTERFACE_TYPE into a package name: `acme` → `tss-transport-acme`. */
export const TRANSPORT_PACKAGE_PREFIX = "tss-transport-";

/** An npm package name (optionally scoped), lower case, as npm accepts it. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

const registered = new Map<string, TransportFactoryFromProperties>();

/**
 * Makes `TPM_INTERFACE_TYPE=<name>` build its transport with `factory`. A name
 * is a word or an npm package name; registering a built-in name (socsim, dev,
 * tbs) replaces the built-in transport. Registering a name again replaces the
 * earlier factory.
 */
export function registerTransport(name: string, factory: TransportFactoryFromProperties): void {
  if (!isTransportTypeName(name))
    throw new TssError("BAD_PARAMETER", `registerTransport: ${JSON.stringify(name)} is not a transport name`);
  if (typeof factory !== "function")
    throw new TssError("BAD_PARAMETER", "registerTransport: the factory is not a function");
  registered.set(name, factory);
}

/** Removes a factory that registerTransport added; true when there was one. */
export function unregisterTransport(name: string): boolean {
  return registered.delete(name);
}

/** The factory registered for `name`, if any. */
export function registeredTransport(name: string): TransportFactoryFromProperties | undefined {
  return registered.get(name);
}

/** True when `value` can name a transport: a word or an npm package name (`@scope/name`). */
export function isTransportTypeName(value: string): boolean {
  return typeof value === "string" && value.length <= 214 && PACKAGE_NAME.test(value);
}

/**
 * The packages tried, in order, for a TPM_INTERFACE_TYPE that is neither
 * registered nor built in: for a one-word value `tss-transport-<value>` and
 * then the word itself as a package name; for `@scope/name` or
 * `tss-transport-*`, that package.
 */
export function transportPackageCandidates(type: string): readonly string[] {
  const builtIn = TRANSPORT_PACKAGES[type];
  if (builtIn) return [builtIn];
  if (!isTransportTypeName(type)) return [];
  if (type.startsWith("@") || type.startsWith(TRANSPORT_PACKAGE_PREFIX)) return [type];
  return [`${TRANSPORT_PACKAGE_PREFIX}${type}`, type];
}
