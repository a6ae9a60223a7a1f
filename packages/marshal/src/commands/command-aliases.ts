import type { CommandName } from "./index.js";

/**
 * Part 3 command names that share a code and a wire format with a schema of another
 * name: TPM2_HMAC's `hashAlg` is TPM2_MAC's `inScheme` restricted to hash algorithms,
 * its `outHMAC` is `outMAC`; likewise TPM2_HMAC_Start and TPM2_MAC_Start.
 */
export const COMMAND_ALIASES = { HMAC: "MAC", HMAC_Start: "MAC_Start" } as const satisfies Record<string, CommandName>;
