/** Part 3, chapter 15: Symmetric Primitives. */

import { lazy } from "../codec/lazy.js";
import { TPMI_YES_NO } from "../codec/primitives.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_DIGEST,
  TPM2B_IV,
  TPM2B_MAX_BUFFER,
  TPMI_ALG_CIPHER_MODE,
  TPMI_ALG_HASH,
  TPMI_ALG_MAC_SCHEME,
  TPMI_DH_OBJECT,
  TPMI_RH_HIERARCHY,
  TPMT_TK_HASHCHECK,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_EncryptDecrypt (15.2): symmetric encryption or decryption with a loaded key (deprecated form).
 */
export const EncryptDecrypt = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "EncryptDecrypt",
    code: TPM_CC.EncryptDecrypt,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      decrypt: TPMI_YES_NO,
      mode: TPMI_ALG_CIPHER_MODE.plus,
      ivIn: TPM2B_IV,
      inData: TPM2B_MAX_BUFFER,
    },
    response: {
      outData: TPM2B_MAX_BUFFER,
      ivOut: TPM2B_IV,
    },
  }),
);

/**
 * TPM2_EncryptDecrypt2 (15.3): symmetric encryption or decryption with the data first, so it can be parameter-encrypted.
 */
export const EncryptDecrypt2 = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "EncryptDecrypt2",
    code: TPM_CC.EncryptDecrypt2,
    handles: {
      keyHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      inData: TPM2B_MAX_BUFFER,
      decrypt: TPMI_YES_NO,
      mode: TPMI_ALG_CIPHER_MODE.plus,
      ivIn: TPM2B_IV,
    },
    response: {
      outData: TPM2B_MAX_BUFFER,
      ivOut: TPM2B_IV,
    },
  }),
);

/**
 * TPM2_Hash (15.4): hashes data; unless hierarchy is TPM_RH_NULL, the ticket says it did not start with TPM_GENERATED_VALUE.
 */
export const Hash = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "Hash",
    code: TPM_CC.Hash,
    parameters: {
      data: TPM2B_MAX_BUFFER,
      hashAlg: TPMI_ALG_HASH,
      hierarchy: TPMI_RH_HIERARCHY.plus,
    },
    response: {
      outHash: TPM2B_DIGEST,
      validation: TPMT_TK_HASHCHECK,
    },
  }),
);

/**
 * TPM2_MAC (15.6): computes an HMAC or a block-cipher MAC over a buffer with a loaded key.
 *
 * TPM2_HMAC (15.5) shares this code (TPM_CC.HMAC = TPM_CC.MAC) and wire format: its `hashAlg`
 * (TPMI_ALG_HASH+) is this `inScheme` restricted to hash algorithms, its `outHMAC` is `outMAC`.
 * One schema per code: the MAC form, which also admits the block-cipher MACs (TPM_ALG_CMAC).
 */
export const MAC = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "MAC",
    code: TPM_CC.MAC,
    handles: {
      handle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      buffer: TPM2B_MAX_BUFFER,
      inScheme: TPMI_ALG_MAC_SCHEME.plus,
    },
    response: {
      outMAC: TPM2B_DIGEST,
    },
  }),
);
