/**
 * policysigned: TPM2_PolicySigned with an RSASSA signature of aHash, made in
 * software from a PEM private key (-sk) or read from a file (-is, the raw
 * signature bytes, e.g. from a smart card); writes the ticket and timeout.
 */
import { TPM_ALG_ID } from "@tss/marshal";
import { policySignedAHash, rsassaSign } from "@tss/session";
import { hashFlag } from "../algorithms.js";
import { readPrivateKeyFile } from "../pem-files.js";
import { policySessionFlag, read2BFile, writeTicketFiles } from "../policy-flags.js";
import { softwareCrypto } from "../software-crypto.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";
import { expirationFlag } from "./policysecret.js";

/** The largest RSA signature a TPM2B_PUBLIC_KEY_RSA holds (a 4096-bit key). */
const MAX_RSA_SIGNATURE = 512;

/** policysigned -hk key -ha policy session [-in] [-cp] [-pref] [-exp] [-halg] -sk PEM [-pwdk] | -is signature [-tk] [-to]. */
export const policysigned: Utility = {
  name: "policysigned",
  summary: "Runs TPM2_PolicySigned",
  flags: {
    "-hk": "hex",
    "-ha": "hex",
    "-in": "string",
    "-cp": "string",
    "-pref": "string",
    "-exp": "string",
    "-halg": "string",
    "-sk": "string",
    "-is": "string",
    "-pwdk": "string",
    "-tk": "string",
    "-to": "string",
  },
  usage: [
    "\t-hk\tsignature verification key handle",
    "\t-ha\tpolicy session handle",
    "\t[-in\tnonceTPM file (default none)]",
    "\t[-cp\tcpHash file (default none)]",
    "\t[-pref\tpolicyRef file (default none)]",
    "\t[-exp\texpiration in decimal (default none)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t-sk\tRSA signing key file name (PEM format)",
    "\t\tUse this signing key.",
    "\t-is\tsignature file name",
    "\t\tUse this signature from e.g., a smart card or other HSM.",
    "\t[-pwdk\tsigning key password (default null)]",
    "\t[-tk\tticket file name]",
    "\t[-to\ttimeout file name]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const authObject = f.number("-hk");
    if (authObject === undefined) throw new UsageError("missing handle parameter -hk");
    const policySession = policySessionFlag(ctx, "-ha");
    const sk = f.string("-sk");
    const is = f.string("-is");
    if (sk === undefined && is === undefined) throw new UsageError("missing signing key -sk or signature -is");
    if (sk !== undefined && is !== undefined)
      throw new UsageError("cannot have both signing key -sk and signature -is");
    const hash = hashFlag("-halg", f.string("-halg"));
    const terms = {
      nonceTPM: await read2BFile(ctx, f.string("-in")),
      cpHashA: await read2BFile(ctx, f.string("-cp")),
      policyRef: await read2BFile(ctx, f.string("-pref")),
      expiration: expirationFlag(f.string("-exp")),
    };
    let sig: Uint8Array;
    if (sk !== undefined) {
      const key = await readPrivateKeyFile(ctx, sk, f.string("-pwdk"));
      if (!("rsa" in key)) throw new UsageError(`${sk}: policysigned signs with an RSA key (RSASSA)`);
      sig = rsassaSign(key, hash, await policySignedAHash(await softwareCrypto(), hash, terms));
    } else sig = await read2BFile(ctx, is, MAX_RSA_SIGNATURE);
    const out = await (await ctx.tss()).policySigned({
      authObject,
      policySession,
      ...terms,
      auth: { sigAlg: TPM_ALG_ID.RSASSA, signature: { rsassa: { hash, sig } } },
    });
    await writeTicketFiles(ctx, out);
    ctx.result(out);
  },
};
