/**
 * Command input data read as the IBM utilities read it: a whole binary file, or
 * a command-line string (-ic), limited to the size of the TPM2B it fills.
 */
import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { MAX_DIGEST_BUFFER, TssError } from "@tss/marshal";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/**
 * A whole file of at most `max` bytes; a longer one fails ("Input data too long"), as IBM's do.
 * At most `max` + 1 bytes are read, so a huge file or an endless one (/dev/zero, a pipe) fails at once.
 */
export async function readInputFile(ctx: UtilityContext, file: string, max: number): Promise<Uint8Array> {
  const handle = await open(resolve(ctx.io.cwd, file), "r");
  try {
    // Chunks as they come, so memory follows the file, not `max`; stop one byte past `max`.
    const chunks: Uint8Array[] = [];
    let length = 0;
    while (length <= max) {
      const chunk = new Uint8Array(Math.min(65536, max + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > max) {
      const info = await handle.stat();
      const size = info.isFile() ? String(info.size) : `over ${max}`;
      throw new TssError("BAD_PARAMETER", `Input data too long ${size} (${file}; at most ${max} bytes)`);
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    await handle.close();
  }
}

/**
 * The data of the -if file / -ic string pair of hash and hmac: exactly one of
 * them, at most `max` bytes (default MAX_DIGEST_BUFFER, a TPM2B_MAX_BUFFER).
 */
export async function fileOrStringFromFlags(ctx: UtilityContext, max: number = MAX_DIGEST_BUFFER): Promise<Uint8Array> {
  const file = ctx.flags.string("-if");
  const text = ctx.flags.string("-ic");
  if (file === undefined && text === undefined)
    throw new UsageError("Input file -if or input string -ic must be specified");
  if (file !== undefined && text !== undefined)
    throw new UsageError("Input file -if and input string -ic cannot both be specified");
  if (file !== undefined) return readInputFile(ctx, file, max);
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > max) throw new TssError("BAD_PARAMETER", `Input data too long ${bytes.length}`);
  return bytes;
}
