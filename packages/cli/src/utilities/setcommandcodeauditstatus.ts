/** setcommandcodeauditstatus: TPM2_SetCommandCodeAuditStatus, the audit hash and the audited command codes. */
import { TPM_ALG_ID } from "@tss/marshal";
import { HASH_NAMES, named } from "../algorithms.js";
import { authSessions } from "../auth-sessions.js";
import { parseHex, SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import type { Utility } from "../utility.js";

/** setcommandcodeauditstatus [-hi o|p] [-pwda] [-halg alg|null] [-set cc ...] [-clr cc ...]. */
export const setcommandcodeauditstatus: Utility = {
  name: "setcommandcodeauditstatus",
  summary: "Runs TPM2_SetCommandCodeAuditStatus",
  flags: { "-hi": "string", "-pwda": "string", "-halg": "string", "-set": "list", "-clr": "list", ...SESSION_FLAGS },
  usage: [
    "\t[-hi\tauthhandle hierarchy (o, p) (default platform)]",
    "\t[-pwda\tauthorization password (default empty)]",
    "\t[-halg\t(sha1, sha256, sha384, sha512, null) (default null)]",
    "\t[-set\tcommand code to set (may be specified more than once (default none)]",
    "\t[-clr\tcommand code to clear (may be specified more than once (default none)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const auth = hierarchyFlag("-hi", f.string("-hi") ?? "p", "op");
    const auditAlg = named({ ...HASH_NAMES, null: TPM_ALG_ID.NULL }, "-halg", f.string("-halg") ?? "null");
    const setList = f.list("-set").map((cc) => parseHex("-set", cc));
    const clearList = f.list("-clr").map((cc) => parseHex("-clr", cc));
    const tss = await ctx.tss();
    await tss.setCommandCodeAuditStatus(
      { auth, auditAlg, setList, clearList },
      {
        sessions: authSessions(f, [f.string("-pwda")]),
      },
    );
    ctx.result({ auth, auditAlg, setList, clearList });
  },
};
