/**
 * The handle ranges of Part 2 that the interface types (TPMI_DH_, TPMI_SH_, TPMI_RH_)
 * accept: data without codecs, kept apart from interface-types.ts so that a build can
 * evaluate them without the codecs.
 */

import type { ValueRange } from "../codec/tpmi.js";
import { TPM_RH } from "../constants/tpm-rh.js";

const RH = TPM_RH;

/** The handles of one handle type: `0xHH000000` to `0xHHFFFFFF`. */
function handleTypeRange(ht: number): ValueRange {
  return { first: ht * 0x1000000, last: ht * 0x1000000 + 0xffffff };
}

/** PCR handles: PCR 0 to PCR 31 (PCR_FIRST..PCR_LAST for 32 PCRs). */
export const PCR_HANDLE_RANGE: ValueRange = { first: 0x00000000, last: 0x0000001f };
/** HMAC session handles (TPM_HT_HMAC_SESSION 0x02). */
export const HMAC_SESSION_RANGE: ValueRange = handleTypeRange(0x02);
/** Policy session handles (TPM_HT_POLICY_SESSION 0x03). */
export const POLICY_SESSION_RANGE: ValueRange = handleTypeRange(0x03);
/** Transient object handles (TPM_HT_TRANSIENT 0x80). */
export const TRANSIENT_RANGE: ValueRange = handleTypeRange(0x80);
/** Persistent object handles (TPM_HT_PERSISTENT 0x81). */
export const PERSISTENT_RANGE: ValueRange = handleTypeRange(0x81);
/** Ordinary NV index handles (TPM_HT_NV_INDEX 0x01). */
export const NV_INDEX_RANGE: ValueRange = handleTypeRange(0x01);
/** External NV index handles (TPM_HT_EXTERNAL_NV 0x11, 1.83). */
export const EXTERNAL_NV_RANGE: ValueRange = handleTypeRange(0x11);
/** Permanent NV index handles (TPM_HT_PERMANENT_NV 0x12, 1.83). */
export const PERMANENT_NV_RANGE: ValueRange = handleTypeRange(0x12);
/** Attached component handles (TPM_HT_AC 0x90, AC_FIRST..AC_LAST). */
export const AC_RANGE: ValueRange = { first: 0x90000000, last: 0x9000ffff };
/** Authenticated countdown timers TPM_RH_ACT_0..TPM_RH_ACT_F. */
export const ACT_RANGE: ValueRange = { first: RH.ACT_0, last: RH.ACT_F };
/** Vendor authorization handles TPM_RH_AUTH_00..TPM_RH_AUTH_FF. */
export const AUTH_HANDLE_RANGE: ValueRange = { first: RH.AUTH_00, last: RH.AUTH_FF };
/** SVN-limited hierarchy handles: the four 64K blocks from TPM_RH_SVN_OWNER_BASE. */
export const SVN_HIERARCHY_RANGES: readonly ValueRange[] = [
  { first: RH.SVN_OWNER_BASE, last: RH.SVN_OWNER_BASE + 0xffff },
  { first: RH.SVN_ENDORSEMENT_BASE, last: RH.SVN_ENDORSEMENT_BASE + 0xffff },
  { first: RH.SVN_PLATFORM_BASE, last: RH.SVN_PLATFORM_BASE + 0xffff },
  { first: RH.SVN_NULL_BASE, last: RH.SVN_NULL_BASE + 0xffff },
];
