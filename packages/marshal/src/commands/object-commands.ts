/** Part 3, chapter 12: Object Commands. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM_HANDLE_CODEC,
  TPM2B_AUTH,
  TPM2B_CREATION_DATA,
  TPM2B_DATA,
  TPM2B_DIGEST,
  TPM2B_ENCRYPTED_SECRET,
  TPM2B_ID_OBJECT,
  TPM2B_NAME,
  TPM2B_PRIVATE,
  TPM2B_PUBLIC,
  TPM2B_SENSITIVE,
  TPM2B_SENSITIVE_CREATE,
  TPM2B_SENSITIVE_DATA,
  TPM2B_TEMPLATE,
  TPMI_DH_OBJECT,
  TPMI_DH_PARENT,
  TPMI_RH_HIERARCHY,
  TPML_PCR_SELECTION,
  TPMT_TK_CREATION,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_Create (12.1): creates an ordinary object under a loaded parent and returns its private and public areas.
 */
export const Create = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Create",
    code: TPM_CC.Create,
    handles: {
      parentHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      inSensitive: TPM2B_SENSITIVE_CREATE,
      inPublic: TPM2B_PUBLIC,
      outsideInfo: TPM2B_DATA,
      creationPCR: TPML_PCR_SELECTION,
    },
    response: {
      outPrivate: TPM2B_PRIVATE,
      outPublic: TPM2B_PUBLIC,
      creationData: TPM2B_CREATION_DATA,
      creationHash: TPM2B_DIGEST,
      creationTicket: TPMT_TK_CREATION,
    },
  }),
);

/**
 * TPM2_Load (12.2): loads an object's public and private areas under its parent.
 */
export const Load = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Load",
    code: TPM_CC.Load,
    handles: {
      parentHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      inPrivate: TPM2B_PRIVATE,
      inPublic: TPM2B_PUBLIC,
    },
    responseHandles: {
      objectHandle: TPM_HANDLE_CODEC,
    },
    response: {
      name: TPM2B_NAME,
    },
  }),
);

/**
 * TPM2_LoadExternal (12.3): loads an object that is not protected by the TPM (public area, optionally the sensitive area).
 */
export const LoadExternal = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "LoadExternal",
    code: TPM_CC.LoadExternal,
    parameters: {
      inPrivate: TPM2B_SENSITIVE,
      inPublic: TPM2B_PUBLIC.plus,
      hierarchy: TPMI_RH_HIERARCHY.plus,
    },
    responseHandles: {
      objectHandle: TPM_HANDLE_CODEC,
    },
    response: {
      name: TPM2B_NAME,
    },
  }),
);

/**
 * TPM2_ReadPublic (12.4): returns an object's public area, Name and qualified Name.
 */
export const ReadPublic = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ReadPublic",
    code: TPM_CC.ReadPublic,
    handles: {
      objectHandle: handle(TPMI_DH_OBJECT),
    },
    response: {
      outPublic: TPM2B_PUBLIC,
      name: TPM2B_NAME,
      qualifiedName: TPM2B_NAME,
    },
  }),
);

/**
 * TPM2_ActivateCredential (12.5): recovers a credential made by MakeCredential, proving the object is loaded with the key.
 */
export const ActivateCredential = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ActivateCredential",
    code: TPM_CC.ActivateCredential,
    handles: {
      activateHandle: handle(TPMI_DH_OBJECT, "ADMIN"),
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      credentialBlob: TPM2B_ID_OBJECT,
      secret: TPM2B_ENCRYPTED_SECRET,
    },
    response: {
      certInfo: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_MakeCredential (12.6): wraps a credential to a key for an object of a given Name.
 */
export const MakeCredential = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "MakeCredential",
    code: TPM_CC.MakeCredential,
    handles: {
      handle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      credential: TPM2B_DIGEST,
      objectName: TPM2B_NAME,
    },
    response: {
      credentialBlob: TPM2B_ID_OBJECT,
      secret: TPM2B_ENCRYPTED_SECRET,
    },
  }),
);

/**
 * TPM2_Unseal (12.7): returns the data of a loaded sealed data object.
 */
export const Unseal = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Unseal",
    code: TPM_CC.Unseal,
    handles: {
      itemHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    response: {
      outData: TPM2B_SENSITIVE_DATA,
    },
  }),
);

/**
 * TPM2_ObjectChangeAuth (12.8): changes an object's authValue, returning a new private area.
 */
export const ObjectChangeAuth = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ObjectChangeAuth",
    code: TPM_CC.ObjectChangeAuth,
    handles: {
      objectHandle: handle(TPMI_DH_OBJECT, "ADMIN"),
      parentHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      newAuth: TPM2B_AUTH,
    },
    response: {
      outPrivate: TPM2B_PRIVATE,
    },
  }),
);

/**
 * TPM2_CreateLoaded (12.9): creates an object (primary, ordinary or derived) and loads it.
 */
export const CreateLoaded = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "CreateLoaded",
    code: TPM_CC.CreateLoaded,
    handles: {
      parentHandle: handle(TPMI_DH_PARENT.plus, "USER"),
    },
    parameters: {
      inSensitive: TPM2B_SENSITIVE_CREATE,
      inPublic: TPM2B_TEMPLATE,
    },
    responseHandles: {
      objectHandle: TPM_HANDLE_CODEC,
    },
    response: {
      outPrivate: TPM2B_PRIVATE,
      outPublic: TPM2B_PUBLIC,
      name: TPM2B_NAME,
    },
  }),
);
