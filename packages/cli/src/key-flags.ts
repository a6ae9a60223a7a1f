/**
 * The key-description flags createprimary, create and createloaded share, turned
 * into inPublic and inSensitive as IBM's utilities build them: the algorithm
 * (-rsa [bits], -ecc curve; the later one wins), one key type, -kt, -da, -uwa,
 * -pol, -nalg, -halg, -pwdk and the sensitive data -if.
 */
import { TPM_ALG_ID, TPMA_OBJECT } from "@tss/marshal";
import { CURVE_NAMES, hashFlag, named } from "./algorithms.js";
import type { FlagSpec } from "./flags.js";
import { ASYMMETRIC_KEY_TYPES, KEY_TYPE_FLAGS, type KeyType, keyTypeOf, publicTemplate } from "./object-templates.js";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/** The largest inSensitive.data (TPM2B_SENSITIVE_DATA, MAX_SYM_DATA). */
const MAX_SENSITIVE_DATA = 128;

/** The flags for a utility that takes the key types `types`. */
export function keyFlags(types: readonly KeyType[] = KEY_TYPE_FLAGS): FlagSpec {
  return {
    "-rsa": "optdec",
    "-ecc": "string",
    "-nalg": "string",
    "-halg": "string",
    "-da": "switch",
    "-uwa": "switch",
    "-kt": "list",
    "-pol": "string",
    "-if": "string",
    "-pwdk": "string",
    ...(types.includes("-des") ? { "-116": "switch" as const } : {}),
    ...Object.fromEntries(types.map((f) => [f, "switch" as const])),
  };
}

const TYPE_USAGE: Readonly<Record<KeyType, string>> = {
  "-bl": "\t\t-bl\tdata blob for unseal, requires -if",
  "-den": "\t\t-den\tdecryption (unrestricted, RSA and EC NULL scheme)",
  "-deo": "\t\t-deo\tdecryption (unrestricted, RSA OAEP, EC NULL scheme)",
  "-dee": "\t\t-dee\tdecryption (unrestricted, RSA ES, EC NULL scheme)",
  "-des": "\t\t-des\tencryption/decryption, AES symmetric [-116 for TPM rev 116 compatibility]",
  "-st": "\t\t-st\tstorage (restricted decryption)",
  "-si": "\t\t-si\tunrestricted signing (RSA and EC NULL scheme)",
  "-sir": "\t\t-sir\trestricted signing (RSA RSASSA, EC ECDSA scheme)",
  "-dau": "\t\t-dau\tunrestricted ECDAA signing key pair",
  "-dar": "\t\t-dar\trestricted ECDAA signing key pair",
  "-kh": "\t\t-kh\tkeyed hash (unrestricted, HMAC)",
  "-khr": "\t\t-khr\tkeyed hash (restricted, HMAC)",
  "-dp": "\t\t-dp\tderivation parent",
  "-gp": "\t\t-gp\tgeneral purpose, not storage",
};

/** The usage lines of those flags. `primary`: -st is the default and fixedTPM/fixedParent are set. */
export function keyUsage(types: readonly KeyType[] = KEY_TYPE_FLAGS, primary = false): string[] {
  return [
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-rsa [keybits]\tRSA key (default), keybits 2048 default]",
    "\t[-ecc curve\tECC key: bnp256, nistp256, nistp384]",
    `\tKey attributes (one of${primary ? ", default -st" : ""}):`,
    ...types.map((t) => TYPE_USAGE[t]),
    "\t[-kt\t(can be given more than once)",
    `\t\tf\tfixedTPM${primary ? " (default)" : ""}`,
    `\t\tp\tfixedParent${primary ? " (default)" : ""}`,
    `\t\tnf\tno fixedTPM${primary ? "" : " (default)"}`,
    `\t\tnp\tno fixedParent${primary ? "" : " (default)"}`,
    "\t\ted\tencrypted duplication (default not set)]",
    "\t[-da\tobject subject to DA protection (default no)]",
    "\t[-pol\tpolicy file (default empty)]",
    "\t[-uwa\tuserWithAuth attribute clear (default set)]",
    "\t[-if\tdata (inSensitive) file name]",
    "\t[-nalg\tname hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-halg\tscheme hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
  ];
}

/**
 * The TPMT_PUBLIC and inSensitive of CreatePrimary, Create or CreateLoaded from
 * the flags. `primary`: -st by default and fixedTPM | fixedParent by default;
 * otherwise exactly one key type must be given.
 */
export async function keyFromFlags(ctx: UtilityContext, primary: boolean, types: readonly KeyType[] = KEY_TYPE_FLAGS) {
  const f = ctx.flags;
  const keyType = keyTypeOf((x) => f.has(x), primary ? "-st" : undefined, types);
  const algorithm = f.lastOf("-rsa", "-ecc") === "-ecc" ? TPM_ALG_ID.ECC : TPM_ALG_ID.RSA;
  const keyBits = f.number("-rsa") ?? 2048;
  const curveID = algorithm === TPM_ALG_ID.ECC ? named(CURVE_NAMES, "-ecc", f.string("-ecc")) : 0;
  let add = TPMA_OBJECT.noDA | (primary ? TPMA_OBJECT.fixedTPM | TPMA_OBJECT.fixedParent : 0);
  let remove = 0;
  for (const kt of f.list("-kt")) {
    if (kt === "f") add |= TPMA_OBJECT.fixedTPM;
    else if (kt === "p") add |= TPMA_OBJECT.fixedParent;
    else if (kt === "nf") remove |= TPMA_OBJECT.fixedTPM;
    else if (kt === "np") remove |= TPMA_OBJECT.fixedParent;
    else if (kt === "ed") add |= TPMA_OBJECT.encryptedDuplication;
    else throw new UsageError(`bad parameter ${kt} for -kt`);
  }
  if (f.has("-da")) add &= ~TPMA_OBJECT.noDA;
  if (f.has("-uwa")) remove |= TPMA_OBJECT.userWithAuth;
  const dataFile = f.string("-if");
  if (keyType === "-bl" && dataFile === undefined)
    throw new UsageError("-bl needs -if (sealed data object needs data to seal)");
  if ((keyType === "-dau" || keyType === "-dar") && algorithm !== TPM_ALG_ID.ECC)
    throw new UsageError("-dau and -dar need -ecc");
  if (ASYMMETRIC_KEY_TYPES.includes(keyType) && dataFile !== undefined)
    throw new UsageError("asymmetric key cannot have -if (sensitive data)");
  const nameAlg = hashFlag("-nalg", f.string("-nalg"));
  const policyFile = f.string("-pol");
  const authPolicy = policyFile === undefined ? new Uint8Array(0) : await ctx.readFile(policyFile);
  const publicArea = publicTemplate({
    keyType,
    algorithm,
    keyBits,
    curveID,
    nameAlg,
    schemeHash: hashFlag("-halg", f.string("-halg")),
    add,
    remove,
    authPolicy,
    rev116: f.has("-116"),
  });
  const data = dataFile === undefined ? new Uint8Array(0) : await ctx.readFile(dataFile);
  if (data.length > MAX_SENSITIVE_DATA)
    throw new UsageError(`-if file ${dataFile} has ${data.length} bytes, at most ${MAX_SENSITIVE_DATA} fit`);
  const userAuth = new TextEncoder().encode(f.string("-pwdk") ?? "");
  return { publicArea, keyType, inSensitive: { sensitive: { userAuth, data } } };
}
