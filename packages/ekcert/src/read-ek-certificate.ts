/**
 * The EK certificate a TPM manufacturer (or swtpm_setup --create-ek-cert) stores
 * in NV, at the profile's index for each EK kind.
 */
import { DER, DerReader } from "./der.js";
import { EkCertError } from "./ek-error.js";
import { type EkAlgorithm, ekProfile } from "./ek-templates.js";
import type { EkTpm } from "./ek-tpm.js";
import { type ReadNvOptions, readNvIndex } from "./nv-read.js";

/**
 * The DER EK certificate of an EK kind, read from its NV index (e.g. 0x01C00002
 * for "rsa2048"). EkCertError NV_INDEX_ABSENT when the TPM has none. Some
 * manufacturers pad the index after the certificate: the DER is cut to the
 * length its outer SEQUENCE declares.
 */
export async function readEkCertificate(
  tpm: EkTpm,
  algorithm: EkAlgorithm,
  options: ReadNvOptions = {},
): Promise<Uint8Array> {
  return trimDer(await readNvIndex(tpm, ekProfile(algorithm).certIndex, options));
}

/** The DER of a certificate read from NV, cut to its outer SEQUENCE's length (trailing padding removed). */
export function trimDer(data: Uint8Array): Uint8Array {
  if (data.length < 2 || data[0] !== DER.SEQUENCE) {
    throw new EkCertError("BAD_CERTIFICATE", "the NV data does not start with a DER SEQUENCE");
  }
  return data.slice(0, new DerReader(data).next().encoded.length);
}
