/**
 * policymaker: a policy digest computed offline from a file of policy
 * statements (lines of hex, each a policy command's bytes), as IBM's
 * policymaker: digest = H(digest || line) from zeros, PolicyCounterTimer lines
 * (0000016d...) with their arguments hashed first. The hashing is @tss/policy's.
 */
import { TPM_CC } from "@tss/marshal";
import { initialPolicyDigest, policyHash } from "@tss/policy";
import { HASH_NAMES, hashFlag } from "../algorithms.js";
import { readPolicyStatements } from "../policy-statements.js";
import { hexString, printAll } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import type { Utility } from "../utility.js";

const COUNTER_TIMER_PREFIX = "0000016d";

/** policymaker -if file [-halg alg] [-nz] [-of file] [-pr] [-ns]. */
export const policymaker: Utility = {
  name: "policymaker",
  summary: "Calculates a policy digest from a file of policy statements in hex",
  flags: { "-halg": "string", "-if": "string", "-of": "string", "-pr": "switch", "-nz": "switch", "-ns": "switch" },
  usage: [
    "\t[-halg\thash algorithm (sha1 sha256 sha384 sha512) (default sha256)]",
    "\t[-nz\tdo not extend starting with zeros, just hash the last line]",
    "\t-if\tinput policy statements in hex ascii",
    "\t[-of\toutput file - policy hash in binary]",
    "\t[-pr\tstdout - policy hash in hex ascii]",
    "\t[-ns\tadditionally print policy hash in hex ascii on one line]",
    "\t\tUseful to paste into policy OR",
    "",
    "\tEach line is one policy command's bytes in hex, extended as",
    "\tdigest = H(digest || line); an empty line hashes the digest alone;",
    "\ta PolicyCounterTimer line (0000016d...) extends H(its arguments).",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const hashAlg = hashFlag("-halg", f.string("-halg"));
    const inFile = ctx.need("-if", f.string("-if"), "input file parameter");
    const statements = readPolicyStatements(new TextDecoder().decode(await ctx.readFile(inFile)));
    const crypto = await softwareCrypto();
    // -nz: each line is hashed alone (no starting digest), so the last line decides.
    const nz = f.has("-nz");
    const start = (d: Uint8Array) => (nz ? new Uint8Array(0) : d);
    let digest = initialPolicyDigest(hashAlg);
    const intermediate: string[] = [];
    for (const s of statements) {
      if (s.text.startsWith(COUNTER_TIMER_PREFIX)) {
        // PolicyCounterTimer extends H(operandB || offset || operation), not the arguments themselves.
        const args = await policyHash(crypto, hashAlg, s.bytes.subarray(4));
        const cc = Uint8Array.of(0, 0, (TPM_CC.PolicyCounterTimer >> 8) & 0xff, TPM_CC.PolicyCounterTimer & 0xff);
        digest = await policyHash(crypto, hashAlg, start(digest), cc, nz ? new Uint8Array(0) : args);
      } else {
        digest = await policyHash(crypto, hashAlg, start(digest), s.bytes);
      }
      intermediate.push(hexString(digest));
      if (ctx.verbose) ctx.print(printAll("intermediate policy digest", digest));
    }
    if (f.has("-pr")) ctx.print(printAll("policy digest", digest));
    if (f.has("-ns")) ctx.print(`policy digest:\n${hexString(digest)}\n`);
    const outFile = f.string("-of");
    if (outFile !== undefined) await ctx.writeFile(outFile, digest);
    const algName = Object.keys(HASH_NAMES).find((k) => HASH_NAMES[k] === hashAlg);
    ctx.result({ hashAlg: algName, policyDigest: hexString(digest), intermediate });
    // IBM's policymaker prints no "success" line under -v.
    ctx.successPrinted = true;
  },
};
