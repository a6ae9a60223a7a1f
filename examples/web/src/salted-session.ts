/**
 * Salted, encrypting HMAC sessions: every command that carries a secret (an NV
 * password, a key's auth) runs in one. The salt is encrypted to the TPM's
 * persisted RSA EK (0x81010001, RSA-OAEP) when there is one, else to an
 * ECC P-256 storage primary (ECDH), so the session key never crosses the wire.
 */
import { TPM_ALG_ID, TPM_RH, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import type { SessionSpec } from "@tss/tss";
import { STORAGE_PRIMARY } from "./templates.js";
import type { PageTpm } from "./tpm-connection.js";

const empty = new Uint8Array(0);
let hasEk: Promise<boolean> | undefined;

/** Where the EK credential profile (and swtpm_setup) persists the RSA EK. */
export const PERSISTENT_RSA_EK = 0x81010001;

/**
 * Creates the page's storage primary, runs `action` with its handle, and
 * flushes it: the page leaves no object loaded between actions (a TPM without
 * a resource manager holds only a few, and other clients share it).
 */
export async function withStoragePrimary<T>(page: PageTpm, action: (primary: number) => Promise<T>): Promise<T> {
  const { objectHandle } = await page.tss.createPrimary({
    primaryHandle: TPM_RH.OWNER,
    inSensitive: { sensitive: { userAuth: empty, data: empty } },
    inPublic: { publicArea: STORAGE_PRIMARY },
    outsideInfo: empty,
    creationPCR: [],
  });
  try {
    return await action(objectHandle);
  } finally {
    await page.tss.flushContext({ flushHandle: objectHandle }).catch(() => undefined);
  }
}

/** True when the TPM has the persisted RSA EK (the salt key then; asked once). */
function persistedEk(page: PageTpm): Promise<boolean> {
  hasEk ??= page.tss.readPublic({ objectHandle: PERSISTENT_RSA_EK }).then(
    () => true,
    () => false,
  );
  return hasEk;
}

/**
 * Runs `action` with the key a session's salt is encrypted to: the persisted
 * RSA EK when the TPM has one (no object to load), else a storage primary.
 */
export async function withSaltKey<T>(page: PageTpm, action: (tpmKey: number) => Promise<T>): Promise<T> {
  if (await persistedEk(page)) return action(PERSISTENT_RSA_EK);
  return withStoragePrimary(page, action);
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
 * salted to the EK (withSaltKey), runs `action` with it, and flushes it.
 */
export function withSaltedSession<T>(page: PageTpm, action: (use: SaltedUse) => Promise<T>): Promise<T> {
  return withSaltKey(page, (tpmKey) => runSalted(page, tpmKey, action));
}

async function runSalted<T>(page: PageTpm, tpmKey: number, action: (use: SaltedUse) => Promise<T>): Promise<T> {
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
