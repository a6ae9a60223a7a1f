/**
 * The Keys panel: create an ECC P-256 signing key with a password under the
 * page's storage primary (the password an encrypted parameter of a salted
 * session), sign a message's SHA-256 digest with it, and verify the signature
 * in the browser with @tss/crypto-webcrypto.
 */
import { TPM_ALG_ID, TPM_ECC_CURVE, TPM_RH, TPM_ST } from "@tss/marshal";
import { byId, field, onClick, setText } from "../dom.js";
import { toHex } from "../hex.js";
import { storagePrimary, withSaltedSession } from "../salted-session.js";
import { ECDSA_SHA256_SCHEME, eccSigningKey } from "../templates.js";
import type { PageTpm } from "../tpm-connection.js";

const empty = new Uint8Array(0);

/** A loaded signing key: its handle and public point. */
export interface LoadedKey {
  readonly handle: number;
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/** Creates and loads an ECC P-256 ECDSA key (restricted: an attestation key) under the storage primary. */
export async function createSigningKey(page: PageTpm, password: string, restricted: boolean): Promise<LoadedKey> {
  const parentHandle = await storagePrimary(page);
  return withSaltedSession(page, async (use) => {
    const created = await page.tss.create(
      {
        parentHandle,
        inSensitive: { sensitive: { userAuth: new TextEncoder().encode(password), data: empty } },
        inPublic: { publicArea: eccSigningKey(restricted) },
        outsideInfo: empty,
        creationPCR: [],
      } as never,
      { sessions: [use("", { command: true })] },
    );
    const loaded = await page.tss.load(
      { parentHandle, inPrivate: created.outPrivate, inPublic: created.outPublic },
      { sessions: [use("")] },
    );
    const point = (created.outPublic.publicArea.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
    return { handle: loaded.objectHandle, x: point.x, y: point.y };
  });
}

/** The signature (r, s) of TPM2_Sign over a SHA-256 digest, authorized with the key's password. */
export async function signDigest(
  page: PageTpm,
  key: LoadedKey,
  password: string,
  digest: Uint8Array,
): Promise<{ r: Uint8Array; s: Uint8Array }> {
  const { signature } = await withSaltedSession(page, (use) =>
    page.tss.sign(
      {
        keyHandle: key.handle,
        digest,
        inScheme: ECDSA_SHA256_SCHEME,
        validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty },
      } as never,
      { sessions: [use(password, { command: true })] },
    ),
  );
  const ecdsa = (signature.signature as { ecdsa: { signatureR: Uint8Array; signatureS: Uint8Array } }).ecdsa;
  return { r: ecdsa.signatureR, s: ecdsa.signatureS };
}

/** Verifies an ECDSA P-256 signature in the page (WebCrypto through the crypto plugin). */
export async function verifyInPage(
  page: PageTpm,
  key: LoadedKey,
  digest: Uint8Array,
  signature: { r: Uint8Array; s: Uint8Array },
): Promise<boolean> {
  if (!page.crypto.verifyEcdsa) throw new Error("the crypto plugin cannot verify ECDSA");
  return page.crypto.verifyEcdsa(TPM_ECC_CURVE.NIST_P256, { x: key.x, y: key.y }, digest, signature);
}

/** Wires the panel's form. */
export function setUpKeys(page: PageTpm): void {
  const form = byId<HTMLFormElement>("keys-form");
  form.addEventListener("submit", (e) => e.preventDefault());
  let key: LoadedKey | undefined;
  onClick("keys-create", "keys", async () => {
    if (key) await page.tss.flushContext({ flushHandle: key.handle }).catch(() => undefined);
    key = undefined;
    key = await createSigningKey(page, field(form, "password"), false);
    setText("keys-public", `x ${toHex(key.x)}\ny ${toHex(key.y)}`);
    setText("keys-handle", `0x${key.handle.toString(16)}`);
    setText("keys-verified", "");
  });
  onClick("keys-sign", "keys", async () => {
    if (!key) throw new Error("create a key first");
    const message = new TextEncoder().encode(field(form, "message"));
    const digest = await page.crypto.hash(TPM_ALG_ID.SHA256, message);
    const signature = await signDigest(page, key, field(form, "password"), digest);
    setText("keys-signature", `r ${toHex(signature.r)}\ns ${toHex(signature.s)}`);
    const valid = await verifyInPage(page, key, digest, signature);
    const changed = digest.slice();
    changed[0] = (changed[0] ?? 0) ^ 1;
    const forged = await verifyInPage(page, key, changed, signature);
    setText(
      "keys-verified",
      `${valid ? "signature valid" : "SIGNATURE INVALID"}; over another digest: ${forged ? "ACCEPTED (wrong)" : "rejected"}`,
    );
  });
}
