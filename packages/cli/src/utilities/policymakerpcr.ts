/**
 * policymakerpcr: a PolicyPCR statement for policymaker, from a PCR byte mask
 * and a file of PCR values in hex, as IBM's policymakerpcr: the line
 * TPM_CC_PolicyPCR || TPML_PCR_SELECTION (one bank, 24 PCRs) || pcrDigest, where
 * pcrDigest = H(the PCR values in order). The digest is @tss/policy's pcrDigest.
 */
import { marshal, TPM_CC, TPML_PCR_SELECTION } from "@tss/marshal";
import { pcrDigest, policyHashSize } from "@tss/policy";
import { HASH_NAMES, hashFlag } from "../algorithms.js";
import { hex8, hexString, printAll } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** At most this many PCR values are read (IBM's IMPLEMENTATION_PCR). */
const MAX_PCRS = 24;

/** policymakerpcr -bm mask [-if file] [-halg alg] [-of file] [-pr]. */
export const policymakerpcr: Utility = {
  name: "policymakerpcr",
  summary: "Creates a policyPCR term suitable for input to policymaker (hex ascii)",
  flags: { "-halg": "string", "-bm": "hex", "-if": "string", "-of": "string", "-pr": "switch" },
  usage: [
    "Assumes that the byte mask and PCR values are consistent",
    "",
    "\t[-halg\thash algorithm  (sha1 sha256 sha384 sha512) (default sha256)]",
    "\t-bm\tpcr byte mask in hex, big endian",
    "",
    "\te.g. 010000 selects PCR 16",
    "\te.g. ffffff selects all 24 PCRs",
    "",
    `\t-if input file - PCR values, hex ascii, one per line, ${MAX_PCRS} max`,
    "\trequired unless pcr mask is 0",
    "",
    "\t[-of\toutput file - policy hash in binary]",
    "\t[-pr\tstdout - policy hash in hex ascii]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const size = policyHashSize(hashAlg);
    // IBM reads the mask into a UINT32 whose "absent" value is ffffffff.
    const mask = f.number("-bm") ?? 0xffffffff;
    if (mask === 0xffffffff) throw new UsageError("Missing or illegal pcr byte mask parameter -bm");
    const inFile = f.string("-if");
    if (mask !== 0 && inFile === undefined) throw new UsageError("Missing file name parameter -if");
    if (mask === 0 && inFile !== undefined) throw new UsageError("Unnecessary file name parameter -if");
    const values: Uint8Array[] = [];
    if (inFile !== undefined) {
      const lines = new TextDecoder().decode(await ctx.readFile(inFile)).split("\n");
      if (lines.at(-1) === "") lines.pop();
      for (const [i, line] of lines.slice(0, MAX_PCRS).entries()) {
        if (line.length !== size * 2)
          throw new UsageError(`Line length ${line.length} is not twice digest size ${size} (line ${i + 1})`);
        if (/[^0-9a-fA-F]/.test(line)) throw new UsageError(`Line has non hex ascii character (line ${i + 1})`);
        const v = new Uint8Array(size);
        for (let b = 0; b < size; b++) v[b] = Number.parseInt(line.slice(2 * b, 2 * b + 2), 16);
        values.push(v);
        if (ctx.verbose) ctx.print(`PCR ${i}\n${printAll("PCR", v)}`);
      }
    }
    const crypto = await softwareCrypto();
    const digest = await pcrDigest(crypto, hashAlg, values);
    if (ctx.verbose) ctx.print(printAll("PCR composite digest", digest));
    // One bank of 24 PCRs; pcrSelect[0] holds PCRs 0-7 (the mask's low byte).
    const pcrs = [{ hash: hashAlg, pcrSelect: Uint8Array.of(mask & 0xff, (mask >>> 8) & 0xff, (mask >>> 16) & 0xff) }];
    const line = `${hex8(TPM_CC.PolicyPCR)}${hexString(marshal(TPML_PCR_SELECTION, pcrs))}${hexString(digest)}\n`;
    if (f.has("-pr")) ctx.print(line);
    const outFile = f.string("-of");
    if (outFile !== undefined) await ctx.writeFile(outFile, new TextEncoder().encode(line));
    const algName = Object.keys(HASH_NAMES).find((k) => HASH_NAMES[k] === hashAlg);
    ctx.result({
      hashAlg: algName,
      pcrSelect: hexString(pcrs[0]!.pcrSelect),
      pcrDigest: hexString(digest),
      statement: line.trim(),
    });
    ctx.successPrinted = true;
  },
};
