/** The hash algorithms of the TCG Algorithm Registry (TPMI_ALG_HASH's values). */

import { TPM_ALG_ID } from "../constants/tpm-alg-id.js";

const A = TPM_ALG_ID;

/** Every hash algorithm of the TCG Algorithm Registry that 1.83 names. */
export const HASH_ALGORITHMS: readonly number[] = [
  A.SHA1,
  A.SHA256,
  A.SHA384,
  A.SHA512,
  A.SHA256_192,
  A.SM3_256,
  A.SHA3_256,
  A.SHA3_384,
  A.SHA3_512,
  A.SHAKE256_192,
  A.SHAKE256_256,
  A.SHAKE256_512,
];
