/** nvsetbits: TPM2_NV_SetBits (ORs bits into a bit-field index), or with -phash only its parameter hash. */
import { createHash } from "node:crypto";
import { TPM_CC } from "@tss/marshal";
import { HASH_NAMES, NODE_HASH_NAMES, named } from "../algorithms.js";
import { parseDec, SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvIndexFlag } from "../nv-flags.js";
import { hex8, hexString } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/**
 * The parameter hash of NV_SetBits with `bits`: H(commandCode || bits), both
 * big-endian (the handles are not part of it), as PolicyParameters-style policies use.
 */
export function setBitsParameterHash(hashAlg: number, bits: bigint): Uint8Array {
  const buf = new Uint8Array(12);
  const view = new DataView(buf.buffer);
  view.setUint32(0, TPM_CC.NV_SetBits);
  view.setBigUint64(4, bits);
  return new Uint8Array(createHash(NODE_HASH_NAMES[hashAlg]!).update(buf).digest());
}

/** nvsetbits -ha index [-pwdn] [-hia o|p] [-bit n ...] [-phash alg file]. */
export const nvsetbits: Utility = {
  name: "nvsetbits",
  summary: "Runs TPM2_NV_SetBits",
  flags: { "-ha": "hex", "-pwdn": "string", "-hia": "string", "-bit": "list", "-phash": "string2", ...SESSION_FLAGS },
  usage: [
    "\t-ha\tNV index handle",
    "\t[-pwdn\tpassword for NV index (default empty)]",
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "\t[-bit\tbit to set, can be specified multiple times]",
    "\t[-phash\tpolicy hash algorithm (sha1, sha256, sha384, sha512)]",
    "\t\tand binary output file name",
    "\t\tOutputs the parameter hash, does not run the command",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    let bits = 0n;
    for (const text of f.list("-bit")) {
      const bit = parseDec("-bit", text);
      if (bit >= 64) throw new UsageError("-bit out of range");
      bits |= 1n << BigInt(bit);
    }
    const phash = f.strings("-phash");
    if (phash) {
      const hashAlg = named(HASH_NAMES, "-phash", phash[0]);
      const digest = setBitsParameterHash(hashAlg, bits);
      await ctx.writeFile(phash[1], digest);
      ctx.print(`${hexString(digest)}\n`);
      ctx.result({ bits: `0x${bits.toString(16).padStart(16, "0")}`, parameterHash: digest });
      return;
    }
    await (await ctx.tss()).nvSetBits(
      { authHandle, nvIndex, bits },
      { sessions: ctx.sessions(true, f.string("-pwdn"))! },
    );
    ctx.result({ nvIndex: hex8(nvIndex), bits: `0x${bits.toString(16).padStart(16, "0")}` });
  },
};
