/** Part 3, chapter 13: Duplication Commands. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DATA,
  TPM2B_ENCRYPTED_SECRET,
  TPM2B_NAME,
  TPM2B_PRIVATE,
  TPM2B_PUBLIC,
  TPMI_DH_OBJECT,
  TPMT_SYM_DEF_OBJECT,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_Duplicate (13.1): duplicates a loaded object so it can be imported under another parent.
 */
export const Duplicate = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Duplicate",
    code: TPM_CC.Duplicate,
    handles: {
      objectHandle: handle(TPMI_DH_OBJECT, "DUP"),
      newParentHandle: handle(TPMI_DH_OBJECT.plus),
    },
    parameters: {
      encryptionKeyIn: TPM2B_DATA,
      symmetricAlg: TPMT_SYM_DEF_OBJECT.plus,
    },
    response: {
      encryptionKeyOut: TPM2B_DATA,
      duplicate: TPM2B_PRIVATE,
      outSymSeed: TPM2B_ENCRYPTED_SECRET,
    },
  }),
);

/**
 * TPM2_Rewrap (13.2): re-protects a duplication blob from one parent to another.
 */
export const Rewrap = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Rewrap",
    code: TPM_CC.Rewrap,
    handles: {
      oldParent: handle(TPMI_DH_OBJECT.plus, "USER"),
      newParent: handle(TPMI_DH_OBJECT.plus),
    },
    parameters: {
      inDuplicate: TPM2B_PRIVATE,
      name: TPM2B_NAME,
      inSymSeed: TPM2B_ENCRYPTED_SECRET,
    },
    response: {
      outDuplicate: TPM2B_PRIVATE,
      outSymSeed: TPM2B_ENCRYPTED_SECRET,
    },
  }),
);

/**
 * TPM2_Import (13.3): makes a duplicated object loadable under a new parent.
 */
export const Import = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Import",
    code: TPM_CC.Import,
    handles: {
      parentHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      encryptionKey: TPM2B_DATA,
      objectPublic: TPM2B_PUBLIC,
      duplicate: TPM2B_PRIVATE,
      inSymSeed: TPM2B_ENCRYPTED_SECRET,
      symmetricAlg: TPMT_SYM_DEF_OBJECT.plus,
    },
    response: {
      outPrivate: TPM2B_PRIVATE,
    },
  }),
);
