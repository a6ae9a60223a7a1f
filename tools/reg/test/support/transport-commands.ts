/** Hand-built commands the transport tests need beyond @tss/transport-testkit's. */
import { ByteWriter, encodeCommand, TPM_CC } from "@tss/marshal";

const password = [
  { sessionHandle: 0x40000009, nonce: new Uint8Array(0), sessionAttributes: 0, hmac: new Uint8Array(0) },
];

/** TPM_RC_LOCALITY: command not allowed at this locality. */
export const TPM_RC_LOCALITY = 0x907;
/** TPM_RC_FAILURE: the TPM is in failure mode or not running. */
export const TPM_RC_FAILURE = 0x101;

/** TPM2_PCR_Extend(pcr, one SHA-256 digest of 0x01 bytes) with the empty password. */
export function pcrExtend(pcr: number): Uint8Array {
  const w = new ByteWriter();
  w.u32(1); // TPML_DIGEST_VALUES count
  w.u16(0x000b); // TPM_ALG_SHA256
  w.bytes(new Uint8Array(32).fill(1));
  return encodeCommand({ code: TPM_CC.PCR_Extend, handles: [pcr], authorizations: password, parameters: w.finish() });
}

/** TPM2_PCR_Reset(pcr) with the empty password. */
export function pcrReset(pcr: number): Uint8Array {
  return encodeCommand({
    code: TPM_CC.PCR_Reset,
    handles: [pcr],
    authorizations: password,
    parameters: new Uint8Array(0),
  });
}

/** TPM2_ReadPublic(objectHandle). */
export function readPublic(handle: number): Uint8Array {
  return encodeCommand({ code: TPM_CC.ReadPublic, handles: [handle], parameters: new Uint8Array(0) });
}
