/**
 * Salted, encrypting HMAC sessions: every command that carries a secret (an NV
 * password, a key's auth) runs in one. The salt is encrypted to the TPM's
 * persisted RSA EK (0x81010001, RSA-OAEP) when there is one, else to the
 * page's ECC P-256 storage primary (ECDH), so the session key never crosses
 * the wire.
 */
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import type { SessionSpec } from "@tss/tss";
import { STORAGE_PRIMARY } from "./templates.js";
import type { PageTpm } from "./tpm-connection.js";

const empty = new Uint8Array(0);
let primary: Promise<number> | undefined;
let saltKey: Promise<number> | undefined;

/** Where the EK credential profile (and swtpm_setup) persists the RSA EK. */
export const PERSISTENT_RSA_EK = 0x81010001;

/** The salt key: the persisted RSA EK when the TPM has one (no object to load), else the storage primary. */
export function sessionSaltKey(page: PageTpm): Promise<number> {
  saltKey ??= page.tss
    .readPublic({ objectHandle: PERSISTENT_RSA_EK })
    .then(
      () => PERSISTENT_RSA_EK,
      () => storagePrimary(page),
    )
    .catch((e: unknown) => {
      saltKey = undefined;
      throw e;
    });
  return saltKey;
}

/** The storage primary's handle (created under the owner hierarchy once per page). */
export function storagePrimary(page: PageTpm): Promise<number> {
  primary ??= page.tss
    .createPrimary({
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: STORAGE_PRIMARY },
      outsideInfo: empty,
      creationPCR: [],
    })
    .then((r) => r.objectHandle)
    .catch((e: unknown) => {
      primary = undefined;
      throw e;
    });
  return primary;
}

/** Which parameters the session encrypts: the command's first (decrypt) and the response's first (encrypt). */
export interface Encryption {
  readonly command?: boolean;
  readonly response?: boolean;
}

/** A salted session's use in one command: its handle, the entity's password, and the encryption wanted. */
export type SaltedUse = (password: string | Uint8Array, encryption?: Encryption) => SessionSpec;

/**
 * Starts a salted HMAC session (SHA-256, AES-128-CFB parameter encryption)
 * salted to sessionSaltKey, runs `action` with it, and flushes it.
 */
export async function withSaltedSession<T>(page: PageTpm, action: (use: SaltedUse) => Promise<T>): Promise<T> {
  const tpmKey = await sessionSaltKey(page);
  const { sessionHandle } = await page.tss.startAuthSession({
    tpmKey,
    bind: TPM_RH.NULL,
    nonceCaller: empty,
    encryptedSalt: empty,
    sessionType: TPM_SE.HMAC,
    symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
    authHash: TPM_ALG_ID.SHA256,
  });
  const use: SaltedUse = (password, encryption = {}) => ({
    handle: sessionHandle,
    password,
    attributes:
      TPMA_SESSION.continueSession |
      (encryption.command ? TPMA_SESSION.decrypt : 0) |
      (encryption.response ? TPMA_SESSION.encrypt : 0),
  });
  try {
    return await action(use);
  } finally {
    await page.tss.flushContext({ flushHandle: sessionHandle }).catch(() => undefined);
  }
}
