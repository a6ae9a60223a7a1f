/**
 * The Intel PTT EK certificate URL, by the procedure of the IBM TSS
 * documentation (section "Intel EK Certificate Download"): for an RSA EK, the
 * SHA-256 of the modulus followed by the default exponent 01 00 01, base64,
 * made URL-safe by "=" → "%3D", "+" → "-", "/" → "_", after
 * https://ekop.intel.com/ekcertservice/. For ECC EKs Intel has not documented
 * the digest data, so they are refused. This only computes the URL; fetching
 * it is the caller's business.
 */
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import { ekPublicKey } from "./ek-key-match.js";
import type { PublicArea } from "./public-area.js";

/** The prefix of every Intel PTT EK certificate URL. */
export const INTEL_EK_CERT_SERVICE = "https://ekop.intel.com/ekcertservice/";

/** Base64 made URL-safe as Intel's service expects: "=" → "%3D", "+" → "-", "/" → "_". */
export function intelUrlBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin).replaceAll("=", "%3D").replaceAll("+", "-").replaceAll("/", "_");
}

/**
 * The Intel PTT EK certificate URL of an RSA EK, from its public area or its
 * modulus. EkCertError UNSUPPORTED for an ECC EK (undocumented), NO_CRYPTO
 * without a crypto plugin.
 */
export async function intelEkCertificateUrl(crypto: Crypto | undefined, ek: PublicArea | Uint8Array): Promise<string> {
  let modulus: Uint8Array;
  if (ek instanceof Uint8Array) {
    modulus = ek;
  } else {
    const key = ekPublicKey(ek);
    if (!("rsa" in key)) {
      throw new EkCertError("UNSUPPORTED", "the Intel EK certificate URL of an ECC EK is undocumented (RSA EKs only)");
    }
    modulus = key.rsa.n;
  }
  if (modulus.length === 0) throw new EkCertError("BAD_PARAMETER", "an empty RSA modulus");
  if (!crypto) throw new EkCertError("NO_CRYPTO", "the Intel EK certificate URL needs a Crypto plugin (SHA-256)");
  const data = new Uint8Array(modulus.length + 3);
  data.set(modulus);
  data.set([0x01, 0x00, 0x01], modulus.length);
  return INTEL_EK_CERT_SERVICE + intelUrlBase64(await crypto.hash(TPM_ALG_ID.SHA256, data));
}
