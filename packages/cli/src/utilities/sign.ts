/** sign: TPM2_Sign of a message's digest with a loaded signing key. */
import { TPM_ALG_ID, TPM_RH, TPM_ST, TPM2B_PUBLIC, TPMT_SIGNATURE, TPMT_TK_HASHCHECK } from "@tss/marshal";
import { hashFlag, named } from "../algorithms.js";
import { digestFromFlags } from "../digest-input.js";
import { readCounterFile } from "../ecc-points.js";
import { SESSION_FLAGS } from "../flags.js";
import { checkSignature } from "../signature-files.js";
import { marshalStructure, unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** -salg names and the scheme each selects. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, number>> = {
  rsa: TPM_ALG_ID.RSASSA,
  ecc: TPM_ALG_ID.ECDSA,
  hmac: TPM_ALG_ID.HMAC,
};
/** -scheme names. */
const SCHEMES: Readonly<Record<string, number>> = {
  rsassa: TPM_ALG_ID.RSASSA,
  rsapss: TPM_ALG_ID.RSAPSS,
  ecdsa: TPM_ALG_ID.ECDSA,
  ecdaa: TPM_ALG_ID.ECDAA,
  hmac: TPM_ALG_ID.HMAC,
};
/** The TPMU_SIG_SCHEME member of each scheme. */
const MEMBERS: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.RSASSA]: "rsassa",
  [TPM_ALG_ID.RSAPSS]: "rsapss",
  [TPM_ALG_ID.ECDSA]: "ecdsa",
  [TPM_ALG_ID.ECDAA]: "ecdaa",
  [TPM_ALG_ID.HMAC]: "hmac",
};

/**
 * sign -hk key -if message [-pwdk] [-halg] [-salg rsa|ecc|hmac] [-scheme]
 * [-cf counter] [-tk ticket] [-ipu public] [-os file]. -salg and -scheme both
 * set the scheme: the one given last wins, as in IBM's parser.
 */
export const sign: Utility = {
  name: "sign",
  summary: "Runs TPM2_Sign",
  flags: {
    "-hk": "hex",
    "-pwdk": "string",
    "-if": "string",
    "-ih": "string",
    "-halg": "string",
    "-salg": "string",
    "-scheme": "string",
    "-rsa": "switch",
    "-ecc": "switch",
    "-cf": "string",
    "-ipu": "string",
    "-tk": "string",
    "-os": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hk\tkey handle",
    "\t-if\tinput message to hash and sign",
    "\t[-ih\tinput digest to sign instead of -if (ours: IBM's has none)]",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]",
    "\t[-rsa, -ecc\tthe same as -salg rsa, -salg ecc (IBM TSS 1.4.5)]",
    "\t[-scheme signing scheme (rsassa, rsapss, ecdsa, ecdaa, hmac)]",
    "\t\t(default rsassa, ecdsa, hmac)]",
    "\t[-cf\tinput counter file (commit count required for ECDAA scheme]",
    "\t[-ipu\tpublic key file name to verify signature (default no verify)]",
    "\t[-os\tsignature file name (default do not save)]",
    "\t[-tk\tticket file name]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const halg = hashFlag("-halg", f.string("-halg"));
    // Each of -salg, -scheme, -rsa, -ecc sets the scheme; the last one given wins.
    const last = f.lastOf("-salg", "-scheme", "-rsa", "-ecc");
    let scheme: number = TPM_ALG_ID.RSASSA;
    if (last === "-salg") scheme = named(SIGNATURE_ALGORITHMS, "-salg", f.string("-salg"));
    else if (last === "-scheme") scheme = named(SCHEMES, "-scheme", f.string("-scheme"));
    else if (last === "-ecc") scheme = TPM_ALG_ID.ECDSA;
    const cf = f.string("-cf");
    if (scheme === TPM_ALG_ID.ECDAA && cf === undefined)
      throw new UsageError("Missing counter file name -cf for ECDAA algorithm");
    const digest = await digestFromFlags(ctx, halg);
    const details: Record<string, unknown> = { hashAlg: halg };
    if (scheme === TPM_ALG_ID.ECDAA) details.count = await readCounterFile(ctx, cf!);
    const tk = f.string("-tk");
    // Without -tk, a NULL ticket: enough for unrestricted keys.
    const validation =
      tk === undefined
        ? { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: new Uint8Array(0) }
        : unmarshalStructure(TPMT_TK_HASHCHECK, await ctx.readFile(tk), tk);
    const ipu = f.string("-ipu");
    const publicFile = ipu === undefined ? undefined : unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu);
    const tss = await ctx.tss();
    const out = await tss.sign(
      { keyHandle, digest, inScheme: { scheme, details: { [MEMBERS[scheme]!]: details } }, validation } as never,
      { sessions: ctx.sessions(true, f.string("-pwdk"))! },
    );
    const os = f.string("-os");
    if (os !== undefined) await ctx.writeFile(os, marshalStructure(TPMT_SIGNATURE, out.signature));
    // -ipu: the signature checked in software against the public key file.
    if (publicFile) await checkSignature({ publicArea: publicFile.publicArea }, digest, out.signature, ipu!);
    ctx.result(out);
  },
};
