/**
 * A TPM public area (TPMT_PUBLIC, Part 2, 12.2.4) and a public key in neutral
 * form (the Crypto contract's NeutralPublicKey), each way; and, through the
 * contract's optional exportSpki/importSpki, the X.509 SubjectPublicKeyInfo of
 * a TPM key.
 *
 * - RSA: unique.rsa is the modulus n (keyBits / 8 octets); TPMS_RSA_PARMS
 *   exponent 0 means the default 2^16 + 1.
 * - ECC: TPMS_ECC_PARMS curveID and the point unique.ecc, each coordinate the
 *   curve's size. NIST P-256, P-384 and P-521, the curves SubjectPublicKeyInfo
 *   names that the plugins support.
 *
 * A public area made from a key (tpmPublicFromPublicKey) is an external key: for
 * LoadExternal (public part only), then VerifySignature or RSA_Encrypt, or as
 * the tpmKey of a salted session.
 */

import type { Crypto, Infer, NeutralPublicKey, TPMT_PUBLIC } from "@tss/marshal";
import { TPM_ALG_ID, TPMA_OBJECT, TssError } from "@tss/marshal";
import { eccCoordinateSize } from "./ecc-curve.js";

/** A TPMT_PUBLIC value, as the @tss/marshal codec reads and writes it. */
export type PublicArea = Infer<typeof TPMT_PUBLIC>;

type RsaDetail = Extract<PublicArea["parameters"], { rsaDetail: unknown }>["rsaDetail"];
type EccDetail = Extract<PublicArea["parameters"], { eccDetail: unknown }>["eccDetail"];

/**
 * What tpmPublicFromPublicKey takes from a template: a TPMT_PUBLIC value with any
 * fields left out (a full public area or template will do). From its parameters
 * only symmetric, scheme and kdf are used; keyBits, exponent, curveID and unique
 * come from the key.
 */
export interface PublicKeyTemplate {
  /** When given, it must be the key's type (TPM_ALG_RSA or TPM_ALG_ECC). */
  readonly type?: number;
  /** Default TPM_ALG_SHA256. */
  readonly nameAlg?: number;
  /** Default EXTERNAL_KEY_ATTRIBUTES. */
  readonly objectAttributes?: number;
  /** Default empty. */
  readonly authPolicy?: Uint8Array;
  /** rsaDetail or eccDetail (matching the key); symmetric, scheme and kdf default to TPM_ALG_NULL. */
  readonly parameters?: PublicArea["parameters"];
}

/**
 * The objectAttributes of an external public key when the template gives none:
 * sign | decrypt | userWithAuth, usable by VerifySignature and RSA_Encrypt (with
 * both sign and decrypt SET, the scheme must be TPM_ALG_NULL). As tpm2-tools'
 * loadexternal and tpm2-pytss's from_pem default.
 */
export const EXTERNAL_KEY_ATTRIBUTES: number = TPMA_OBJECT.sign | TPMA_OBJECT.decrypt | TPMA_OBJECT.userWithAuth;

/** The RSA key sizes TPMI_RSA_KEY_BITS admits, in bits. */
const RSA_KEY_BITS: ReadonlySet<number> = new Set([1024, 2048, 3072, 4096, 16384]);

function bytes(v: unknown, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TssError("BAD_PARAMETER", `${what} is not a Uint8Array`);
  return v;
}

/** A coordinate left-padded to the curve size. */
function coordinate(v: unknown, size: number, what: string): Uint8Array {
  const b = bytes(v, what);
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (b.length === 0) throw new TssError("BAD_PARAMETER", `${what} is empty (a template, not a key?)`);
  if (b.length - i > size) throw new TssError("BAD_PARAMETER", `${what} is longer than the curve size ${size}`);
  const out = new Uint8Array(size);
  out.set(b.subarray(i), size - (b.length - i));
  return out;
}

function checkExponent(e: unknown): number {
  if (typeof e !== "number" || !Number.isInteger(e) || e < 0 || e > 0xffffffff || (e !== 0 && (e < 3 || e % 2 === 0))) {
    throw new TssError("BAD_PARAMETER", `RSA exponent ${String(e)} (an odd UINT32 of at least 3, or 0 for 65537)`);
  }
  return e;
}

