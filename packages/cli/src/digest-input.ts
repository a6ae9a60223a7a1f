/** The digest a sign or verify utility works on: a message file hashed with -halg, or a hash file as is. */
import { createHash } from "node:crypto";
import { digestSize } from "@tss/marshal";
import { NODE_HASH_NAMES } from "./algorithms.js";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/** -if message (hashed here with `hashAlg`) or -ih digest (its length must match `hashAlg`). */
export async function digestFromFlags(ctx: UtilityContext, hashAlg: number): Promise<Uint8Array> {
  const message = ctx.flags.string("-if");
  const hashFile = ctx.flags.string("-ih");
  if (message !== undefined && hashFile !== undefined) throw new UsageError("-if and -ih cannot both be given");
  if (message !== undefined) {
    return new Uint8Array(
      createHash(NODE_HASH_NAMES[hashAlg]!)
        .update(await ctx.readFile(message))
        .digest(),
    );
  }
  if (hashFile !== undefined) {
    const digest = await ctx.readFile(hashFile);
    if (digest.length !== digestSize(hashAlg))
      throw new UsageError(`${hashFile} holds ${digest.length} bytes, not a ${digestSize(hashAlg)}-byte digest`);
    return digest;
  }
  throw new UsageError("missing message file name -if or hash file name -ih");
}
