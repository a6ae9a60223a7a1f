/** TPM hash algorithms on node-forge message digests. */
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import type * as forgeTypes from "node-forge";
import { forge } from "./forge.js";

/** A fresh node-forge message digest for a TPM hash algorithm. */
export function createMd(alg: number): forgeTypes.md.MessageDigest {
  switch (alg) {
    case TPM_ALG_ID.SHA1:
      return forge.md.sha1.create();
    case TPM_ALG_ID.SHA256:
      return forge.md.sha256.create();
    case TPM_ALG_ID.SHA384:
      return forge.md.sha384.create();
    case TPM_ALG_ID.SHA512:
      return forge.md.sha512.create();
    default:
      throw new TssError(
        "UNSUPPORTED",
        `hash algorithm 0x${alg.toString(16).padStart(4, "0")} is not supported by @tss/crypto-forge`,
      );
  }
}
