/**
 * The Keys panel: create an ECC P-256 signing key with a password under a
 * storage primary (the password an encrypted parameter of a salted session),
 * sign a message's SHA-256 digest with it (loaded for the signature, then
 * flushed), and verify the signature in the browser with @tss/crypto-webcrypto.
 */
import { TPM_ALG_ID, TPM_ECC_CURVE, TPM_RH, TPM_ST } from "@tss/marshal";
import { byId, field, onClick, setText } from "../dom.js";
import { toHex } from "../hex.js";
import { withSaltedSession, withStoragePrimary } from "../salted-session.js";
import { ECDSA_SHA256_SCHEME, eccSigningKey } from "../templates.js";
import type { PageTpm } from "../tpm-connection.js";

const empty = new Uint8Array(0);

/** A created key: what Load needs, and its public point. */
export interface CreatedKey {
  readonly outPrivate: Uint8Array;
  readonly outPublic: { readonly publicArea: unknown };
  readonly x: Uint8Array;
  readonly y: Uint8Array;
}

/**
 * Creates an ECC P-256 ECDSA key (restricted: an attestation key) under the
 * storage primary `parentHandle`, its password an encrypted parameter.
 */
export async function createSigningKey(
  page: PageTpm,
  parentHandle: number,
  password: string,
  restricted: boolean,
): Promise<CreatedKey> {
  const created = await withSaltedSession(page, (use) =>
    page.tss.create(
      {
        parentHandle,
        inSensitive: { sensitive: { userAuth: new TextEncoder().encode(password), data: empty } },
        inPublic: { publicArea: eccSigningKey(restricted) },
        outsideInfo: empty,
        creationPCR: [],
      } as never,
      { sessions: [use("", { command: true })] },
    ),
  );
  const point = (created.outPublic.publicArea.unique as { ecc: { x: Uint8Array; y: Uint8Array } }).ecc;
  return { outPrivate: created.outPrivate, outPublic: created.outPublic, x: point.x, y: point.y };
}

/** Loads a created key under `parentHandle`, runs `action` with its handle, and flushes it. */
export async function withLoadedKey<T>(
  page: PageTpm,
  parentHandle: number,
  key: CreatedKey,
  action: (handle: number) => Promise<T>,
): Promise<T> {
  const { objectHandle } = await page.tss.load({
    parentHandle,
    inPrivate: key.outPrivate,
    inPublic: key.outPublic,
  } as never);
  try {
    return await action(objectHandle);
  } finally {
    await page.tss.flushContext({ flushHandle: objectHandle }).catch(() => undefined);
  }
}

/** The signature (r, s) of TPM2_Sign over a SHA-256 digest, authorized with the key's password in a salted session. */
export function signDigest(
  page: PageTpm,
  key: CreatedKey,
  password: string,
  digest: Uint8Array,
): Promise<{ r: Uint8Array; s: Uint8Array }> {
  return withStoragePrimary(page, (parent) =>
    withLoadedKey(page, parent, key, async (keyHandle) => {
      const { signature } = await withSaltedSession(page, (use) =>
        page.tss.sign(
          {
            keyHandle,
            digest,
            inScheme: ECDSA_SHA256_SCHEME,
            validation: { tag: TPM_ST.HASHCHECK, hierarchy: TPM_RH.NULL, digest: empty },
          } as never,
          { sessions: [use(password, { command: true })] },
        ),
      );
      const ecdsa = (signature.signature as { ecdsa: { signatureR: Uint8Array; signatureS: Uint8Array } }).ecdsa;
      return { r: ecdsa.signatureR, s: ecdsa.signatureS };
    }),
  );
}

/** Verifies an ECDSA P-256 signature in the page (WebCrypto through the crypto plugin). */
export async function verifyInPage(
  page: PageTpm,
  key: { readonly x: Uint8Array; readonly y: Uint8Array },
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
  let key: CreatedKey | undefined;
  onClick("keys-create", "keys", async () => {
    key = undefined;
    key = await withStoragePrimary(page, (parent) => createSigningKey(page, parent, field(form, "password"), false));
    setText("keys-public", `x ${toHex(key.x)}\ny ${toHex(key.y)}`);
    setText("keys-signature", "");
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
