/** Part 3, chapter 28: Context Management. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPMI_DH_CONTEXT,
  TPMI_DH_OBJECT,
  TPMI_DH_PERSISTENT,
  TPMI_RH_PROVISION,
  TPMS_CONTEXT,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_ContextSave (28.2): saves the context of an object, sequence or session.
 */
export const ContextSave = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ContextSave",
    code: TPM_CC.ContextSave,
    handles: {
      saveHandle: handle(TPMI_DH_CONTEXT),
    },
    response: {
      context: TPMS_CONTEXT,
    },
  }),
);

/**
 * TPM2_ContextLoad (28.3): reloads a saved context.
 */
export const ContextLoad = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ContextLoad",
    code: TPM_CC.ContextLoad,
    parameters: {
      context: TPMS_CONTEXT,
    },
    responseHandles: {
      loadedHandle: TPMI_DH_CONTEXT,
    },
  }),
);

/**
 * TPM2_FlushContext (28.4): removes an object, sequence or session from the TPM.
 */
export const FlushContext = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "FlushContext",
    code: TPM_CC.FlushContext,
    parameters: {
      flushHandle: TPMI_DH_CONTEXT,
    },
  }),
);

/**
 * TPM2_EvictControl (28.5): makes a loaded object persistent, or removes a persistent object.
 */
export const EvictControl = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "EvictControl",
    code: TPM_CC.EvictControl,
    handles: {
      auth: handle(TPMI_RH_PROVISION, "USER"),
      objectHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      persistentHandle: TPMI_DH_PERSISTENT,
    },
  }),
);
