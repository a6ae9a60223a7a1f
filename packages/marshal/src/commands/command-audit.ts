/** Part 3, chapter 21: Command Audit. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import { TPMI_ALG_HASH, TPMI_RH_PROVISION, TPML_CC } from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_SetCommandCodeAuditStatus (21.2): changes the audit hash algorithm or the list of audited commands.
 */
export const SetCommandCodeAuditStatus = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SetCommandCodeAuditStatus",
    code: TPM_CC.SetCommandCodeAuditStatus,
    handles: {
      auth: handle(TPMI_RH_PROVISION, "USER"),
    },
    parameters: {
      auditAlg: TPMI_ALG_HASH.plus,
      setList: TPML_CC,
      clearList: TPML_CC,
    },
  }),
);
