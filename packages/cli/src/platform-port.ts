/**
 * The simulator's platform port for powerup and tpmcmd: the MS simulator's
 * platform codes or swtpm's control channel (TPM_PLATFORM_TYPE), at
 * TPM_SERVER_NAME:TPM_PLATFORM_PORT. Real TPMs (dev, tbs) have none.
 */
import { TssError } from "@tss/marshal";
import {
  type MssimPlatform,
  MssimTransport,
  mssimOptionsFromProperties,
  type SwtpmPlatform,
} from "@tss/transport-mssim";

/** The platform port of one dialect. */
export type PlatformPort = MssimPlatform | SwtpmPlatform;

/** Runs `use` with the platform port the environment names, and closes it after. */
export async function withPlatformPort<T>(
  env: Readonly<Record<string, string | undefined>>,
  use: (platform: PlatformPort) => Promise<T>,
): Promise<T> {
  const type = env.TPM_INTERFACE_TYPE ?? "socsim";
  if (type !== "socsim") {
    throw new TssError("UNSUPPORTED", `platform signals need a simulator (TPM_INTERFACE_TYPE=socsim), not ${type}`);
  }
  const transport = new MssimTransport(mssimOptionsFromProperties(env));
  const platform = transport.platform;
  try {
    if (!platform) throw new TssError("UNSUPPORTED", "no platform port (TPM_PLATFORM_TYPE=none)");
    return await use(platform);
  } finally {
    await transport.close();
  }
}
