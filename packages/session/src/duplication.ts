/**
 * Duplication in software (TPM 2.0 Part 1, 23.3 "Duplication" and 23.3.2
 * "Protections"; Part 3, 13.1 TPM2_Duplicate and 13.3 TPM2_Import): an object's
 * sensitive area wrapped for a new parent, so that TPM2_Import under that parent
 * accepts it, and the inverse.
 *
 * With the object's Name and nameAlg H_o, and sensitive = the marshalled TPM2B_SENSITIVE:
 * - inner wrapper (optional, an AES-CFB key chosen by the caller, IV = 0):
 *     innerIntegrity = H_o(sensitive || Name)
 *     encSensitive   = AES-CFB(encryptionKey, TPM2B_DIGEST(innerIntegrity) || sensitive)
 *   (without it, encSensitive = sensitive)
 * - outer wrapper (optional, the new parent's nameAlg H_p and symmetric keyBits):
 *     seed      = random, encrypted to the new parent under the label "DUPLICATE" (inSymSeed)
 *     symKey    = KDFa(H_p, seed, "STORAGE", Name, empty, keyBits)
 *     dupSensitive = AES-CFB(symKey, IV = 0, encSensitive)
 *     hmacKey   = KDFa(H_p, seed, "INTEGRITY", empty, empty, 8 * digest size)
 *     outerHMAC = HMAC(H_p, hmacKey, dupSensitive || Name)
 *     duplicate = TPM2B_DIGEST(outerHMAC) || dupSensitive
 *   (without it, duplicate = encSensitive and inSymSeed is empty)
 */
import type { Crypto, TPMT_SYM_DEF_OBJECT } from "@tss/marshal";
import { type Codec, MarshalError, marshal, TPM_ALG_ID, TPM2B_SENSITIVE, TPMT_PUBLIC, TssError } from "@tss/marshal";
import { concat, constantTimeEqual, u16 } from "./bytes.js";
import { type CredentialProtector, credentialProtector } from "./credential.js";
import { makeEncryptedSeed, seedKeyOf } from "./encrypted-seed.js";
import { objectName } from "./names.js";
import { checkBytes, outerUnwrap, outerWrap, sized } from "./outer-wrapper.js";
import type { SensitiveArea } from "./private-key.js";
import type { PublicArea } from "./public-key.js";

/** The label of a duplication seed, "DUPLICATE" with its terminating zero. */
export const DUPLICATE_LABEL = "DUPLICATE";

/** The outer wrapper for a chosen seed: the new parent's protection (credentialProtector) and the seed. */
export interface OuterWrapper {
  readonly protector: CredentialProtector;
  readonly seed: Uint8Array;
}

/** What duplicationBlob wraps and openDuplicationBlob unwraps. */
export interface DuplicationWrappers {
  /** The object's Name (nameAlg || digest of its TPMT_PUBLIC). */
  readonly name: Uint8Array;
  /** The object's nameAlg: the inner integrity hash. */
  readonly nameAlg: number;
  /** The inner wrapper's AES-CFB key (16, 24 or 32 octets); absent: no inner wrapper. */
  readonly encryptionKey?: Uint8Array;
  /** The outer wrapper; absent: no outer wrapper. */
  readonly outer?: OuterWrapper;
}

const ZERO_IV = new Uint8Array(16);
const EMPTY: Uint8Array = new Uint8Array(0);

function checkAesKey(key: Uint8Array, what: string): void {
  if (![16, 24, 32].includes(key.length)) {
    throw new TssError("BAD_PARAMETER", `${what} of ${key.length} octets (an AES key has 16, 24 or 32)`);
  }
}

/**
 * The duplicate (TPM2B_PRIVATE buffer) of a marshalled TPM2B_SENSITIVE under the
 * given wrappers: deterministic for a chosen seed, so it has known answers.
 */
export async function duplicationBlob(
  crypto: Crypto,
  wrappers: DuplicationWrappers,
  sensitive: Uint8Array,
): Promise<Uint8Array> {
  const name = checkBytes(wrappers.name, "the Name");
  checkBytes(sensitive, "the sensitive area");
  let blob = sensitive;
  if (wrappers.encryptionKey !== undefined) {
    const key = checkBytes(wrappers.encryptionKey, "the encryption key");
    checkAesKey(key, "an inner wrapper key");
    const innerIntegrity = await crypto.hash(wrappers.nameAlg, concat(sensitive, name));
    blob = await crypto.aesCfb(true, key, ZERO_IV, concat(u16(innerIntegrity.length), innerIntegrity, sensitive));
  }
  if (wrappers.outer !== undefined) {
    blob = await outerWrap(crypto, wrappers.outer.protector, wrappers.outer.seed, name, blob);
  }
  return blob;
}

/**
 * The marshalled TPM2B_SENSITIVE inside a duplicate, checking the outer HMAC
 * and the inner integrity: the inverse of duplicationBlob (the seed comes from
 * the new parent's private key). TssError("BAD_PARAMETER") when a check fails.
 */
