/**
 * What IBM's sample applications (signapp, writeapp) share: the RSA EK as the
 * salt key, and sessions with SHA-256 HMACs and AES-128-CFB parameter encryption.
 */
import { certificateMatchesEk, createEk, EkCertError, parseCertificate, readEkCertificate } from "@tss/ekcert";
import { TPM_ALG_ID, TPM_RH, TPM_SE } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { hex8 } from "./print-all.js";
import type { UtilityContext } from "./utility.js";

/** Prints an "INFO: ..." progress line under -v, as the sample applications do. */
export function info(ctx: UtilityContext, text: string): void {
  if (ctx.verbose) ctx.print(`INFO: ${text}\n`);
}

/**
 * Creates the low-range RSA 2048 EK (honouring the EK template and nonce NV
 * indexes) for salting sessions. With `validate`, the EK certificate at
 * 01c00002 must be there and certify this EK's key.
 */
export async function rsaEkForSalt(ctx: UtilityContext, tss: Tss, validate: boolean): Promise<number> {
  info(ctx, "Create a primary EK for the salt");
  const ek = await createEk(tss, { algorithm: "rsa2048" });
  info(ctx, `Primary EK handle ${hex8(ek.handle)}`);
  if (validate) {
    try {
      const certificate = parseCertificate(await readEkCertificate(tss, "rsa2048"));
      if (!certificateMatchesEk(certificate, ek.publicArea)) {
        throw new EkCertError("KEY_MISMATCH", "the EK certificate at 01c00002 does not certify this EK");
      }
    } catch (e) {
      await tss.flushContext({ flushHandle: ek.handle }).catch(() => undefined);
      throw e;
    }
  }
  return ek.handle;
}

/** Starts an HMAC or policy session: SHA-256, AES-128-CFB, salted with `tpmKey`, bound to `bind`. */
export async function startAesSession(
  tss: Tss,
  sessionType: number,
  tpmKey: number = TPM_RH.NULL,
  bind: number = TPM_RH.NULL,
  bindPassword?: string,
): Promise<number> {
  const empty = new Uint8Array(0);
  const out = await tss.startAuthSession(
    {
      tpmKey,
      bind,
      nonceCaller: empty,
      encryptedSalt: empty,
      sessionType,
      symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } },
      authHash: TPM_ALG_ID.SHA256,
    },
    bindPassword !== undefined ? { extra: { bindPassword } } : {},
  );
  return out.sessionHandle;
}

/** TPM_SE values by the sample applications' words. */
export const SESSION_TYPE = { hmac: TPM_SE.HMAC, policy: TPM_SE.POLICY } as const;

/** Flushes a handle, ignoring failure (clean-up after an earlier error). */
export async function flushQuietly(tss: Tss, handle: number | undefined): Promise<void> {
  if (handle !== undefined) await tss.flushContext({ flushHandle: handle }).catch(() => undefined);
}