function typeName(type: unknown): string {
  const name = Object.entries(TPM_ALG_ID).find(([, v]) => v === type)?.[0];
  return name ?? `0x${Number(type).toString(16).padStart(4, "0")}`;
}

/** The public key in a TPM public area: RSA n and e (exponent 0 read as 65537), or the ECC curve and point. */
export function publicKeyFromTpmPublic(publicArea: PublicArea): NeutralPublicKey {
  if (publicArea === null || typeof publicArea !== "object") {
    throw new TssError("BAD_PARAMETER", "a TPMT_PUBLIC value is needed");
  }
  if ("publicArea" in publicArea) {
    throw new TssError("BAD_PARAMETER", "a TPMT_PUBLIC value is needed: pass the publicArea of a TPM2B_PUBLIC");
  }
  const { type, parameters, unique } = publicArea as {
    type: unknown;
    parameters?: { rsaDetail?: RsaDetail; eccDetail?: EccDetail };
    unique?: { rsa?: unknown; ecc?: { x?: unknown; y?: unknown } };
  };
  if (type === TPM_ALG_ID.RSA) {
    const detail = parameters?.rsaDetail;
    if (!detail || unique?.rsa === undefined)
      throw new TssError("BAD_PARAMETER", "an RSA public area without rsaDetail or unique.rsa");
    const n = bytes(unique.rsa, "unique.rsa");
    if (n.length === 0) throw new TssError("BAD_PARAMETER", "unique.rsa is empty (a template, not a key?)");
    if (n.length * 8 !== detail.keyBits) {
      throw new TssError(
        "BAD_PARAMETER",
        `unique.rsa has ${n.length} octets, keyBits ${detail.keyBits} asks for ${detail.keyBits / 8}`,
      );
    }
    const e = checkExponent(detail.exponent);
    return { rsa: { n, e: e === 0 ? 65537 : e } };
  }
  if (type === TPM_ALG_ID.ECC) {
    const detail = parameters?.eccDetail;
    if (!detail || !unique?.ecc)
      throw new TssError("BAD_PARAMETER", "an ECC public area without eccDetail or unique.ecc");
    const size = eccCoordinateSize(detail.curveID);
    return {
      ecc: {
        curveID: detail.curveID,
        x: coordinate(unique.ecc.x, size, "unique.ecc.x"),
        y: coordinate(unique.ecc.y, size, "unique.ecc.y"),
      },
    };
  }
  throw new TssError("UNSUPPORTED", `a ${typeName(type)} object has no public key to convert (RSA and ECC keys have)`);
}

const NULL_SYMMETRIC = { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} } as RsaDetail["symmetric"];
const NULL_SCHEME = { scheme: TPM_ALG_ID.NULL, details: {} };

/**
 * A TPM public area for an external public key: for LoadExternal (public part
 * only) and then VerifySignature and the like. RSA: keyBits from the modulus
 * (1024, 2048, 3072, 4096 or 16384), exponent 0 for 65537; ECC: curveID and
 * the point, coordinates padded to the curve's size. The rest comes from
 * `template`, else nameAlg SHA-256, EXTERNAL_KEY_ATTRIBUTES, an empty
 * authPolicy, and TPM_ALG_NULL symmetric, scheme and kdf.
 */
