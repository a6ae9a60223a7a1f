import { TPM_ALG_ID, TPM_RH, TPM_SE, type TPMT_SYM_DEF } from "@tss/marshal";
import type { Tss } from "@tss/tss";

/** Parameter encryption choice for a session. */
export type Cipher = "none" | "xor" | "aes128" | "aes256";

/** TPMT_SYM_DEF for a cipher. */
export function symmetricFor(cipher: Cipher, hashAlg: number): TPMT_SYM_DEF {
  switch (cipher) {
    case "none":
      return { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
    case "xor":
      return { algorithm: TPM_ALG_ID.XOR, keyBits: { xor: hashAlg }, mode: {} };
    case "aes128":
      return { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
    case "aes256":
      return { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 256 }, mode: { aes: TPM_ALG_ID.CFB } };
  }
}

/** Starts a session; the TSS makes nonceCaller and the salt. */
export async function startAuthSession(
  tss: Tss,
  options: {
    sessionType?: number;
    authHash?: number;
    cipher?: Cipher;
    tpmKey?: number;
    bind?: number;
    bindPassword?: string | Uint8Array;
  } = {},
): Promise<number> {
  const authHash = options.authHash ?? TPM_ALG_ID.SHA256;
  const out = await tss.startAuthSession(
    {
      tpmKey: options.tpmKey ?? TPM_RH.NULL,
      bind: options.bind ?? TPM_RH.NULL,
      nonceCaller: new Uint8Array(0),
      encryptedSalt: new Uint8Array(0),
      sessionType: options.sessionType ?? TPM_SE.HMAC,
      symmetric: symmetricFor(options.cipher ?? "none", authHash),
      authHash,
    },
    options.bindPassword !== undefined ? { extra: { bindPassword: options.bindPassword } } : {},
  );
  return out.sessionHandle;
}
