/** getrandom: TPM2_GetRandom, repeated until the bytes requested are in hand. */
import { SESSION_FLAGS } from "../flags.js";
import { hexString, printAll } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** getrandom -by n [-of file] [-nz] [-ns]. */
export const getrandom: Utility = {
  name: "getrandom",
  summary: "Runs TPM2_GetRandom",
  flags: { "-by": "dec", "-of": "string", "-nz": "switch", "-ns": "switch", ...SESSION_FLAGS },
  usage: [
    "\t-by\tbytes requested",
    "\t[-of\toutput file, with -nz, appends nul terminator (default do not save)]",
    "\t[-nz\tget random number with no zero bytes (for authorization value)]",
    "\t[-ns\tno space, no text, no newlines]",
    "\t\tjust a string of hexascii suitable for a symmetric key",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const bytesRequested = f.number("-by");
    // As IBM's: 1 to 0xffff bytes.
    if (bytesRequested === undefined || bytesRequested === 0 || bytesRequested > 0xffff)
      throw new UsageError("Missing or bad parameter -by");
    const noZeros = f.has("-nz");
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const buffer = new Uint8Array(bytesRequested + (noZeros ? 1 : 0));
    let copied = 0;
    // The TPM returns at most one digest's worth per call: ask again for what is left.
    while (copied < bytesRequested) {
      const { randomBytes } = await tss.getRandom(
        { bytesRequested: Math.min(bytesRequested - copied, 0xffff) },
        sessions ? { sessions } : {},
      );
      if (randomBytes.length === 0) throw new Error("the TPM returned no random bytes");
      for (const b of randomBytes) {
        if (copied === bytesRequested) break;
        if (noZeros && b === 0) continue;
        buffer[copied++] = b;
      }
    }
    const of = f.string("-of");
    if (of !== undefined) await ctx.writeFile(of, buffer);
    const bytes = buffer.subarray(0, bytesRequested);
    ctx.print(f.has("-ns") ? `${hexString(bytes)}\n` : printAll("randomBytes", bytes));
    ctx.result({ randomBytes: bytes });
  },
};
