/**
 * Builds a simulator transport from the seed's property names, as @tss/tss's
 * zero-configuration entry does (TPM_SERVER_NAME, TPM_SERVER_TYPE,
 * TPM_COMMAND_PORT, TPM_PLATFORM_PORT; plus TPM_PLATFORM_TYPE, ours: "mssim",
 * "swtpm" or "none").
 */
import { type Transport, TssError } from "@tss/marshal";
import { MssimTransport, type PlatformDialect, type ServerType } from "./mssim-transport.js";

/** The properties this factory reads, with the seed's defaults. */
export const MSSIM_PROPERTY_DEFAULTS = {
  TPM_SERVER_NAME: "localhost",
  TPM_SERVER_TYPE: "mssim",
  TPM_COMMAND_PORT: "2321",
  TPM_PLATFORM_PORT: "2322",
  TPM_PLATFORM_TYPE: "mssim",
} as const;

function port(name: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new TssError("BAD_PROPERTY", `${name} is not a TCP port: ${JSON.stringify(value)}`);
  return n;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new TssError("BAD_PROPERTY", `${name} must be one of ${allowed.join(", ")}: ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Options of the simulator transport described by the properties (validated). */
export function mssimOptionsFromProperties(props: Readonly<Record<string, string | undefined>>) {
  const get = (k: keyof typeof MSSIM_PROPERTY_DEFAULTS) => props[k] ?? MSSIM_PROPERTY_DEFAULTS[k];
  const host = get("TPM_SERVER_NAME");
  if (host.length === 0) throw new TssError("BAD_PROPERTY", "TPM_SERVER_NAME is empty");
  return {
    host,
    serverType: oneOf<ServerType>("TPM_SERVER_TYPE", get("TPM_SERVER_TYPE"), ["mssim", "raw", "rawsingle"]),
    port: port("TPM_COMMAND_PORT", get("TPM_COMMAND_PORT")),
    platformPort: port("TPM_PLATFORM_PORT", get("TPM_PLATFORM_PORT")),
    platform: oneOf<PlatformDialect>("TPM_PLATFORM_TYPE", get("TPM_PLATFORM_TYPE"), ["mssim", "swtpm", "none"]),
  };
}

/**
 * The transport named by the seed's properties. No connection is opened until
 * the first command. Throws TssError BAD_PROPERTY for an invalid value.
 */
export async function createTransportFromProperties(
  props: Readonly<Record<string, string | undefined>>,
): Promise<Transport> {
  return new MssimTransport(mssimOptionsFromProperties(props));
}
