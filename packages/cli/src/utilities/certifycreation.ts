/** certifycreation: TPM2_CertifyCreation, a loaded key's signature binding an object to its creation data. */
import { TPM_ALG_ID, TPMT_TK_CREATION } from "@tss/marshal";
import { named } from "../algorithms.js";
import {
  ATTEST_FLAGS,
  ATTEST_SESSION_USAGE,
  attestScheme,
  finishAttestation,
  qualifyingData,
  sameBytes,
  sigScheme,
} from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { unmarshalStructure } from "../structure-files.js";
import type { Utility } from "../utility.js";

/** The largest creation hash: sizeof(TPMU_HA), a SHA-512 digest. */
const MAX_CREATION_HASH = 64;

/** certifycreation -ho object -hk key [-pwdk] [-halg] [-salg rsa|ecc] [-qd] -tk ticket -ch hash [-os] [-oa]. */
export const certifycreation: Utility = {
  name: "certifycreation",
  summary: "Runs TPM2_CertifyCreation",
  flags: { "-ho": "hex", "-tk": "string", "-ch": "string", ...ATTEST_FLAGS, ...SESSION_FLAGS },
  usage: [
    "\t-ho\tobject handle",
    "\t-hk\tcertifying key handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc) (default rsa)]",
    "\t[-qd\tqualifying data file name]",
    "\t-tk\tinput ticket file name",
    "\t-ch\tinput creation hash file name",
    "\t[-os\tsignature file name] (default do not save)",
    "\t[-oa\tattestation output file name (default do not save)]",
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const tk = ctx.need("-tk", f.string("-tk"), "ticket parameter");
    const ch = ctx.need("-ch", f.string("-ch"), "creation hash file parameter");
    const halg = attestScheme(ctx, ["sha1", "sha256", "sha384"], false).details.rsassa!.hashAlg;
    const scheme = named({ rsa: TPM_ALG_ID.RSASSA, ecc: TPM_ALG_ID.ECDSA }, "-salg", f.string("-salg") ?? "rsa");
    const data = await qualifyingData(ctx);
    const creationTicket = unmarshalStructure(TPMT_TK_CREATION, await ctx.readFile(tk), tk);
    const creationHash = await ctx.readFile(ch);
    if (creationHash.length > MAX_CREATION_HASH) {
      throw new Error(`size of creationHash ${creationHash.length} greater than hash size ${MAX_CREATION_HASH}`);
    }
    const tss = await ctx.tss();
    const out = await tss.certifyCreation(
      {
        signHandle,
        objectHandle,
        qualifyingData: data,
        creationHash,
        inScheme: sigScheme(scheme, halg),
        creationTicket,
      } as never,
      { sessions: authSessions(f, [f.string("-pwdk")]) },
    );
    await finishAttestation(
      ctx,
      { attest: out.certifyInfo, signature: out.signature, qualifyingData: data },
      {
        check(attest) {
          const certified = (attest.attested as { creation?: { creationHash: Uint8Array } }).creation?.creationHash;
          if (!certified || !sameBytes(certified, creationHash)) throw new Error("in creationHash != out creationHash");
        },
      },
    );
  },
};
