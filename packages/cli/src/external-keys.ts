/**
 * Keys that come from outside the TPM (PEM and DER files) for loadexternal,
 * importpem and publicname, with the public areas IBM's utilities give them:
 * objectAttributes noDA | userWithAuth and, by key type,
 * - -si signing: sign; RSA with the -scheme (RSASSA by default, RSAPSS, or
 *   NULL) and -halg, ECC with ECDSA and -halg;
 * - -st storage: restricted decrypt, AES-128-CFB, NULL scheme;
 * - -den decryption: decrypt; RSA with the -scheme (NULL by default; RSAES,
 *   OAEP where allowed), ECC with ECDH and -halg.
 * -uwa clears userWithAuth. The key's own type (RSA or ECC) decides; -rsa and
 * -ecc are accepted as IBM's utilities take them.
 */

import type { NeutralPublicKey } from "@tss/marshal";
import { TPM_ALG_ID, TPMA_OBJECT } from "@tss/marshal";
import type { PublicKeyTemplate, SoftwarePrivateKey } from "@tss/session";
import { hashFlag } from "./algorithms.js";
import type { FlagSpec, ParsedFlags } from "./flags.js";
import { UsageError } from "./usage-error.js";

/** The key types of external keys. */
export type ExternalKeyType = "-si" | "-st" | "-den";

/** -rsa, -ecc, -scheme, -si, -st, -den, -nalg, -halg, -uwa. */
export const EXTERNAL_KEY_FLAGS: FlagSpec = {
  "-rsa": "switch",
  "-ecc": "switch",
  "-scheme": "string",
  "-si": "switch",
  "-st": "switch",
  "-den": "switch",
  "-nalg": "string",
  "-halg": "string",
  "-uwa": "switch",
};

/** RSA -scheme names: rsassa, rsapss, null; and for decryption keys (loadexternal) rsapkcs1, rsaoaep. */
const SCHEMES: Readonly<Record<string, number>> = {
  rsassa: TPM_ALG_ID.RSASSA,
  rsapss: TPM_ALG_ID.RSAPSS,
  rsapkcs1: TPM_ALG_ID.RSAES,
  rsaoaep: TPM_ALG_ID.OAEP,
  null: TPM_ALG_ID.NULL,
};

/** How the flags describe the key: its type, RSA scheme, hashes and attribute changes. */
export interface ExternalKeyOptions {
  readonly keyType: ExternalKeyType;
  /** The RSA scheme (ECC schemes follow the key type). */
  readonly rsaScheme: number;
  readonly nameAlg: number;
  readonly schemeHash: number;
  readonly userWithAuth: boolean;
}

/**
 * The key description of the flags. `decryptionSchemes`: -scheme may also name
 * rsapkcs1 and rsaoaep for a -den key (loadexternal); otherwise -scheme is for
 * signing keys only, as IBM's importpem and publicname have it.
 */
export function externalKeyOptions(f: ParsedFlags, decryptionSchemes = false): ExternalKeyOptions {
  const types = (["-si", "-st", "-den"] as const).filter((t) => f.has(t));
  if (types.length > 1) throw new UsageError("too many key attributes");
  const keyType = f.lastOf("-si", "-st", "-den") as ExternalKeyType | undefined;
  const type = keyType ?? "-si";
  const name = f.string("-scheme");
  let rsaScheme: number = type === "-si" ? TPM_ALG_ID.RSASSA : TPM_ALG_ID.NULL;
  if (name !== undefined) {
    const allowed = decryptionSchemes
      ? type === "-si"
        ? ["rsassa", "rsapss", "null"]
        : type === "-den"
          ? ["rsapkcs1", "rsaoaep", "null"]
          : ["null"]
      : type === "-si"
        ? ["rsassa", "rsapss", "null"]
        : [];
    if (allowed.length === 0) throw new UsageError("-scheme can only be specified for signing key");
    if (!allowed.includes(name))
      throw new UsageError(`bad parameter ${name} for -scheme (one of ${allowed.join(", ")})`);
    rsaScheme = SCHEMES[name]!;
  }
  return {
    keyType: type,
    rsaScheme,
    nameAlg: hashFlag("-nalg", f.string("-nalg")),
    schemeHash: hashFlag("-halg", f.string("-halg")),
    userWithAuth: !f.has("-uwa"),
  };
}

const NULL_SYM = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} };
const AES128CFB = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

function schemeDetails(scheme: number, hashAlg: number) {
  switch (scheme) {
    case TPM_ALG_ID.RSASSA:
      return { scheme, details: { rsassa: { hashAlg } } };
    case TPM_ALG_ID.RSAPSS:
      return { scheme, details: { rsapss: { hashAlg } } };
    case TPM_ALG_ID.OAEP:
      return { scheme, details: { oaep: { hashAlg } } };
    case TPM_ALG_ID.RSAES:
      return { scheme, details: { rsaes: {} } };
    case TPM_ALG_ID.ECDSA:
      return { scheme, details: { ecdsa: { hashAlg } } };
    case TPM_ALG_ID.ECDH:
      return { scheme, details: { ecdh: { hashAlg } } };
    default:
      return NULL_SCHEME;
  }
}

/** The public-area template for a key of `algorithm` (TPM_ALG_RSA or TPM_ALG_ECC). */
export function externalKeyTemplate(o: ExternalKeyOptions, algorithm: number): PublicKeyTemplate {
  const usage =
    o.keyType === "-si"
      ? TPMA_OBJECT.sign
      : o.keyType === "-st"
        ? TPMA_OBJECT.decrypt | TPMA_OBJECT.restricted
        : TPMA_OBJECT.decrypt;
  const objectAttributes = (TPMA_OBJECT.noDA | usage | (o.userWithAuth ? TPMA_OBJECT.userWithAuth : 0)) >>> 0;
  const symmetric = o.keyType === "-st" ? AES128CFB : NULL_SYM;
  const common = { nameAlg: o.nameAlg, objectAttributes };
  if (algorithm === TPM_ALG_ID.RSA) {
    return {
      type: TPM_ALG_ID.RSA,
      ...common,
      parameters: { rsaDetail: { symmetric, scheme: schemeDetails(o.rsaScheme, o.schemeHash) } },
    } as PublicKeyTemplate;
  }
  const eccScheme = o.keyType === "-si" ? TPM_ALG_ID.ECDSA : o.keyType === "-den" ? TPM_ALG_ID.ECDH : TPM_ALG_ID.NULL;
  return {
    type: TPM_ALG_ID.ECC,
    ...common,
    parameters: { eccDetail: { symmetric, scheme: schemeDetails(eccScheme, o.schemeHash), kdf: NULL_SCHEME } },
  } as PublicKeyTemplate;
}

/** The algorithm of a public key or key pair: TPM_ALG_RSA or TPM_ALG_ECC. */
export function algorithmOf(key: NeutralPublicKey | SoftwarePrivateKey): number {
  return "rsa" in key ? TPM_ALG_ID.RSA : TPM_ALG_ID.ECC;
}
