/**
 * Builds a device transport from the seed's properties: TPM_DEVICE names the
 * character device (default /dev/tpm0); "serial:<path>" names a serial TPM,
 * at TPM_SERIAL_BAUD_RATE (ours; default 115200).
 */
import { type Transport, TssError } from "@tss/marshal";
import { DeviceTransport } from "./device-transport.js";
import { SerialTransport } from "./serial-transport.js";

/** The properties this factory reads, with their defaults. */
export const DEVICE_PROPERTY_DEFAULTS = {
  TPM_DEVICE: "/dev/tpm0",
  TPM_SERIAL_BAUD_RATE: "115200",
} as const;

/**
 * The transport named by TPM_DEVICE. Nothing is opened until the first command.
 * Throws TssError BAD_PROPERTY for an invalid value.
 */
export async function createTransportFromProperties(
  props: Readonly<Record<string, string | undefined>>,
): Promise<Transport> {
  const device = props.TPM_DEVICE ?? DEVICE_PROPERTY_DEFAULTS.TPM_DEVICE;
  if (device.length === 0) throw new TssError("BAD_PROPERTY", "TPM_DEVICE is empty");
  if (device.startsWith("serial:")) {
    const baud = props.TPM_SERIAL_BAUD_RATE ?? DEVICE_PROPERTY_DEFAULTS.TPM_SERIAL_BAUD_RATE;
    if (!/^\d+$/.test(baud) || Number(baud) === 0) {
      throw new TssError("BAD_PROPERTY", `TPM_SERIAL_BAUD_RATE is not a baud rate: ${JSON.stringify(baud)}`);
    }
    const path = device.slice("serial:".length);
    if (path.length === 0) throw new TssError("BAD_PROPERTY", "TPM_DEVICE serial: names no port");
    return new SerialTransport({ path, baudRate: Number(baud) });
  }
  return new DeviceTransport({ path: device });
}
