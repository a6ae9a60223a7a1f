/**
 * PEM, the textual encoding of RFC 7468, for SubjectPublicKeyInfo ("PUBLIC
 * KEY", section 13): base64 of the DER in lines of 64 characters between the
 * encapsulation boundaries. A convenience over tpmPublicToSpki/spkiToTpmPublic.
 * The PEM codec itself (readPemBlock, derToPem) is @tss/marshal/plugin-support's,
 * re-exported here.
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { derToPem, readPemBlock } from "@tss/marshal/plugin-support";
import { type PublicArea, type PublicKeyTemplate, spkiToTpmPublic, tpmPublicToSpki } from "./public-key.js";

export { derToPem, type PemBlock, readPemBlock } from "@tss/marshal/plugin-support";

/** The PEM label of a SubjectPublicKeyInfo. */
export const PEM_PUBLIC_KEY_LABEL = "PUBLIC KEY";

/** A DER SubjectPublicKeyInfo as PEM ("-----BEGIN PUBLIC KEY-----", 64-character lines, "\n" line ends). */
export function spkiToPem(der: Uint8Array): string {
  return derToPem(PEM_PUBLIC_KEY_LABEL, der);
}

/**
 * The DER of the first "PUBLIC KEY" block in PEM text. Text before and after the
 * block, CRLF line ends and white space inside the base64 are allowed (RFC 7468,
 * section 3, lax parsing); other labels ("RSA PUBLIC KEY", "CERTIFICATE", ...),
 * header fields, a missing end line and bad base64 are TssError("BAD_PARAMETER").
 */
export function pemToSpki(pem: string): Uint8Array {
  if (typeof pem !== "string") throw new TssError("BAD_PARAMETER", "PEM must be a string");
  const begin = /-----BEGIN ([^-\r\n]*)-----/.exec(pem);
  if (!begin) throw new TssError("BAD_PARAMETER", "no PEM block (-----BEGIN ...-----)");
  if (begin[1] !== PEM_PUBLIC_KEY_LABEL) {
    throw new TssError(
      "BAD_PARAMETER",
      `a PEM "${begin[1]}" block, not "${PEM_PUBLIC_KEY_LABEL}" (SubjectPublicKeyInfo)`,
    );
  }
  const block = readPemBlock(pem, [PEM_PUBLIC_KEY_LABEL]);
  if (Object.keys(block.headers).length > 0) {
    throw new TssError("BAD_PARAMETER", `a "${PEM_PUBLIC_KEY_LABEL}" block has no header fields (RFC 7468)`);
  }
  return block.der;
}

/** The PEM SubjectPublicKeyInfo of a TPM key's public area (tpmPublicToSpki, then spkiToPem). */
export async function tpmPublicToPem(crypto: Crypto | undefined, publicArea: PublicArea): Promise<string> {
  return spkiToPem(await tpmPublicToSpki(crypto, publicArea));
}

/** An external-key public area from a PEM SubjectPublicKeyInfo (pemToSpki, then spkiToTpmPublic). */
export async function pemToTpmPublic(
  crypto: Crypto | undefined,
  pem: string,
  template?: PublicKeyTemplate,
): Promise<PublicArea> {
  return spkiToTpmPublic(crypto, pemToSpki(pem), template);
}
