/**
 * Software verification of a TPM signature (TPMT_SIGNATURE, Part 2, 11.3.4)
 * over a digest, as a verifier outside the TPM does it: RSASSA and RSAPSS with
 * an RSA public key, ECDSA with an ECC public key (both through the Crypto
 * contract's optional verifyRsa / verifyEcdsa), and an HMAC "signature" with
 * the HMAC key (the TPM signs with a keyed-hash key by HMAC over the digest).
 */
import type { Crypto, Infer, NeutralPublicKey, TPMT_SIGNATURE } from "@tss/marshal";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { constantTimeEqual } from "./bytes.js";

/** A TPMT_SIGNATURE value, as the @tss/marshal codec reads and writes it. */
export type TpmSignature = Infer<typeof TPMT_SIGNATURE>;

/** What a signature is checked with: an RSA or ECC public key, or the key of an HMAC. */
export type SignatureKey = NeutralPublicKey | { readonly hmacKey: Uint8Array };

type Members = {
  rsassa?: { hash: number; sig: Uint8Array };
  rsapss?: { hash: number; sig: Uint8Array };
  ecdsa?: { hash: number; signatureR: Uint8Array; signatureS: Uint8Array };
  hmac?: { hashAlg: number; digest: Record<string, Uint8Array> };
};

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new TssError("BAD_PARAMETER", `${what}: the signature value lacks its member`);
  return v;
}

/**
 * True when `signature` is a valid signature of `digest` under `key`; false when
 * it is not. The signature's own hash algorithm is the scheme's. Throws
 * TssError: "BAD_PARAMETER" when the key does not fit the signature's algorithm
 * (an ECC key for an RSASSA signature, ...); "UNSUPPORTED" for schemes other
 * than RSASSA, RSAPSS, ECDSA and HMAC, and when `crypto` lacks verifyRsa or
 * verifyEcdsa.
 */
export async function verifyTpmSignature(
  crypto: Crypto,
  key: SignatureKey,
  digest: Uint8Array,
  signature: TpmSignature,
): Promise<boolean> {
  if (!(digest instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", "the digest is not a Uint8Array");
  if (key === null || typeof key !== "object")
    throw new TssError("BAD_PARAMETER", "no key to check the signature with");
  if (signature === null || typeof signature !== "object") {
    throw new TssError("BAD_PARAMETER", "the signature is not a TPMT_SIGNATURE value");
  }
  const { sigAlg } = signature as { sigAlg: number };
  const members = (signature as { signature: Members }).signature ?? {};
  switch (sigAlg) {
    case TPM_ALG_ID.RSASSA:
    case TPM_ALG_ID.RSAPSS: {
      if (!("rsa" in key)) throw new TssError("BAD_PARAMETER", "an RSA signature needs an RSA public key");
      if (!crypto.verifyRsa) throw new TssError("UNSUPPORTED", "this Crypto plugin has no verifyRsa");
      const pss = sigAlg === TPM_ALG_ID.RSAPSS;
      const { hash, sig } = need(pss ? members.rsapss : members.rsassa, pss ? "RSAPSS" : "RSASSA");
      return crypto.verifyRsa(key.rsa, { scheme: pss ? "RSAPSS" : "RSASSA", hashAlg: hash }, digest, sig);
    }
    case TPM_ALG_ID.ECDSA: {
      if (!("ecc" in key)) throw new TssError("BAD_PARAMETER", "an ECDSA signature needs an ECC public key");
      if (!crypto.verifyEcdsa) throw new TssError("UNSUPPORTED", "this Crypto plugin has no verifyEcdsa");
      const { signatureR, signatureS } = need(members.ecdsa, "ECDSA");
      const { curveID, x, y } = key.ecc;
      return crypto.verifyEcdsa(curveID, { x, y }, digest, { r: signatureR, s: signatureS });
    }
    case TPM_ALG_ID.HMAC: {
      if (!("hmacKey" in key)) throw new TssError("BAD_PARAMETER", "an HMAC signature needs the HMAC key");
      const { hashAlg, digest: ha } = need(members.hmac, "HMAC");
      const mac = Object.values(ha ?? {})[0];
      if (!(mac instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", "HMAC: the signature has no digest");
      return constantTimeEqual(await crypto.hmac(hashAlg, key.hmacKey, digest), mac);
    }
    default:
      throw new TssError(
        "UNSUPPORTED",
        `signature algorithm 0x${Number(sigAlg).toString(16).padStart(4, "0")} (RSASSA, RSAPSS, ECDSA and HMAC are verified)`,
      );
  }
}
