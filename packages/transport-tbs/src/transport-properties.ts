/**
 * Builds the TBS transport for @tss/tss's zero-configuration entry
 * (TPM_INTERFACE_TYPE "tbs", or "dev" on Windows). TBS takes no properties: the
 * seed's TPM_DEVICE is not used on Windows.
 */
import type { Transport } from "@tss/marshal";
import { TbsTransport } from "./tbs-transport.js";

/** The TBS transport; nothing native loads until the first command. */
export async function createTransportFromProperties(
  _props: Readonly<Record<string, string | undefined>> = {},
): Promise<Transport> {
  return new TbsTransport();
}
