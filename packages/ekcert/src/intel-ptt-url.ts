/**
 * The Intel PTT EK certificate URL, by the procedure of the IBM TSS
 * documentation (section "Intel EK Certificate Download"): for an RSA EK, the
 * SHA-256 of the modulus followed by the default exponent 01 00 01, base64,
 * made URL-safe by "=" → "%3D", "+" → "-", "/" → "_", after
 * https://ekop.intel.com/ekcertservice/. For an ECC EK, which Intel does not
 * document, the digest is SHA-256 of the point's x then y coordinates as the
 * public area holds them, as tpm2-tools' tpm2_getekcertificate computes it.
 * This only computes the URL; fetchIntelEkCertificate fetches it.
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
 * The Intel PTT EK certificate URL of an EK, from its public area (RSA or ECC)
 * or an RSA modulus, under `baseUrl` (default INTEL_EK_CERT_SERVICE; a "/" is
 * added when missing). EkCertError NO_CRYPTO without a crypto plugin,
 * BAD_PARAMETER for an empty key, UNSUPPORTED for another key type.
 */
export async function intelEkCertificateUrl(
  crypto: Crypto | undefined,
  ek: PublicArea | Uint8Array,
  baseUrl: string = INTEL_EK_CERT_SERVICE,
): Promise<string> {
  if (typeof baseUrl !== "string" || baseUrl === "")
    throw new EkCertError("BAD_PARAMETER", "the EK certificate service URL must be a string");
  let data: Uint8Array;
  if (ek instanceof Uint8Array) {
    if (ek.length === 0) throw new EkCertError("BAD_PARAMETER", "an empty RSA modulus");
    data = rsaHashInput(ek);
  } else {
    const key = ekPublicKey(ek);
    if ("rsa" in key) data = rsaHashInput(key.rsa.n);
    else {
      data = new Uint8Array(key.ecc.x.length + key.ecc.y.length);
      data.set(key.ecc.x);
      data.set(key.ecc.y, key.ecc.x.length);
    }
  }
  if (!crypto) throw new EkCertError("NO_CRYPTO", "the Intel EK certificate URL needs a Crypto plugin (SHA-256)");
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return base + intelUrlBase64(await crypto.hash(TPM_ALG_ID.SHA256, data));
}

/** The modulus followed by the default exponent 01 00 01. */
function rsaHashInput(modulus: Uint8Array): Uint8Array {
  const data = new Uint8Array(modulus.length + 3);
  data.set(modulus);
  data.set([0x01, 0x00, 0x01], modulus.length);
  return data;
}
