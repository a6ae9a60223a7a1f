/**
 * Signatures outside the TPM, for sign -ipu and verifysignature -ipem / -ihmac
 * / -raw: a raw signature file (as OpenSSL writes it) read into a
 * TPMT_SIGNATURE, and a TPMT_SIGNATURE checked in software against a TPM public
 * area, a PEM public key or an HMAC key (through @tss/session's
 * verifyTpmSignature on the first installed crypto plugin).
 */

import { DER, DerReader } from "@tss/ekcert";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import {
  type PublicArea,
  pemToSpki,
  publicKeyFromTpmPublic,
  type SignatureKey,
  type TpmSignature,
  verifyTpmSignature,
} from "@tss/session";
import { defaultCrypto } from "@tss/tss";

/** Minimal unsigned big-endian magnitude of a DER INTEGER's content (no sign octet). */
function magnitude(content: Uint8Array): Uint8Array {
  let i = 0;
  while (i < content.length - 1 && content[i] === 0) i++;
  return content.slice(i);
}

/**
 * A raw signature as a TPMT_SIGNATURE (verifysignature -raw): RSA, the
 * signature octets as RSASSA with `hashAlg`; ECC, a DER ECDSA-Sig-Value
 * (SEQUENCE { r INTEGER, s INTEGER }) as ECDSA with `hashAlg`.
 */
export function rawSignature(algorithm: "rsa" | "ecc", hashAlg: number, raw: Uint8Array, file: string): TpmSignature {
  if (algorithm === "rsa") {
    if (raw.length === 0 || raw.length > 512)
      throw new TssError("BAD_PARAMETER", `${file}: an RSA signature of ${raw.length} bytes`);
    return { sigAlg: TPM_ALG_ID.RSASSA, signature: { rsassa: { hash: hashAlg, sig: raw } } } as TpmSignature;
  }
  try {
    const outer = new DerReader(raw);
    const seq = outer.expect(DER.SEQUENCE, "ECDSA-Sig-Value");
    outer.end("ECDSA-Sig-Value");
    const inner = new DerReader(seq.content);
    const r = magnitude(inner.expect(DER.INTEGER, "r").content);
    const s = magnitude(inner.expect(DER.INTEGER, "s").content);
    inner.end("ECDSA-Sig-Value");
    return {
      sigAlg: TPM_ALG_ID.ECDSA,
      signature: { ecdsa: { hash: hashAlg, signatureR: r, signatureS: s } },
    } as TpmSignature;
  } catch (e) {
    if (e instanceof TssError) throw e;
    throw new TssError("BAD_PARAMETER", `${file}: not a DER ECDSA signature: ${(e as Error).message}`, { cause: e });
  }
}

/** What a signature is checked against: a TPM public area, PEM text, or an HMAC key. */
export type CheckKey = { readonly publicArea: unknown } | { readonly pem: string } | { readonly hmacKey: Uint8Array };

/** The IBM TSS code a failed check reports, by signature algorithm. */
function failureCode(sigAlg: number): string {
  if (sigAlg === TPM_ALG_ID.RSASSA || sigAlg === TPM_ALG_ID.RSAPSS) return "TSS_RC_RSA_SIGNATURE";
  if (sigAlg === TPM_ALG_ID.ECDSA) return "TSS_RC_EC_SIGNATURE";
  return "TSS_RC_HMAC_VERIFY";
}

/**
 * Checks `signature` over `digest` in software; throws when it does not verify
 * (an Error whose code is IBM's TSS_RC_RSA_SIGNATURE, TSS_RC_EC_SIGNATURE or
 * TSS_RC_HMAC_VERIFY) or when the key cannot check it (TssError). `source`
 * names the key's file in messages.
 */
export async function checkSignature(
  key: CheckKey,
  digest: Uint8Array,
  signature: TpmSignature,
  source: string,
): Promise<void> {
  const crypto = await defaultCrypto();
  if (!crypto) throw new TssError("NO_CRYPTO", "verifying a signature in software needs a crypto plugin");
  let signatureKey: SignatureKey;
  if ("hmacKey" in key) signatureKey = { hmacKey: key.hmacKey };
  else if ("pem" in key) {
    if (!crypto.importSpki) throw new TssError("UNSUPPORTED", "this crypto plugin cannot read PEM public keys");
    signatureKey = await crypto.importSpki(pemToSpki(key.pem));
  } else signatureKey = publicKeyFromTpmPublic(key.publicArea as PublicArea);
  if (!(await verifyTpmSignature(crypto, signatureKey, digest, signature))) {
    const sigAlg = (signature as { sigAlg: number }).sigAlg;
    throw Object.assign(new Error(`the signature does not verify with ${source}`), { code: failureCode(sigAlg) });
  }
}
