/**
 * makecredential: TPM2_MakeCredential with a loaded key (-ha), or, with -ipu
 * (ours), the same computation in software from the key's public area file,
 * without a TPM (@tss/session makeCredential).
 */
import { TPM2B_ENCRYPTED_SECRET, TPM2B_ID_OBJECT, TPM2B_PUBLIC } from "@tss/marshal";
import { makeCredential } from "@tss/session";
import { defaultCrypto } from "@tss/tss";
import { SESSION_FLAGS } from "../flags.js";
import { marshalStructure, unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The largest credential (TPM2B_DIGEST) and Name (TPM2B_NAME) the files may hold. */
const MAX_CREDENTIAL = 64;
const MAX_NAME = 68;

async function readSized(ctx: UtilityContext, flag: string, what: string, max: number): Promise<Uint8Array> {
  const file = ctx.need(flag, ctx.flags.string(flag), "name parameter");
  const bytes = await ctx.readFile(file);
  if (bytes.length > max) throw new Error(`${what} file ${file} has ${bytes.length} octets, at most ${max}`);
  return bytes;
}

/** makecredential -ha key | -ipu public -icred credential -in name [-ocred file] [-os file]. */
export const makecredential: Utility = {
  name: "makecredential",
  summary: "Runs TPM2_MakeCredential (or, with -ipu, makes the credential in software)",
  flags: {
    "-ha": "hex",
    "-ipu": "string",
    "-icred": "string",
    "-in": "string",
    "-ocred": "string",
    "-os": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\thandle of encryption key public area",
    "\t-icred\tinput credential file name",
    "\t-in\tobject name file name",
    "\t[-ocred\t output credential file name (default do not save)]",
    "\t[-os\tsecret file name (default do not save)]",
    "",
    "\t[-ipu\tencryption key public area file (TPM2B_PUBLIC), instead of -ha:",
    "\t\tthe credential is made in software, no TPM is used (not in IBM's)]",
    "",
    "\t-se[0-2] session handle (default NULL)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const handle = f.number("-ha");
    const ipu = f.string("-ipu");
    if (handle === undefined && ipu === undefined) throw new UsageError("missing handle parameter -ha");
    if (handle !== undefined && ipu !== undefined) throw new UsageError("only one of -ha, -ipu can be specified");
    const credential = await readSized(ctx, "-icred", "credential", MAX_CREDENTIAL);
    const objectName = await readSized(ctx, "-in", "name", MAX_NAME);
    let out: { credentialBlob: Uint8Array; secret: Uint8Array };
    if (ipu !== undefined) {
      const keyPublic = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu).publicArea;
      const crypto = await defaultCrypto();
      if (!crypto) throw new Error("making a credential in software needs a crypto plugin (@tss/crypto-webcrypto)");
      out = await makeCredential(crypto, keyPublic, objectName, credential);
    } else {
      const tss = await ctx.tss();
      const sessions = ctx.sessions(false);
      out = await tss.makeCredential({ handle: handle!, credential, objectName }, sessions ? { sessions } : {});
    }
    const ocred = f.string("-ocred");
    if (ocred !== undefined) await ctx.writeFile(ocred, marshalStructure(TPM2B_ID_OBJECT, out.credentialBlob));
    const os = f.string("-os");
    if (os !== undefined) await ctx.writeFile(os, marshalStructure(TPM2B_ENCRYPTED_SECRET, out.secret));
    ctx.result(out);
  },
};
