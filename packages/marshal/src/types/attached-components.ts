/**
 * Part 2, attached components (AC_GetCapability, AC_Send): the AC capability tag
 * and error types, and the tagged output list.
 */

import { lazy } from "../codec/lazy.js";
import { UINT32 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { struct } from "../codec/struct.js";
import { tpml } from "../codec/tpml.js";

/** TPM_AT: UINT32 attached component capability tag (TPM_AT_ANY, _ERROR, _PV1, _VEND). */
export const TPM_AT_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_AT", UINT32));

/** TPM_AE: UINT32 attached component error code (TPM_AE_NONE). */
export const TPM_AE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_AE", UINT32));

/** TPMS_AC_OUTPUT: one tagged attached component capability value. */
export const TPMS_AC_OUTPUT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_AC_OUTPUT", {
    tag: TPM_AT_CODEC,
    data: UINT32,
  }),
);

/** TPML_AC_CAPABILITIES: tagged AC capabilities, at most MAX_CAP_BUFFER / sizeof(TPMS_AC_OUTPUT) = 128. */
export const TPML_AC_CAPABILITIES = /* @__PURE__ */ lazy(() => tpml("TPML_AC_CAPABILITIES", TPMS_AC_OUTPUT, 128));
