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

/** The DER DigestInfo prefix of each hash (RFC 8017, 9.2, note 1). */
const DIGEST_INFO_PREFIX: Readonly<Record<number, string>> = {
  [TPM_ALG_ID.SHA1]: "3021300906052b0e03021a05000414",
  [TPM_ALG_ID.SHA256]: "3031300d060960864801650304020105000420",
  [TPM_ALG_ID.SHA384]: "3041300d060960864801650304020205000430",
  [TPM_ALG_ID.SHA512]: "3051300d060960864801650304020305000440",
};

/**
 * EMSA-PKCS1-v1_5 encoding of a digest to `keyBytes` (RFC 8017, 9.2):
 * 00 01 FF..FF 00 DigestInfo. The digest's length must be the hash's.
 */
export function pkcs1SignaturePad(hashAlg: number, digest: Uint8Array, keyBytes: number): Uint8Array {
  const prefixHex = DIGEST_INFO_PREFIX[hashAlg];
  if (prefixHex === undefined) throw new TssError("BAD_PARAMETER", `no DigestInfo for hash 0x${hashAlg.toString(16)}`);
  const prefix = Uint8Array.from(prefixHex.match(/../g)!, (h) => Number.parseInt(h, 16));
  const size = prefix[prefix.length - 1]!;
  if (digest.length !== size)
    throw new TssError("BAD_PARAMETER", `hash algorithm length ${size} not equal data length ${digest.length}`);
  const t = prefix.length + size;
  if (keyBytes < t + 11) throw new TssError("BAD_PARAMETER", `a ${keyBytes}-byte key is too short for the digest`);
  const em = new Uint8Array(keyBytes).fill(0xff);
  em[0] = 0;
  em[1] = 1;
  em[keyBytes - t - 1] = 0;
  em.set(prefix, keyBytes - t);
  em.set(digest, keyBytes - size);
  return em;
}
