/** activatecredential: TPM2_ActivateCredential, the credential made for a loaded object under a loaded key. */
import { TPM2B_ENCRYPTED_SECRET, TPM2B_ID_OBJECT } from "@tss/marshal";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** activatecredential -ha object -hk key -icred credential -is secret [-pwda] [-pwdk] [-ocred file]. */
export const activatecredential: Utility = {
  name: "activatecredential",
  summary: "Runs TPM2_ActivateCredential",
  flags: {
    "-ha": "hex",
    "-hk": "hex",
    "-icred": "string",
    "-is": "string",
    "-pwda": "string",
    "-pwdk": "string",
    "-ocred": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ha\tactivation handle of object associated with the certificate",
    "\t-hk\thandle of loaded decryption key",
    "\t-icred\tinput credential file name",
    "\t-is\tsecret file name",
    "",
    "\t[-pwda\tpassword for activation key (default empty)]",
    "\t[-pwdk\tpassword for decryption key (default empty)]",
    "\t[-ocred\t output credential file name (default do not save)]",
    "",
    "\t-se[0-2]\tsession handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const activateHandle = ctx.need("-ha", f.number("-ha"), "handle parameter");
    const keyHandle = ctx.need("-hk", f.number("-hk"), "handle parameter");
    const icred = ctx.need("-icred", f.string("-icred"), "name parameter");
    const is = ctx.need("-is", f.string("-is"), "name parameter");
    const credentialBlob = unmarshalStructure(TPM2B_ID_OBJECT, await ctx.readFile(icred), icred);
    const secret = unmarshalStructure(TPM2B_ENCRYPTED_SECRET, await ctx.readFile(is), is);
    const tss = await ctx.tss();
    const out = await tss.activateCredential(
      { activateHandle, keyHandle, credentialBlob, secret },
      { sessions: authSessions(f, [f.string("-pwda"), f.string("-pwdk")]) },
    );
    const ocred = f.string("-ocred");
    if (ocred !== undefined) await ctx.writeFile(ocred, out.certInfo);
    ctx.result({ certInfo: out.certInfo });
  },
};
