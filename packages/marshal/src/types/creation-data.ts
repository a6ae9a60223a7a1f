/** Part 2, chapter 15: creation data, what the TPM records about the creation of an object. */

import { lazy } from "../codec/lazy.js";
import { struct } from "../codec/struct.js";
import { tpm2bStruct } from "../codec/tpm2b-struct.js";
import { TPMA_LOCALITY_CODEC } from "./attributes.js";
import { TPM_ALG_ID_CODEC } from "./base-types.js";
import { TPM2B_DATA, TPM2B_DIGEST, TPM2B_NAME, TPML_PCR_SELECTION } from "./structures.js";

/** TPMS_CREATION_DATA: PCRs, locality, parent and outsideInfo at creation. */
export const TPMS_CREATION_DATA = /* @__PURE__ */ lazy(() =>
  struct("TPMS_CREATION_DATA", {
    pcrSelect: TPML_PCR_SELECTION,
    pcrDigest: TPM2B_DIGEST,
    locality: TPMA_LOCALITY_CODEC,
    parentNameAlg: TPM_ALG_ID_CODEC,
    parentName: TPM2B_NAME,
    parentQualifiedName: TPM2B_NAME,
    outsideInfo: TPM2B_DATA,
  }),
);

/** TPM2B_CREATION_DATA: TPMS_CREATION_DATA in a sized buffer ({ creationData }). */
export const TPM2B_CREATION_DATA = /* @__PURE__ */ lazy(() =>
  tpm2bStruct("TPM2B_CREATION_DATA", "creationData", TPMS_CREATION_DATA),
);
