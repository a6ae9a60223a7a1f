/** Part 3, chapter 17: Hash/HMAC/Event Sequences. */

import { lazy } from "../codec/lazy.js";
import { TPM_CC } from "../constants/tpm-cc.js";
import {
  TPM2B_AUTH,
  TPM2B_DIGEST,
  TPM2B_MAX_BUFFER,
  TPMI_ALG_HASH,
  TPMI_ALG_MAC_SCHEME,
  TPMI_DH_OBJECT,
  TPMI_DH_PCR,
  TPMI_RH_HIERARCHY,
  TPML_DIGEST_VALUES,
  TPMT_TK_HASHCHECK,
} from "../types/index.js";
import { defineCommand, handle } from "./command-schema.js";

/**
 * TPM2_MAC_Start (17.3): starts an HMAC or MAC sequence with a loaded key.
 *
 * TPM2_HMAC_Start (17.2) shares this code (TPM_CC.HMAC_Start = TPM_CC.MAC_Start) and wire
 * format: its `hashAlg` (TPMI_ALG_HASH+) is this `inScheme` restricted to hash algorithms.
 * One schema per code: the MAC form, which also admits the block-cipher MACs (TPM_ALG_CMAC).
 */
export const MAC_Start = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "MAC_Start",
    code: TPM_CC.MAC_Start,
    handles: {
      handle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      auth: TPM2B_AUTH,
      inScheme: TPMI_ALG_MAC_SCHEME.plus,
    },
    responseHandles: {
      sequenceHandle: TPMI_DH_OBJECT,
    },
  }),
);

/**
 * TPM2_HashSequenceStart (17.4): starts a hash or event sequence.
 */
export const HashSequenceStart = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "HashSequenceStart",
    code: TPM_CC.HashSequenceStart,
    parameters: {
      auth: TPM2B_AUTH,
      hashAlg: TPMI_ALG_HASH.plus,
    },
    responseHandles: {
      sequenceHandle: TPMI_DH_OBJECT,
    },
  }),
);

/**
 * TPM2_SequenceUpdate (17.5): adds data to a hash, HMAC/MAC or event sequence.
 */
export const SequenceUpdate = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SequenceUpdate",
    code: TPM_CC.SequenceUpdate,
    handles: {
      sequenceHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      buffer: TPM2B_MAX_BUFFER,
    },
  }),
);

/**
 * TPM2_SequenceComplete (17.6): adds the last data to a sequence and returns the result.
 */
export const SequenceComplete = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "SequenceComplete",
    code: TPM_CC.SequenceComplete,
    handles: {
      sequenceHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      buffer: TPM2B_MAX_BUFFER,
      hierarchy: TPMI_RH_HIERARCHY.plus,
    },
    response: {
      result: TPM2B_DIGEST,
      validation: TPMT_TK_HASHCHECK,
    },
  }),
);

/**
 * TPM2_EventSequenceComplete (17.7): completes an event sequence and extends the digests into a PCR.
 */
export const EventSequenceComplete = /* @__PURE__ */ lazy(() =>
  defineCommand({
    name: "EventSequenceComplete",
    code: TPM_CC.EventSequenceComplete,
    handles: {
      pcrHandle: handle(TPMI_DH_PCR.plus, "USER"),
      sequenceHandle: handle(TPMI_DH_OBJECT, "USER"),
    },
    parameters: {
      buffer: TPM2B_MAX_BUFFER,
    },
    response: {
      results: TPML_DIGEST_VALUES,
    },
  }),
);
