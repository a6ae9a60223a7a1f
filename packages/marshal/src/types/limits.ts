/**
 * Implementation limits that size the TPM2B buffers and TPML lists. Part 2 leaves
 * them to the implementation; these are tpm2-tss's (`tss2_tpm2_types.h`, the values
 * libtss2-mu enforces), so what one stack accepts the other accepts too. Where the
 * TCG reference implementation's profile is smaller (MAX_NV_BUFFER_SIZE 1024 there),
 * a TPM simply never sends more.
 */

/** Largest digest, sizeof(TPMU_HA): SHA-512 / SHA3-512. */
export const MAX_DIGEST_SIZE = 64;
/** Octets of a PCR select bitmap (32 PCRs). */
export const PCR_SELECT_MAX = 4;
/** Most PCR banks (TPM2_NUM_PCR_BANKS). */
export const HASH_COUNT = 16;
/** MAX_CAP_BUFFER: octets of TPMS_CAPABILITY_DATA a TPM returns at most. */
export const MAX_CAP_BUFFER = 1024;
/** Octets available for capability data (MAX_CAP_BUFFER - sizeof(TPM_CAP) - sizeof(UINT32)). */
export const MAX_CAP_DATA = 1016;
/** MAX_DIGEST_BUFFER: TPM2B_MAX_BUFFER and TPM2B_EVENT. */
export const MAX_DIGEST_BUFFER = 1024;
/** MAX_NV_BUFFER_SIZE: TPM2B_MAX_NV_BUFFER. */
export const MAX_NV_BUFFER_SIZE = 2048;
/** MAX_CONTEXT_SIZE: TPM2B_CONTEXT_SENSITIVE. */
export const MAX_CONTEXT_SIZE = 5120;
/** MAX_SYM_BLOCK_SIZE: TPM2B_IV. */
export const MAX_SYM_BLOCK_SIZE = 16;
/** MAX_SYM_DATA: TPM2B_SENSITIVE_DATA. */
export const MAX_SYM_DATA = 256;
/** MAX_SYM_KEY_BYTES: TPM2B_SYM_KEY. */
export const MAX_SYM_KEY_BYTES = 32;
/** MAX_ECC_KEY_BYTES: TPM2B_ECC_PARAMETER. */
export const MAX_ECC_KEY_BYTES = 128;
/** MAX_RSA_KEY_BYTES: TPM2B_PUBLIC_KEY_RSA (RSA-4096). */
export const MAX_RSA_KEY_BYTES = 512;
/** LABEL_MAX_BUFFER: TPM2B_LABEL (1.83). */
export const LABEL_MAX_BUFFER = 32;
/** MAX_CAP_CC: TPML_CC and TPML_CCA. */
export const MAX_CAP_CC = 256;
/** MAX_ALG_LIST_SIZE: TPML_ALG. */
export const MAX_ALG_LIST_SIZE = 128;
