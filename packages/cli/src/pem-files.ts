/**
 * PEM files as the IBM utilities read and write them (OpenSSL's PEM): public
 * keys as SubjectPublicKeyInfo ("PUBLIC KEY"), private keys in any of OpenSSL's
 * forms, encrypted with a password or not (PKCS#8, PKCS#1 "RSA PRIVATE KEY",
 * SEC1 "EC PRIVATE KEY", legacy "Proc-Type: 4,ENCRYPTED" headers).
 */
import { createPrivateKey } from "node:crypto";
import { TPM_ALG_ID, TssError } from "@tss/marshal";
import { DER_TAG, DerReader } from "@tss/marshal/plugin-support";
import {
  type PublicArea,
  type PublicKeyTemplate,
  pemToSpki,
  privateKeyFromDer,
  type SoftwarePrivateKey,
  tpmPublicFromPublicKey,
  tpmPublicToPem,
} from "@tss/session";
import { softwareCrypto } from "./software-crypto.js";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/** Writes the SubjectPublicKeyInfo PEM of an RSA or ECC public area (IBM's -opem). */
export async function writePublicPem(ctx: UtilityContext, file: string, publicArea: unknown): Promise<void> {
  const pem = await tpmPublicToPem(await softwareCrypto(), publicArea as PublicArea);
  await ctx.writeFile(file, new TextEncoder().encode(pem));
}

/** A public area from a SubjectPublicKeyInfo PEM file, with the template for the key's algorithm (TPM_ALG_RSA or TPM_ALG_ECC). */
export async function readPublicPem(
  ctx: UtilityContext,
  file: string,
  templateFor: (algorithm: number) => PublicKeyTemplate,
): Promise<PublicArea> {
  const text = new TextDecoder().decode(await ctx.readFile(file));
  const crypto = await softwareCrypto();
  try {
    const key = await crypto.importSpki!(pemToSpki(text));
    return tpmPublicFromPublicKey(key, templateFor("rsa" in key ? TPM_ALG_ID.RSA : TPM_ALG_ID.ECC));
  } catch (e) {
    if (e instanceof TssError && e.code === "BAD_PARAMETER") throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

/**
 * The key pair in a private-key PEM (or, with `der`, DER) file, decrypted with
 * `password` when it is encrypted (OpenSSL reads every form; the key goes on
 * as unencrypted PKCS#8 DER to privateKeyFromDer).
 */
export async function readPrivateKeyFile(
  ctx: UtilityContext,
  file: string,
  password: string | undefined,
  format: "pem" | "der" = "pem",
): Promise<SoftwarePrivateKey> {
  const bytes = await ctx.readFile(file);
  let der: Uint8Array;
  try {
    const key = createPrivateKey({
      key: Buffer.from(bytes),
      format,
      ...(format === "der" ? { type: guessDerType(bytes) } : {}),
      ...(password !== undefined ? { passphrase: password } : {}),
    });
    der = new Uint8Array(key.export({ type: "pkcs8", format: "der" }));
  } catch (e) {
    throw new UsageError(
      `${file}: not a private key${password === undefined ? "" : " (or a wrong password)"}: ${(e as Error).message}`,
    );
  }
  return privateKeyFromDer(der);
}

/** The DER type node:crypto needs: PKCS#8 unless the second element is an INTEGER (PKCS#1) or an OCTET STRING (SEC1). */
function guessDerType(der: Uint8Array): "pkcs8" | "pkcs1" | "sec1" {
  try {
    // SEQUENCE { INTEGER version, ... }
    const key = new DerReader(der).enter("private key");
    key.expect(DER_TAG.INTEGER, "version");
    const second = key.peekTag();
    if (second === DER_TAG.INTEGER) return "pkcs1";
    if (second === DER_TAG.OCTET_STRING) return "sec1";
  } catch {
    // Not one of these outlines: node:crypto says what is wrong with it as PKCS#8.
  }
  return "pkcs8";
}