export function tpmPublicFromPublicKey(key: NeutralPublicKey, template: PublicKeyTemplate = {}): PublicArea {
  if (key === null || typeof key !== "object") throw new TssError("BAD_PARAMETER", "a public key is needed");
  const common = {
    nameAlg: template.nameAlg ?? TPM_ALG_ID.SHA256,
    objectAttributes: template.objectAttributes ?? EXTERNAL_KEY_ATTRIBUTES,
    authPolicy: template.authPolicy ?? new Uint8Array(0),
  };
  const given = template.parameters as { rsaDetail?: RsaDetail; eccDetail?: EccDetail } | undefined;
  if ("rsa" in key && key.rsa) {
    if (template.type !== undefined && template.type !== TPM_ALG_ID.RSA) {
      throw new TssError("BAD_PARAMETER", `an RSA key with a ${typeName(template.type)} template`);
    }
    if (given && !given.rsaDetail)
      throw new TssError("BAD_PARAMETER", "an RSA key with a template whose parameters are not rsaDetail");
    let n = bytes(key.rsa.n, "the RSA modulus");
    let i = 0;
    while (i < n.length && n[i] === 0) i++;
    n = n.subarray(i);
    const keyBits = n.length * 8;
    if (n.length === 0) throw new TssError("BAD_PARAMETER", "the RSA modulus is empty");
    if (!RSA_KEY_BITS.has(keyBits)) {
      throw new TssError(
        "UNSUPPORTED",
        `an RSA modulus of ${n.length} octets (TPMI_RSA_KEY_BITS admits 1024, 2048, 3072, 4096, 16384 bits)`,
      );
    }
    const e = checkExponent(key.rsa.e);
    return {
      type: TPM_ALG_ID.RSA,
      ...common,
      parameters: {
        rsaDetail: {
          symmetric: given?.rsaDetail?.symmetric ?? NULL_SYMMETRIC,
          scheme: given?.rsaDetail?.scheme ?? (NULL_SCHEME as RsaDetail["scheme"]),
          keyBits,
          exponent: e === 65537 ? 0 : e,
        },
      },
      unique: { rsa: n.slice() },
    };
  }
  if ("ecc" in key && key.ecc) {
    if (template.type !== undefined && template.type !== TPM_ALG_ID.ECC) {
      throw new TssError("BAD_PARAMETER", `an ECC key with a ${typeName(template.type)} template`);
    }
    if (given && !given.eccDetail)
      throw new TssError("BAD_PARAMETER", "an ECC key with a template whose parameters are not eccDetail");
    const { curveID } = key.ecc;
    const size = eccCoordinateSize(curveID);
    return {
      type: TPM_ALG_ID.ECC,
      ...common,
      parameters: {
        eccDetail: {
          symmetric: given?.eccDetail?.symmetric ?? NULL_SYMMETRIC,
          scheme: given?.eccDetail?.scheme ?? (NULL_SCHEME as EccDetail["scheme"]),
          curveID,
          kdf: given?.eccDetail?.kdf ?? (NULL_SCHEME as EccDetail["kdf"]),
        },
      },
      unique: { ecc: { x: coordinate(key.ecc.x, size, "the ECC x"), y: coordinate(key.ecc.y, size, "the ECC y") } },
    };
  }
  throw new TssError("BAD_PARAMETER", "a public key must be { rsa: { n, e } } or { ecc: { curveID, x, y } }");
}

function spkiMember<K extends "exportSpki" | "importSpki">(
  crypto: Crypto | undefined,
  member: K,
): NonNullable<Crypto[K]> {
  if (!crypto) throw new TssError("NO_CRYPTO", `SubjectPublicKeyInfo conversion needs a crypto plugin (${member})`);
  const f = crypto[member];
  if (typeof f !== "function") {
    throw new TssError(
      "UNSUPPORTED",
      `this crypto plugin has no ${member} (@tss/crypto-webcrypto and @tss/crypto-forge have)`,
    );
  }
  return f.bind(crypto) as NonNullable<Crypto[K]>;
}

/** The DER SubjectPublicKeyInfo of a TPM key's public area, through the plugin's exportSpki. */
export async function tpmPublicToSpki(crypto: Crypto | undefined, publicArea: PublicArea): Promise<Uint8Array> {
  const exportSpki = spkiMember(crypto, "exportSpki");
  return exportSpki(publicKeyFromTpmPublic(publicArea));
}

/** An external-key public area (see tpmPublicFromPublicKey) from a DER SubjectPublicKeyInfo, through importSpki. */
export async function spkiToTpmPublic(
  crypto: Crypto | undefined,
  der: Uint8Array,
  template?: PublicKeyTemplate,
): Promise<PublicArea> {
  const importSpki = spkiMember(crypto, "importSpki");
  return tpmPublicFromPublicKey(await importSpki(der), template);
}
