/**
 * timepacket: sends a command packet (hex text) to the TPM as is, -l times,
 * each after a random pause of up to a second, and prints how long the TPM took.
 */
import { readHeader, TpmError, TssError } from "@tss/marshal";
import { Properties, transportFromProperties } from "@tss/tss";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** The packet in a -if file: hex digits ending in exactly one space, as IBM's reads it. */
export function parsePacketText(text: string, file: string): Uint8Array {
  if (!text.endsWith(" ")) throw new UsageError(`packet string in ${file} does not end in a space`);
  const hex = text.slice(0, -1);
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new UsageError(`${file} is not an even number of hex digits followed by one space`);
  }
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** timepacket -if packet [-l loops]. */
export const timepacket: Utility = {
  name: "timepacket",
  summary: "Times the supplied packet",
  flags: { "-if": "string", "-l": "dec" },
  usage: [
    "\t-if\tpacket in hexascii (requires one space at end of packet)",
    "\t[-l\tnumber of loops to time (default 1)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const file = f.string("-if");
    if (file === undefined) throw new UsageError("Missing parameter -if");
    const loops = f.number("-l") ?? 1;
    if (loops === 0) throw new UsageError("-l option cannot be 0");
    const command = parsePacketText(new TextDecoder().decode(await ctx.readFile(file)), file);
    const header = readHeader(command);
    if (!header || header.size !== command.length) {
      throw new UsageError(`${file}: the packet's header size does not match its ${command.length} bytes`);
    }
    const properties = new Properties(undefined, ctx.io.env);
    const locality = Number(properties.get("TPM_TRANSMIT_LOCALITY"));
    const transport = await transportFromProperties(properties, ctx.io.env);
    let seconds = 0;
    const passes: number[] = [];
    try {
      for (let pass = 1; pass <= loops; pass++) {
        // A random start, as IBM's does, so that passes do not line up with anything periodic.
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 1000)));
        const start = performance.now();
        const response = await transport.send(command, { locality });
        const elapsed = (performance.now() - start) / 1000;
        const rc = readHeader(response)?.code;
        if (rc === undefined) throw new TssError("MALFORMED_RESPONSE", `a ${response.length}-byte response`);
        if (rc !== 0) throw new TpmError(rc, header.code, `the packet's command failed, rc 0x${rc.toString(16)}`);
        ctx.print(`End Pass ${pass}\n`);
        passes.push(elapsed);
        seconds += elapsed;
      }
    } finally {
      await transport.close();
    }
    ctx.result({ loops, seconds, secondsPerPass: seconds / loops, passes });
    ctx.print(`Loops ${loops} time ${seconds.toFixed(6)} time per pass ${(seconds / loops).toFixed(6)}\n`);
  },
};
