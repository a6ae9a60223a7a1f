/**
 * The NV indexes of the TCG EK Credential Profile for TPM Family 2.0 (v2.4 rev 3
 * and later, section 2.2.1.4 "Low Range" and 2.2.1.5 "High Range"). Values as
 * listed by the profile and used alike by tpm2-tools (tools/tpm2_createek.c),
 * go-tpm-tools and swtpm_setup (which writes its RSA 2048 certificate at
 * 0x01C00002 and its ECC NIST P-384 certificate at 0x01C00016).
 */

/** Low range: RSA 2048 EK certificate (L-1). */
export const EK_CERT_RSA2048_INDEX = 0x01c00002;
/** Low range: RSA 2048 EK nonce. */
export const EK_NONCE_RSA2048_INDEX = 0x01c00003;
/** Low range: RSA 2048 EK template (a marshalled TPMT_PUBLIC). */
export const EK_TEMPLATE_RSA2048_INDEX = 0x01c00004;
/** Low range: ECC NIST P-256 EK certificate (L-2). */
export const EK_CERT_ECC_P256_INDEX = 0x01c0000a;
/** Low range: ECC NIST P-256 EK nonce. */
export const EK_NONCE_ECC_P256_INDEX = 0x01c0000b;
/** Low range: ECC NIST P-256 EK template. */
export const EK_TEMPLATE_ECC_P256_INDEX = 0x01c0000c;

/** High range H-1: RSA 2048 EK certificate. */
export const EK_CERT_H1_RSA2048_INDEX = 0x01c00012;
/** High range H-2: ECC NIST P-256 EK certificate. */
export const EK_CERT_H2_ECC_P256_INDEX = 0x01c00014;
/** High range H-3: ECC NIST P-384 EK certificate. */
export const EK_CERT_H3_ECC_P384_INDEX = 0x01c00016;
/** High range H-4: ECC NIST P-521 EK certificate. */
export const EK_CERT_H4_ECC_P521_INDEX = 0x01c00018;
/** High range H-5: ECC SM2 P-256 EK certificate. */
export const EK_CERT_H5_ECC_SM2_P256_INDEX = 0x01c0001a;
/** High range H-6: RSA 3072 EK certificate. */
export const EK_CERT_H6_RSA3072_INDEX = 0x01c0001c;
/** High range H-7: RSA 4096 EK certificate. */
export const EK_CERT_H7_RSA4096_INDEX = 0x01c0001e;

/**
 * The platform certificate index swtpm_setup --create-platform-cert writes
 * (TCG PC Client Platform Firmware Profile / swtpm's choice; not an EK).
 */
export const PLATFORM_CERT_INDEX = 0x01c08000;
