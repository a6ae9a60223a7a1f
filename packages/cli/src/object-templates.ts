/**
 * Public-area templates for createprimary and create, with the IBM TSS utilities'
 * key-type flags and defaults (Part 2, 12.2.4 TPMT_PUBLIC): -st storage
 * (restricted decryption, AES-128-CFB, NULL scheme), -si unrestricted signing
 * (NULL scheme: the scheme is given at TPM2_Sign), -sir restricted signing
 * (RSASSA / ECDSA with -halg), -den / -deo / -dee unrestricted decryption with a
 * NULL, OAEP or RSAES scheme, -bl a sealed data blob (keyed hash, NULL scheme).
 */
import { TPM_ALG_ID, TPMA_OBJECT } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** The key-type flags, in the IBM utilities' names. */
export const KEY_TYPE_FLAGS = ["-st", "-si", "-sir", "-den", "-deo", "-dee", "-bl"] as const;
/** One key type. */
export type KeyType = (typeof KEY_TYPE_FLAGS)[number];

/** What a template is built from. */
export interface TemplateOptions {
  readonly keyType: KeyType;
  /** TPM_ALG_RSA or TPM_ALG_ECC (ignored for -bl). */
  readonly algorithm: number;
  readonly keyBits: number;
  readonly curveID: number;
  /** Name algorithm (-nalg). */
  readonly nameAlg: number;
  /** Scheme hash algorithm (-halg). */
  readonly schemeHash: number;
  /** TPMA_OBJECT bits added (fixedTPM, fixedParent, noDA ...) and removed (-uwa clears userWithAuth). */
  readonly add: number;
  readonly remove: number;
  readonly authPolicy: Uint8Array;
}

const empty = new Uint8Array(0);
const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const AES128CFB = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

function usageBits(keyType: KeyType): number {
  const { sign, decrypt, restricted } = TPMA_OBJECT;
  switch (keyType) {
    case "-st":
      return decrypt | restricted;
    case "-si":
      return sign;
    case "-sir":
      return sign | restricted;
    case "-den":
    case "-deo":
    case "-dee":
      return decrypt;
    case "-bl":
      return 0;
  }
}

function rsaScheme(o: TemplateOptions) {
  switch (o.keyType) {
    case "-sir":
      return { scheme: TPM_ALG_ID.RSASSA, details: { rsassa: { hashAlg: o.schemeHash } } };
    case "-deo":
      return { scheme: TPM_ALG_ID.OAEP, details: { oaep: { hashAlg: o.schemeHash } } };
    case "-dee":
      return { scheme: TPM_ALG_ID.RSAES, details: { rsaes: {} } };
    default:
      return NULL_SCHEME;
  }
}

/** A TPMT_PUBLIC for the options (a value for the TPM2B_PUBLIC codec's publicArea). */
export function publicTemplate(o: TemplateOptions) {
  if (o.keyType === "-bl") {
    const base = TPMA_OBJECT.userWithAuth | o.add;
    return {
      type: TPM_ALG_ID.KEYEDHASH,
      nameAlg: o.nameAlg,
      objectAttributes: (base & ~o.remove) >>> 0,
      authPolicy: o.authPolicy,
      parameters: { keyedHashDetail: { scheme: NULL_SCHEME } },
      unique: { keyedHash: empty },
    };
  }
  const attributes =
    (TPMA_OBJECT.sensitiveDataOrigin | TPMA_OBJECT.userWithAuth | usageBits(o.keyType) | o.add) & ~o.remove;
  const symmetric = o.keyType === "-st" ? AES128CFB : NULL_SYM;
  if (o.algorithm === TPM_ALG_ID.RSA) {
    return {
      type: TPM_ALG_ID.RSA,
      nameAlg: o.nameAlg,
      objectAttributes: attributes >>> 0,
      authPolicy: o.authPolicy,
      parameters: { rsaDetail: { symmetric, scheme: rsaScheme(o), keyBits: o.keyBits, exponent: 0 } },
      unique: { rsa: empty },
    };
  }
  // EC decryption keys have a NULL scheme, as in the IBM templates.
  const scheme =
    o.keyType === "-sir" ? { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: o.schemeHash } } } : NULL_SCHEME;
  return {
    type: TPM_ALG_ID.ECC,
    nameAlg: o.nameAlg,
    objectAttributes: attributes >>> 0,
    authPolicy: o.authPolicy,
    parameters: { eccDetail: { symmetric, scheme, curveID: o.curveID, kdf: NULL_SCHEME } },
    unique: { ecc: { x: empty, y: empty } },
  };
}

/** The one key-type flag given, or `fallback`; more than one is a UsageError. */
export function keyTypeOf(
  given: (flag: string) => boolean,
  fallback: KeyType | undefined,
  allowed: readonly KeyType[],
) {
  const chosen = allowed.filter((f) => given(f));
  if (chosen.length > 1) throw new UsageError(`too many key attributes: ${chosen.join(" ")}`);
  const keyType = chosen[0] ?? fallback;
  if (keyType === undefined) throw new UsageError(`missing key attribute (one of ${allowed.join(" ")})`);
  return keyType;
}
