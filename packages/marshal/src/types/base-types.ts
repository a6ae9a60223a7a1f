/**
 * Part 2, chapters 5 to 7: codecs of the base and constant types. The constant
 * objects themselves (TPM_ALG_ID, TPM_CC, ...) live in `constants/` under the
 * specification's names, so their codecs carry a `_CODEC` suffix.
 *
 * A constant type's codec accepts every value of its width, both ways: the TPM is
 * the judge of its own inputs, and a newer TPM may answer with values this package
 * does not know. Restricted value sets are the interface types (TPMI_, chapter 9).
 * The one exception is TPM_GENERATED, whose only value is TPM_GENERATED_VALUE.
 */
import type { Codec } from "../codec/codec.js";
import { lazy } from "../codec/lazy.js";
import { INT8, UINT8, UINT16, UINT32 } from "../codec/primitives.js";
import { renamed } from "../codec/renamed.js";
import { MarshalError } from "../errors.js";

// ---- 5.3 Types for documentation clarity ----

/** TPM_ALGORITHM_ID: UINT32, used only for documentation clarity. */
export const TPM_ALGORITHM_ID_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_ALGORITHM_ID", UINT32));
/** TPM_MODIFIER_INDICATOR: UINT32. */
export const TPM_MODIFIER_INDICATOR_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_MODIFIER_INDICATOR", UINT32));
/** TPM_AUTHORIZATION_SIZE: UINT32, the size of a command's authorization area. */
export const TPM_AUTHORIZATION_SIZE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_AUTHORIZATION_SIZE", UINT32));
/** TPM_PARAMETER_SIZE: UINT32, the size of a response's parameter area. */
export const TPM_PARAMETER_SIZE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_PARAMETER_SIZE", UINT32));
/** TPM_KEY_SIZE: UINT16, a key size in octets. */
export const TPM_KEY_SIZE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_KEY_SIZE", UINT16));
/** TPM_KEY_BITS: UINT16, a key size in bits. */
export const TPM_KEY_BITS_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_KEY_BITS", UINT16));

// ---- 6 Constants ----

/** TPM_SPEC: UINT32 specification version values. */
export const TPM_SPEC_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_SPEC", UINT32));
/** TPM_CONSTANTS32: UINT32 architectural constants. */
export const TPM_CONSTANTS32_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_CONSTANTS32", UINT32));

/** TPM_GENERATED_VALUE: 0xff 'T' 'C' 'G'. */
const TPM_GENERATED_VALUE = 0xff544347;

/**
 * TPM_GENERATED: the magic number at the start of a TPM-signed structure.
 * Only TPM_GENERATED_VALUE is valid; any other value is a VALUE error, so a
 * structure that does not claim TPM origin never decodes as TPMS_ATTEST.
 */
export const TPM_GENERATED_CODEC: Codec<number> = {
  typeName: "TPM_GENERATED",
  kind: "primitive",
  write(w, v, p) {
    if (v !== TPM_GENERATED_VALUE) {
      throw new MarshalError("VALUE", p, `TPM_GENERATED must be 0xff544347, got ${String(v)}`);
    }
    w.u32(v);
  },
  read(r, p) {
    const v = r.u32(p);
    if (v !== TPM_GENERATED_VALUE) {
      throw new MarshalError("VALUE", p, `TPM_GENERATED must be 0xff544347, got 0x${v.toString(16)}`);
    }
    return v;
  },
  sample: () => TPM_GENERATED_VALUE,
};

/** TPM_ALG_ID: UINT16 algorithm identifier. */
export const TPM_ALG_ID_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_ALG_ID", UINT16));
/** TPM_ECC_CURVE: UINT16 curve identifier. */
export const TPM_ECC_CURVE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_ECC_CURVE", UINT16));
/** TPM_CC: UINT32 command code. */
export const TPM_CC_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_CC", UINT32));
/** TPM_RC: UINT32 response code. */
export const TPM_RC_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_RC", UINT32));
/** TPM_CLOCK_ADJUST: INT8 clock rate adjustment. */
export const TPM_CLOCK_ADJUST_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_CLOCK_ADJUST", INT8));
/** TPM_EO: UINT16 comparison operator for PolicyNV and PolicyCounterTimer. */
export const TPM_EO_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_EO", UINT16));
/** TPM_ST: UINT16 structure tag. */
export const TPM_ST_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_ST", UINT16));
/** TPM_SU: UINT16 Startup/Shutdown type. */
export const TPM_SU_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_SU", UINT16));
/** TPM_SE: UINT8 session type. */
export const TPM_SE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_SE", UINT8));
/** TPM_CAP: UINT32 capability group. */
export const TPM_CAP_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_CAP", UINT32));
/** TPM_PT: UINT32 TPM property tag. */
export const TPM_PT_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_PT", UINT32));
/** TPM_PT_PCR: UINT32 PCR property tag. */
export const TPM_PT_PCR_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_PT_PCR", UINT32));
/** TPM_PS: UINT32 platform specific family. */
export const TPM_PS_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_PS", UINT32));

// ---- 7 Handles ----

/** TPM_HANDLE: UINT32 handle. */
export const TPM_HANDLE_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_HANDLE", UINT32));
/** TPM_HT: UINT8 handle type, the top octet of a handle. */
export const TPM_HT_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_HT", UINT8));
/** TPM_RH: a permanent handle (TPM_HANDLE). */
export const TPM_RH_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_RH", UINT32));
/** TPM_HC: a handle value constant (TPM_HANDLE). */
export const TPM_HC_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_HC", UINT32));
/** TPM_PUB_KEY (chapter 7, new in 1.83): UINT32 selector of a TPM-held public key for TPM_CAP_PUB_KEYS. */
export const TPM_PUB_KEY_CODEC = /* @__PURE__ */ lazy(() => renamed("TPM_PUB_KEY", UINT32));
