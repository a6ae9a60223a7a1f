/**
 * Public-area templates for createprimary, create and createloaded, with the
 * IBM TSS utilities' key-type flags and defaults (Part 2, 12.2.4 TPMT_PUBLIC).
 * Every template starts from the utility's default attributes (`add`), sets
 * sensitiveDataOrigin and userWithAuth (not for -bl), clears adminWithPolicy,
 * sets its usage bits, and finally clears `remove` (-kt nf, -kt np, -uwa):
 *
 * - asymmetric (RSA or ECC): -st storage (restricted decrypt, AES-128-CFB, NULL
 *   scheme), -si unrestricted signing (NULL scheme), -sir restricted signing
 *   (RSASSA / ECDSA with -halg), -den / -deo / -dee unrestricted decryption with
 *   a NULL, OAEP (-halg) or RSAES scheme (ECC: NULL), -gp general purpose (sign
 *   and decrypt, NULL scheme), -dau / -dar unrestricted / restricted ECDAA
 *   signing (ECC only, count 1);
 * - -des: a symmetric cipher key, AES-128-CFB, decrypt and (unless -116, the
 *   TPM rev 116 behaviour) sign;
 * - -kh / -khr: an HMAC key (keyed hash, HMAC scheme with -halg), unrestricted
 *   or restricted;
 * - -dp: a derivation parent (keyed hash, restricted decrypt, fixedTPM and
 *   fixedParent, XOR scheme with -halg and KDF1_SP800_108);
 * - -bl: a sealed data object (keyed hash, NULL scheme, no usage bits).
 */
import { TPM_ALG_ID, TPMA_OBJECT } from "@tss/marshal";
import { UsageError } from "./usage-error.js";

/** The key-type flags, in the IBM utilities' names. */
export const KEY_TYPE_FLAGS = [
  "-st",
  "-si",
  "-sir",
  "-den",
  "-deo",
  "-dee",
  "-gp",
  "-dau",
  "-dar",
  "-des",
  "-kh",
  "-khr",
  "-dp",
  "-bl",
] as const;
/** One key type. */
export type KeyType = (typeof KEY_TYPE_FLAGS)[number];

/** Key types whose public area is an RSA or ECC key (-rsa / -ecc apply). */
export const ASYMMETRIC_KEY_TYPES: readonly KeyType[] = [
  "-st",
  "-si",
  "-sir",
  "-den",
  "-deo",
  "-dee",
  "-gp",
  "-dau",
  "-dar",
];

/** What a template is built from. */
export interface TemplateOptions {
  readonly keyType: KeyType;
  /** TPM_ALG_RSA or TPM_ALG_ECC (asymmetric key types only). */
  readonly algorithm: number;
  readonly keyBits: number;
  readonly curveID: number;
  /** Name algorithm (-nalg). */
  readonly nameAlg: number;
  /** Scheme hash algorithm (-halg). */
  readonly schemeHash: number;
  /** TPMA_OBJECT bits the utility starts from (noDA, fixedTPM, fixedParent, -kt f/p/ed). */
  readonly add: number;
  /** TPMA_OBJECT bits cleared last (-kt nf/np, -uwa). */
  readonly remove: number;
  readonly authPolicy: Uint8Array;
  /** -116: a -des key without the sign attribute (TPM rev 116 used decrypt for both directions). */
  readonly rev116?: boolean;
}

const empty = new Uint8Array(0);
const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const AES128CFB = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };
const { sign, decrypt, restricted, sensitiveDataOrigin, userWithAuth, adminWithPolicy, fixedTPM, fixedParent } =
  TPMA_OBJECT;

function usageBits(keyType: KeyType): number {
  switch (keyType) {
    case "-st":
    case "-dp":
      return decrypt | restricted;
    case "-si":
    case "-dau":
    case "-kh":
      return sign;
    case "-sir":
    case "-dar":
    case "-khr":
      return sign | restricted;
    case "-den":
    case "-deo":
    case "-dee":
      return decrypt;
    case "-gp":
    case "-des":
      return sign | decrypt;
    case "-bl":
      return 0;
  }
}

function attributes(o: TemplateOptions): number {
  let bits = (o.add | usageBits(o.keyType)) & ~adminWithPolicy;
  if (o.keyType !== "-bl") bits |= sensitiveDataOrigin;
  bits |= userWithAuth;
  if (o.keyType === "-dp") bits |= fixedTPM | fixedParent;
  if (o.keyType === "-des" && o.rev116) bits &= ~sign;
  return (bits & ~o.remove) >>> 0;
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

function eccScheme(o: TemplateOptions) {
  switch (o.keyType) {
    case "-sir":
      return { scheme: TPM_ALG_ID.ECDSA, details: { ecdsa: { hashAlg: o.schemeHash } } };
    case "-dau":
    case "-dar":
      return { scheme: TPM_ALG_ID.ECDAA, details: { ecdaa: { hashAlg: o.schemeHash, count: 1 } } };
    default:
      return NULL_SCHEME;
  }
}

/** A TPMT_PUBLIC for the options (a value for the TPM2B_PUBLIC codec's publicArea). */
export function publicTemplate(o: TemplateOptions) {
  const common = { nameAlg: o.nameAlg, objectAttributes: attributes(o), authPolicy: o.authPolicy };
  switch (o.keyType) {
    case "-bl":
      return {
        type: TPM_ALG_ID.KEYEDHASH,
        ...common,
        parameters: { keyedHashDetail: { scheme: NULL_SCHEME } },
        unique: { keyedHash: empty },
      };
    case "-kh":
    case "-khr":
      return {
        type: TPM_ALG_ID.KEYEDHASH,
        ...common,
        parameters: {
          keyedHashDetail: { scheme: { scheme: TPM_ALG_ID.HMAC, details: { hmac: { hashAlg: o.schemeHash } } } },
        },
        unique: { keyedHash: empty },
      };
    case "-dp":
      return {
        type: TPM_ALG_ID.KEYEDHASH,
        ...common,
        parameters: {
          keyedHashDetail: {
            scheme: {
              scheme: TPM_ALG_ID.XOR,
              details: { xor: { hashAlg: o.schemeHash, kdf: TPM_ALG_ID.KDF1_SP800_108 } },
            },
          },
        },
        unique: { keyedHash: empty },
      };
    case "-des":
      return {
        type: TPM_ALG_ID.SYMCIPHER,
        ...common,
        parameters: { symDetail: { sym: AES128CFB } },
        unique: { sym: empty },
      };
  }
  const symmetric = o.keyType === "-st" ? AES128CFB : NULL_SYM;
  if (o.algorithm === TPM_ALG_ID.RSA) {
    return {
      type: TPM_ALG_ID.RSA,
      ...common,
      parameters: { rsaDetail: { symmetric, scheme: rsaScheme(o), keyBits: o.keyBits, exponent: 0 } },
      unique: { rsa: empty },
    };
  }
  return {
    type: TPM_ALG_ID.ECC,
    ...common,
    parameters: { eccDetail: { symmetric, scheme: eccScheme(o), curveID: o.curveID, kdf: NULL_SCHEME } },
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
  if (keyType === undefined) throw new UsageError(`missing key attributes (one of ${allowed.join(" ")})`);
  return keyType;
}
