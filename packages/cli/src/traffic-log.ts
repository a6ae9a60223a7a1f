/**
 * tpmproxy's traffic log, in the IBM proxy's layout: "Command length N" (or
 * "Response length N"), then the bytes as upper-case hex pairs, sixteen to a
 * line, each line indented by one space.
 */
import type { SendOptions, Transport } from "@tss/marshal";

/** One logged message: its title line and the bytes, IBM's layout. */
export function trafficText(title: string, bytes: Uint8Array): string {
  let text = `${title} length ${bytes.length}\n `;
  bytes.forEach((b, i) => {
    if (i && i % 16 === 0) text += "\n ";
    text += `${b.toString(16).toUpperCase().padStart(2, "0")} `;
  });
  return `${text}\n`;
}

/** A transport that hands each command and response to `log` (as {@link trafficText}) around `inner`. */
export function loggingTransport(inner: Transport, log: (text: string) => void): Transport {
  return {
    async send(command: Uint8Array, options?: SendOptions): Promise<Uint8Array> {
      log(trafficText("Command", command));
      const response = await inner.send(command, options);
      log(trafficText("Response", response));
      return response;
    },
    close: () => inner.close(),
  };
}
