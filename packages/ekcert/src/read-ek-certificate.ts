/**
 * The EK certificate a TPM manufacturer (or swtpm_setup --create-ek-cert) stores
 * in NV, at the profile's index for each EK kind.
 */
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
  if (data.length < 2 || data[0] !== 0x30) {
    throw new EkCertError("BAD_CERTIFICATE", "the NV data does not start with a DER SEQUENCE");
  }
  const first = data[1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 3 || data.length < 2 + n) throw new EkCertError("BAD_CERTIFICATE", "bad DER length in NV data");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + data[2 + i]!;
    header = 2 + n;
  }
  if (header + length > data.length) {
    throw new EkCertError(
      "BAD_CERTIFICATE",
      `the DER certificate needs ${header + length} octets, NV holds ${data.length}`,
    );
  }
  return data.slice(0, header + length);
}
