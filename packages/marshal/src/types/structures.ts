/** Part 2, chapter 10: structure definitions (TPM2B, TPML, TPMS of general use). */
import { sizedBytes8, tpm2b } from "../codec/bytes.js";
import { attributes } from "../codec/attributes.js";
import { struct } from "../codec/struct.js";
import { tpml } from "../codec/tpml.js";
import { TPMI_ALG_HASH, TPMI_SH_AUTH_SESSION } from "./interface-types.js";

/** Largest digest (sizeof TPMU_HA): SHA-512. */
export const MAX_DIGEST_SIZE = 64;
/** Octets of a PCR select bitmap (32 PCRs). */
export const PCR_SELECT_MAX = 4;
/** Most PCR banks in a TPML_PCR_SELECTION. */
export const HASH_COUNT = 16;

/** TPM2B_DIGEST (10.4.2). */
export const TPM2B_DIGEST = tpm2b("TPM2B_DIGEST", MAX_DIGEST_SIZE);
/** TPM2B_NONCE (10.4.4): same as TPM2B_DIGEST. */
export const TPM2B_NONCE = tpm2b("TPM2B_NONCE", MAX_DIGEST_SIZE);
/** TPM2B_AUTH (10.4.5): same as TPM2B_DIGEST. */
export const TPM2B_AUTH = tpm2b("TPM2B_AUTH", MAX_DIGEST_SIZE);

/** TPMS_PCR_SELECTION (10.6.2): hash, sizeofSelect, pcrSelect. */
export const TPMS_PCR_SELECTION = struct("TPMS_PCR_SELECTION", {
  hash: TPMI_ALG_HASH,
  pcrSelect: sizedBytes8("pcrSelect", 0, PCR_SELECT_MAX),
});

/** TPML_DIGEST (10.9.3): at most 8 digests. */
export const TPML_DIGEST = tpml("TPML_DIGEST", TPM2B_DIGEST, 8);
/** TPML_PCR_SELECTION (10.9.7). */
export const TPML_PCR_SELECTION = tpml("TPML_PCR_SELECTION", TPMS_PCR_SELECTION, HASH_COUNT);

/** TPMA_SESSION as a codec (8.4). */
export const TPMA_SESSION_CODEC = attributes("TPMA_SESSION", 1, 0xe7);

/** TPMS_AUTH_COMMAND (10.13.2): one session in a command's authorization area. */
export const TPMS_AUTH_COMMAND = struct("TPMS_AUTH_COMMAND", {
  sessionHandle: TPMI_SH_AUTH_SESSION.plus,
  nonce: TPM2B_NONCE,
  sessionAttributes: TPMA_SESSION_CODEC,
  hmac: TPM2B_AUTH,
});

/** TPMS_AUTH_RESPONSE (10.13.3): one session in a response's authorization area. */
export const TPMS_AUTH_RESPONSE = struct("TPMS_AUTH_RESPONSE", {
  nonce: TPM2B_NONCE,
  sessionAttributes: TPMA_SESSION_CODEC,
  hmac: TPM2B_AUTH,
});

// ---- 10.8 / 10.9 capability structures and lists ----
import { TPM_CAP } from "../constants/tpm-cap.js";
import { union, member } from "../codec/union.js";
import { UINT16, UINT32 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";

/** Bytes available for capability data (MAX_CAP_BUFFER 1024 - TPM_CAP - UINT32). */
export const MAX_CAP_DATA = 1016;

/** TPMA_ALGORITHM (8.2). */
export const TPMA_ALGORITHM = attributes("TPMA_ALGORITHM", 4, 0x0000070f);
/** TPMA_CC (8.9). */
export const TPMA_CC = attributes("TPMA_CC", 4, 0xfe7fffff);

/** TPMS_ALG_PROPERTY (10.8.1). */
export const TPMS_ALG_PROPERTY = struct("TPMS_ALG_PROPERTY", {
  alg: renamed("TPM_ALG_ID", UINT16),
  algProperties: TPMA_ALGORITHM,
});
/** TPMS_TAGGED_PROPERTY (10.8.2). */
export const TPMS_TAGGED_PROPERTY = struct("TPMS_TAGGED_PROPERTY", {
  property: renamed("TPM_PT", UINT32),
  value: UINT32,
});

/** TPML_CC (10.9.1). */
export const TPML_CC = tpml("TPML_CC", renamed("TPM_CC", UINT32), 254);
/** TPML_CCA (10.9.2). */
export const TPML_CCA = tpml("TPML_CCA", TPMA_CC, 254);
/** TPML_HANDLE (10.9.5). */
export const TPML_HANDLE = tpml("TPML_HANDLE", renamed("TPM_HANDLE", UINT32), 254);
/** TPML_ALG_PROPERTY (10.9.8). */
export const TPML_ALG_PROPERTY = tpml("TPML_ALG_PROPERTY", TPMS_ALG_PROPERTY, 169);
/** TPML_TAGGED_TPM_PROPERTY (10.9.9). */
export const TPML_TAGGED_TPM_PROPERTY = tpml("TPML_TAGGED_TPM_PROPERTY", TPMS_TAGGED_PROPERTY, 127);

/** TPMU_CAPABILITIES (10.10.1), selected by TPM_CAP. */
export const TPMU_CAPABILITIES = union("TPMU_CAPABILITIES", {
  [TPM_CAP.ALGS]: member("algorithms", TPML_ALG_PROPERTY),
  [TPM_CAP.HANDLES]: member("handles", TPML_HANDLE),
  [TPM_CAP.COMMANDS]: member("command", TPML_CCA),
  [TPM_CAP.PP_COMMANDS]: member("ppCommands", TPML_CC),
  [TPM_CAP.AUDIT_COMMANDS]: member("auditCommands", TPML_CC),
  [TPM_CAP.PCRS]: member("assignedPCR", TPML_PCR_SELECTION),
  [TPM_CAP.TPM_PROPERTIES]: member("tpmProperties", TPML_TAGGED_TPM_PROPERTY),
});

/** TPMS_CAPABILITY_DATA (10.10.2). */
export const TPMS_CAPABILITY_DATA = struct("TPMS_CAPABILITY_DATA", {
  capability: renamed("TPM_CAP", UINT32),
  data: TPMU_CAPABILITIES.selectedBy("capability"),
});
