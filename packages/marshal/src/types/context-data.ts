/**
 * Part 2, chapter 14: context data, the saved form of a loaded object, sequence or
 * session (ContextSave / ContextLoad).
 */
import { tpm2b } from "../codec/bytes.js";
import { lazy } from "../codec/lazy.js";
import { UINT64 } from "../codec/primitives.js";
import { struct } from "../codec/struct.js";
import { TPMI_DH_SAVED, TPMI_RH_HIERARCHY } from "./interface-types.js";
import { MAX_CONTEXT_SIZE } from "./limits.js";
import { TPM2B_DIGEST } from "./structures.js";

/** TPM2B_CONTEXT_SENSITIVE: the encrypted context, at most MAX_CONTEXT_SIZE octets. */
export const TPM2B_CONTEXT_SENSITIVE = /* @__PURE__ */ lazy(() => tpm2b("TPM2B_CONTEXT_SENSITIVE", MAX_CONTEXT_SIZE));

/** TPMS_CONTEXT_DATA: the integrity HMAC and the encrypted context. */
export const TPMS_CONTEXT_DATA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CONTEXT_DATA", {
    integrity: TPM2B_DIGEST,
    encrypted: TPM2B_CONTEXT_SENSITIVE,
  }),
);

/**
 * TPM2B_CONTEXT_DATA: a marshalled TPMS_CONTEXT_DATA as octets, at most
 * sizeof(TPMS_CONTEXT_DATA) = 5188 in tpm2-tss.
 */
export const TPM2B_CONTEXT_DATA = /* @__PURE__ */ lazy(() =>
  tpm2b("TPM2B_CONTEXT_DATA", 2 + 64 + 2 + MAX_CONTEXT_SIZE),
);

/** TPMS_CONTEXT: a saved context: sequence, savedHandle, hierarchy and the blob. */
export const TPMS_CONTEXT = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CONTEXT", {
    sequence: UINT64,
    savedHandle: TPMI_DH_SAVED,
    hierarchy: TPMI_RH_HIERARCHY,
    contextBlob: TPM2B_CONTEXT_DATA,
  }),
);
