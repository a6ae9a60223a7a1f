/**
 * An object's Name from its public area (TPM 2.0 Part 1, 16 "Names"):
 * nameAlg || H_nameAlg(marshalled TPMT_PUBLIC), computed by @tss/session.
 */
import type { Crypto } from "@tss/marshal";
import { marshal, TPMT_PUBLIC, TssError } from "@tss/marshal";
import { objectName } from "@tss/session";
import { AttestError } from "./attest-error.js";
import { type PublicInput, readPublicArea } from "./structure-input.js";

/**
 * The Name of the object whose public area is `publicArea` (a TPMT_PUBLIC
 * value, or marshalled TPMT_PUBLIC / TPM2B_PUBLIC bytes): what TPM2_Certify
 * attests and what TPM2_MakeCredential binds a credential to. AttestError
 * MALFORMED for bytes that do not unmarshal, BAD_PARAMETER for a value that
 * does not marshal or a nameAlg that is not a hash.
 */
export async function objectNameOf(crypto: Crypto, publicArea: PublicInput): Promise<Uint8Array> {
  const area = readPublicArea(publicArea, "the public area");
  let bytes: Uint8Array;
  try {
    bytes = marshal(TPMT_PUBLIC, area as never);
  } catch (e) {
    throw new AttestError("BAD_PARAMETER", `the public area does not marshal: ${(e as Error).message}`, { cause: e });
  }
  try {
    return await objectName(crypto, area.nameAlg, bytes);
  } catch (e) {
    if (e instanceof TssError)
      throw new AttestError("BAD_PARAMETER", `the public area's Name: ${e.message}`, { cause: e });
    throw new AttestError("UNSUPPORTED_ALGORITHM", `nameAlg 0x${area.nameAlg.toString(16)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
