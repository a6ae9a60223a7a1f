import { TssError } from "@tss/marshal";
import { isTransportTypeName } from "./transport-registry.js";

/** The seed's property names, each with its default (the IBM TSS's compile-time default). */
export const PROPERTY_DEFAULTS = {
  /** 0 none, 1 errors, 2 errors and execution flow. Per process. */
  TPM_TRACE_LEVEL: "0",
  /** Where the file store keeps h<handle>.bin, nvp<handle>.bin and session state. */
  TPM_DATA_DIR: ".",
  /**
   * socsim (TCP simulator), dev (/dev/tpm0 or /dev/tpmrm0), tbs (Windows), a name
   * given to registerTransport, or a transport package (docs/writing-a-transport.md).
   */
  TPM_INTERFACE_TYPE: "socsim",
  TPM_SERVER_NAME: "localhost",
  /** mssim (framed), raw (bare TPM bytes) or rawsingle (a connection per command). */
  TPM_SERVER_TYPE: "mssim",
  TPM_COMMAND_PORT: "2321",
  TPM_PLATFORM_PORT: "2322",
  TPM_DEVICE: "/dev/tpm0",
  /** 1: saved session state is encrypted; 0: plaintext. */
  TPM_ENCRYPT_SESSIONS: "1",
  /** Hex key for saved session state; empty: a per-process random key. */
  TPM_SESSION_ENCKEY: "",
  /** Locality for commands (0..4). */
  TPM_TRANSMIT_LOCALITY: "0",
} as const;

/** A property name. */
export type PropertyName = keyof typeof PROPERTY_DEFAULTS;

/** Properties that describe the connection: setting one closes an open connection. */
export const CONNECTION_PROPERTIES: ReadonlySet<PropertyName> = new Set([
  "TPM_INTERFACE_TYPE",
  "TPM_SERVER_NAME",
  "TPM_SERVER_TYPE",
  "TPM_COMMAND_PORT",
  "TPM_PLATFORM_PORT",
  "TPM_DEVICE",
]);

const validators: Partial<Record<PropertyName, (v: string) => boolean>> = {
  TPM_TRACE_LEVEL: (v) => /^[0-2]$/.test(v),
  // socsim, dev, tbs, a registerTransport name, or a transport package's name.
  TPM_INTERFACE_TYPE: (v) => isTransportTypeName(v),
  TPM_SERVER_TYPE: (v) => ["mssim", "raw", "rawsingle"].includes(v),
  TPM_COMMAND_PORT: (v) => /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536,
  TPM_PLATFORM_PORT: (v) => /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 65536,
  TPM_ENCRYPT_SESSIONS: (v) => v === "0" || v === "1",
  TPM_SESSION_ENCKEY: (v) => v === "" || (/^([0-9a-fA-F]{2})+$/.test(v) && v.length <= 64),
  TPM_TRANSMIT_LOCALITY: (v) => /^\d+$/.test(v) && (Number(v) <= 4 || (Number(v) >= 32 && Number(v) <= 255)),
};

/** True when `name` is a property name. */
export function isPropertyName(name: string): name is PropertyName {
  return Object.hasOwn(PROPERTY_DEFAULTS, name);
}

/** Throws BAD_PROPERTY unless `value` is legal for `name`. */
export function checkProperty(name: string, value: string): asserts name is PropertyName {
  if (!isPropertyName(name)) throw new TssError("BAD_PROPERTY", `unknown property ${name}`);
  const ok = validators[name];
  if (ok && !ok(value)) throw new TssError("BAD_PROPERTY", `invalid value for ${name}: ${JSON.stringify(value)}`);
}

/**
 * Resolves properties with the seed's precedence: the value given at creation
 * (the compile-time default) < the environment variable < setProperty.
 */
export class Properties {
  private readonly values = new Map<PropertyName, string>();

  constructor(given: Partial<Record<PropertyName, string>> = {}, env: Record<string, string | undefined> = {}) {
    for (const name of Object.keys(PROPERTY_DEFAULTS) as PropertyName[]) {
      const fromEnv = env[name];
      const v = fromEnv ?? given[name] ?? PROPERTY_DEFAULTS[name];
      checkProperty(name, v);
      this.values.set(name, v);
    }
  }

  /** The current value. */
  get(name: PropertyName): string {
    return this.values.get(name)!;
  }

  /** Every property with its current value. */
  snapshot(): Record<PropertyName, string> {
    return Object.fromEntries(this.values) as Record<PropertyName, string>;
  }

  /** Sets a value (validated). */
  set(name: string, value: string): PropertyName {
    checkProperty(name, value);
    this.values.set(name, value);
    return name;
  }
}