export async function openDuplicationBlob(
  crypto: Crypto,
  wrappers: DuplicationWrappers,
  duplicate: Uint8Array,
): Promise<Uint8Array> {
  const name = checkBytes(wrappers.name, "the Name");
  let blob = checkBytes(duplicate, "the duplicate");
  if (wrappers.outer !== undefined) {
    const { protector, seed } = wrappers.outer;
    const failure = "the duplicate's outer HMAC does not verify (wrong seed, Name or parent)";
    blob = await outerUnwrap(crypto, protector, seed, name, blob, failure);
  }
  if (wrappers.encryptionKey !== undefined) {
    const key = checkBytes(wrappers.encryptionKey, "the encryption key");
    checkAesKey(key, "an inner wrapper key");
    const plain = await crypto.aesCfb(false, key, ZERO_IV, blob);
    const { value: innerIntegrity, rest } = sized(plain, "the inner integrity");
    const expected = await crypto.hash(wrappers.nameAlg, concat(rest, name));
    if (!constantTimeEqual(innerIntegrity, expected)) {
      throw new TssError("BAD_PARAMETER", "the duplicate's inner integrity does not verify (wrong key or Name)");
    }
    blob = rest;
  }
  const { rest } = sized(blob, "the TPM2B_SENSITIVE");
  if (rest.length !== 0) throw new TssError("BAD_PARAMETER", "the TPM2B_SENSITIVE is followed by other data");
  return blob.slice();
}

/** marshal(), with a value the codec rejects as TssError BAD_PARAMETER naming `what`. */
function marshalArgument<T>(codec: Codec<T>, value: T, what: string): Uint8Array {
  try {
    return marshal(codec, value);
  } catch (e) {
    if (e instanceof MarshalError) throw new TssError("BAD_PARAMETER", `${what}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** The TPMT_SYM_DEF_OBJECT value of an AES-CFB inner wrapper, or TPM_ALG_NULL. */
export function innerWrapperAlgorithm(keyBits?: number): TPMT_SYM_DEF_OBJECT {
  return keyBits === undefined
    ? { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} }
    : { algorithm: TPM_ALG_ID.AES, keyBits: { aes: keyBits }, mode: { aes: TPM_ALG_ID.CFB } };
}

/** What duplicateObject returns: the TPM2_Import parameters besides the parent and objectPublic. */
export interface SoftwareDuplicate {
  /** The inner wrapper's key (TPM2B_DATA encryptionKey); empty without an inner wrapper. */
  readonly encryptionKey: Uint8Array;
  /** The wrapped sensitive area (TPM2B_PRIVATE duplicate). */
  readonly duplicate: Uint8Array;
  /** The seed encrypted to the new parent (TPM2B_ENCRYPTED_SECRET inSymSeed); empty without an outer wrapper. */
  readonly inSymSeed: Uint8Array;
  /** The inner wrapper's algorithm (TPMT_SYM_DEF_OBJECT symmetricAlg): AES-CFB, or TPM_ALG_NULL. */
  readonly symmetricAlg: TPMT_SYM_DEF_OBJECT;
}

/**
 * TPM2_Duplicate in software: wraps an object (its public area and sensitive
 * area) for TPM2_Import under `newParent` (a storage key's public area, RSA or
 * ECC; the seed is encrypted to it). Without `newParent` there is no outer
 * wrapper, which the TPM accepts only for an object without
 * encryptedDuplication. `innerKeyBits` (128, 192 or 256) adds an inner AES-CFB
 * wrapper with a random key, or `encryptionKey` with the caller's key.
 */
export async function duplicateObject(
  crypto: Crypto,
  object: {
    readonly publicArea: PublicArea;
    readonly sensitive: SensitiveArea;
    readonly newParent?: PublicArea;
    readonly innerKeyBits?: number;
    readonly encryptionKey?: Uint8Array;
  },
): Promise<SoftwareDuplicate> {
  if (
    object === null ||
    typeof object !== "object" ||
    object.publicArea === null ||
    typeof object.publicArea !== "object"
  ) {
    throw new TssError("BAD_PARAMETER", "duplicateObject needs { publicArea, sensitive }");
  }
  const { publicArea, newParent } = object;
  const name = await objectName(crypto, publicArea.nameAlg, marshalArgument(TPMT_PUBLIC, publicArea, "the publicArea"));
  let encryptionKey = object.encryptionKey;
  if (encryptionKey === undefined && object.innerKeyBits !== undefined) {
    if (![128, 192, 256].includes(object.innerKeyBits)) {
      throw new TssError("BAD_PARAMETER", `an inner wrapper of ${object.innerKeyBits} bits (128, 192 or 256)`);
    }
    encryptionKey = crypto.randomBytes(object.innerKeyBits / 8);
  }
  if (encryptionKey !== undefined) checkAesKey(checkBytes(encryptionKey, "the encryption key"), "an inner wrapper key");
  let outer: OuterWrapper | undefined;
  let inSymSeed = EMPTY;
  if (newParent !== undefined) {
    const protector = credentialProtector(newParent);
    const { seed, encryptedSeed } = await makeEncryptedSeed(crypto, seedKeyOf(newParent), DUPLICATE_LABEL);
    outer = { protector, seed };
    inSymSeed = encryptedSeed;
  }
  const sensitive = marshalArgument(TPM2B_SENSITIVE, { sensitiveArea: object.sensitive }, "the sensitive area");
  const duplicate = await duplicationBlob(
    crypto,
    { name, nameAlg: publicArea.nameAlg, ...(encryptionKey ? { encryptionKey } : {}), ...(outer ? { outer } : {}) },
    sensitive,
  );
  return {
    encryptionKey: encryptionKey ?? EMPTY,
    duplicate,
    inSymSeed,
    symmetricAlg: innerWrapperAlgorithm(encryptionKey ? encryptionKey.length * 8 : undefined),
  };
}
