/**
 * Part 2, chapter 9: interface types (TPMI_). Each restricts a base type to the
 * values the specification allows; `.plus` admits the conditional value (`+`).
 */
import { tpmi } from "../codec/tpmi.js";
import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";
import { TPM_RH, TPM_RS } from "../constants/tpm-rh.js";

const A = TPM_ALG_ID;

/** TPMI_ALG_HASH: a hash algorithm (+TPM_ALG_NULL). */
export const TPMI_ALG_HASH = tpmi("TPMI_ALG_HASH", 2, {
  values: [A.SHA1, A.SHA256, A.SHA384, A.SHA512, A.SM3_256, A.SHA3_256, A.SHA3_384, A.SHA3_512],
  conditional: A.NULL,
});

/** TPMI_SH_AUTH_SESSION: an HMAC or policy session, or TPM_RS_PW (+TPM_RS_PW). */
export const TPMI_SH_AUTH_SESSION = tpmi("TPMI_SH_AUTH_SESSION", 4, {
  ranges: [
    { first: 0x02000000, last: 0x02ffffff },
    { first: 0x03000000, last: 0x03ffffff },
  ],
  conditional: TPM_RS.PW,
});

/** TPMI_DH_PCR: a PCR handle (+TPM_RH_NULL). */
export const TPMI_DH_PCR = tpmi("TPMI_DH_PCR", 4, {
  ranges: [{ first: 0x00000000, last: 0x0000001f }],
  conditional: TPM_RH.NULL,
});
