/** nvcertify: TPM2_NV_Certify, a loaded key's signature over NV contents (or, with -sz 0 -off 0, their digest). */
import { ATTEST_FLAGS, ATTEST_SESSION_USAGE, attestScheme, finishAttestation } from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { nvAuthHandle, nvIndexFlag } from "../nv-flags.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

const { "-qd": _qd, ...SIGN_FLAGS } = ATTEST_FLAGS;

/** nvcertify -ha index [-pwdn] [-hia o|p] -hk key [-pwdk] [-halg] [-salg] -sz n [-off n] [-os] [-oa] [-od]. */
export const nvcertify: Utility = {
  name: "nvcertify",
  summary: "Runs TPM2_NV_Certify",
  flags: {
    "-ha": "hex",
    "-pwdn": "string",
    "-hia": "string",
    "-sz": "dec",
    "-off": "dec",
    "-od": "string",
    ...SIGN_FLAGS,
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hia\thierarchy authorization (o, p)(default index authorization)]",
    "\t-ha\tNV index handle",
    "\t[-pwdn\tpassword for NV index (default empty)]",
    "\t-hk\tcertifying key handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]",
    "\t-sz\tdata size",
    "\t[-off\toffset (default 0)]",
    "\t[-os\tsignature file name  (default do not save)]",
    "\t[-oa\tattestation output file name (default do not save)]",
    "\t[-od\tcertified data file name (default do not save)]",
    "",
    "\t\t-sz 0 -off 0 certifies a digest of the whole index (TPMS_NV_DIGEST_CERTIFY_INFO)",
    ...ATTEST_SESSION_USAGE,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const nvIndex = nvIndexFlag(f.number("-ha"));
    const authHandle = nvAuthHandle(nvIndex, f.string("-hia"));
    const size = f.number("-sz") ?? 0;
    const offset = f.number("-off") ?? 0;
    if (size > 0xffff || offset > 0xffff) throw new UsageError("-sz and -off are at most 65535");
    const inScheme = attestScheme(ctx);
    const qualifyingData = new Uint8Array(0);
    const tss = await ctx.tss();
    const out = await tss.nvCertify(
      { signHandle, authHandle, nvIndex, qualifyingData, inScheme, size, offset } as never,
      { sessions: authSessions(f, [f.string("-pwdk"), f.string("-pwdn")]) },
    );
    const attest = await finishAttestation(ctx, {
      attest: out.certifyInfo,
      signature: out.signature,
      qualifyingData,
    });
    const od = f.string("-od");
    if (od !== undefined) {
      const a = attest.attested as { nv?: { nvContents: Uint8Array }; nvDigest?: { nvDigest: Uint8Array } };
      const data = size === 0 && offset === 0 ? a.nvDigest?.nvDigest : a.nv?.nvContents;
      if (!data) throw new Error("the TPM attested another kind of NV certification than asked for");
      await ctx.writeFile(od, data);
    }
  },
};
