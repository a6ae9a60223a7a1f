/** Part 3, chapter 14: Asymmetric Primitives. */

import { lazy } from "../codec/lazy.js";
import { UINT16 } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DATA,
  TPM2B_DIGEST,
  TPM2B_ECC_POINT,
  TPM2B_MAX_BUFFER,
  TPM2B_PUBLIC_KEY_RSA,
  TPMI_DH_OBJECT,
  TPMI_ECC_CURVE,
  TPMI_ECC_KEY_EXCHANGE,
  TPMS_ALGORITHM_DETAIL_ECC,
  TPMT_KDF_SCHEME,
  TPMT_RSA_DECRYPT,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_RSA_Encrypt (14.2): RSA encryption with a loaded public key (OAEP, PKCS#1 v1.5 or raw).
 */
export const RSA_Encrypt = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "RSA_Encrypt",
    code: TPM_CC.RSA_Encrypt,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      message: TPM2B_PUBLIC_KEY_RSA,
      inScheme: TPMT_RSA_DECRYPT.plus,
      label: TPM2B_DATA,
    },
    response: {
      outData: TPM2B_PUBLIC_KEY_RSA,
    },
  }),
);

/**
 * TPM2_RSA_Decrypt (14.3): RSA decryption with a loaded private key.
 */
export const RSA_Decrypt = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "RSA_Decrypt",
    code: TPM_CC.RSA_Decrypt,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      cipherText: TPM2B_PUBLIC_KEY_RSA,
      inScheme: TPMT_RSA_DECRYPT.plus,
      label: TPM2B_DATA,
    },
    response: {
      message: TPM2B_PUBLIC_KEY_RSA,
    },
  }),
);

/**
 * TPM2_ECDH_KeyGen (14.4): makes an ephemeral key pair and the shared point with a loaded public key.
 */
export const ECDH_KeyGen = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ECDH_KeyGen",
    code: TPM_CC.ECDH_KeyGen,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT),
    },
    response: {
      zPoint: TPM2B_ECC_POINT,
      pubPoint: TPM2B_ECC_POINT,
    },
  }),
);

/**
 * TPM2_ECDH_ZGen (14.5): computes the ECDH shared point with a loaded private key.
 */
export const ECDH_ZGen = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ECDH_ZGen",
    code: TPM_CC.ECDH_ZGen,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      inPoint: TPM2B_ECC_POINT,
    },
    response: {
      outPoint: TPM2B_ECC_POINT,
    },
  }),
);

/**
 * TPM2_ECC_Parameters (14.6): returns the parameters of an ECC curve.
 */
export const ECC_Parameters = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ECC_Parameters",
    code: TPM_CC.ECC_Parameters,
    parameters: {
      curveID: TPMI_ECC_CURVE,
    },
    response: {
      parameters: TPMS_ALGORITHM_DETAIL_ECC,
    },
  }),
);

/**
 * TPM2_ZGen_2Phase (14.7): two-phase key exchange (ECDH, ECMQV or SM2) with a loaded key and an ephemeral.
 */
export const ZGen_2Phase = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ZGen_2Phase",
    code: TPM_CC.ZGen_2Phase,
    handles: {
      keyA: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      inQsB: TPM2B_ECC_POINT,
      inQeB: TPM2B_ECC_POINT,
      inScheme: TPMI_ECC_KEY_EXCHANGE,
      counter: UINT16,
    },
    response: {
      outZ1: TPM2B_ECC_POINT,
      outZ2: TPM2B_ECC_POINT,
    },
  }),
);

/**
 * TPM2_ECC_Encrypt (14.8): ECC encryption (ECIES-like: C1 point, C2 masked data, C3 digest).
 */
export const ECC_Encrypt = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ECC_Encrypt",
    code: TPM_CC.ECC_Encrypt,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT),
    },
    parameters: {
      plainText: TPM2B_MAX_BUFFER,
      inScheme: TPMT_KDF_SCHEME.plus,
    },
    response: {
      C1: TPM2B_ECC_POINT,
      C2: TPM2B_MAX_BUFFER,
      C3: TPM2B_DIGEST,
    },
  }),
);

/**
 * TPM2_ECC_Decrypt (14.9): ECC decryption of C1, C2, C3.
 */
export const ECC_Decrypt = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "ECC_Decrypt",
    code: TPM_CC.ECC_Decrypt,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      C1: TPM2B_ECC_POINT,
      C2: TPM2B_MAX_BUFFER,
      C3: TPM2B_DIGEST,
      inScheme: TPMT_KDF_SCHEME.plus,
    },
    response: {
      plainText: TPM2B_MAX_BUFFER,
    },
  }),
);
