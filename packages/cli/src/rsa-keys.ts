/** What the RSA utilities learn about a loaded key before using it. */
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import type { Tss } from "@tss/tss";

/** The modulus size in bytes of a loaded RSA key (TPM2_ReadPublic), as IBM's rsaencrypt/rsadecrypt check lengths. */
export async function rsaKeyBytes(tss: Tss, keyHandle: number): Promise<number> {
  const out = await tss.readPublic({ objectHandle: keyHandle });
  const area = out.outPublic.publicArea as { type: number; parameters: { rsaDetail?: { keyBits: number } } };
  if (area.type !== TPM_ALG_ID.RSA || !area.parameters.rsaDetail)
    throw new TssError("BAD_PARAMETER", `0x${keyHandle.toString(16)} is not an RSA key`);
  return area.parameters.rsaDetail.keyBits / 8;
}

/** EMSA-PKCS1-v1_5 encoding of a digest (RFC 8017, 9.2), from @tss/session. */
export { pkcs1SignaturePad } from "@tss/session";
