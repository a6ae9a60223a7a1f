/** The key-description flags createprimary and create share, turned into a TPMT_PUBLIC. */
import { TPM_ALG_ID, TPMA_OBJECT } from "@tss/marshal";
import { CURVE_NAMES, hashFlag, named } from "./algorithms.js";
import type { FlagSpec, ParsedFlags } from "./flags.js";
import { KEY_TYPE_FLAGS, type KeyType, keyTypeOf, publicTemplate } from "./object-templates.js";
import { UsageError } from "./usage-error.js";
import type { UtilityContext } from "./utility.js";

/** The flags: algorithm, key type, hashes, attribute switches, policy and sensitive data. */
export const KEY_FLAGS: FlagSpec = {
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
  ...Object.fromEntries(KEY_TYPE_FLAGS.map((f) => [f, "switch" as const])),
};

/** The usage lines of those flags. */
export const KEY_USAGE: readonly string[] = [
  "\t[-pwdk\tpassword for key (default empty)]",
  "\t[-rsa [keybits]\tRSA key (default), keybits 2048 default]",
  "\t[-ecc curve\tECC key: bnp256, nistp256, nistp384]",
  "\tKey attributes (one of):",
  "\t\t-st\tstorage (restricted decryption)",
  "\t\t-si\tunrestricted signing (NULL scheme)",
  "\t\t-sir\trestricted signing (RSASSA, ECDSA scheme with -halg)",
  "\t\t-den\tdecryption (unrestricted, NULL scheme)",
  "\t\t-deo\tdecryption (unrestricted, RSA OAEP, EC NULL scheme)",
  "\t\t-dee\tdecryption (unrestricted, RSA ES, EC NULL scheme)",
  "\t\t-bl\tdata blob for unseal (create only), requires -if",
  "\t[-kt\tf fixedTPM, p fixedParent, nf no fixedTPM, np no fixedParent, ed encryptedDuplication]",
  "\t[-da\tobject subject to DA protection (default no)]",
  "\t[-pol\tpolicy file (default empty)]",
  "\t[-uwa\tuserWithAuth attribute clear (default set)]",
  "\t[-if\tdata (inSensitive) file name, with -bl]",
  "\t[-nalg\tname hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
  "\t[-halg\tscheme hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
];

/** The inPublic and inSensitive of CreatePrimary or Create from the flags. */
export async function keyFromFlags(ctx: UtilityContext, primary: boolean) {
  const f: ParsedFlags = ctx.flags;
  const allowed: KeyType[] = primary ? KEY_TYPE_FLAGS.filter((k) => k !== "-bl") : [...KEY_TYPE_FLAGS];
  const keyType = keyTypeOf((x) => f.has(x), primary ? "-st" : undefined, allowed);
  if (f.has("-rsa") && f.has("-ecc")) throw new UsageError("-rsa and -ecc cannot both be given");
  const algorithm = f.has("-ecc") ? TPM_ALG_ID.ECC : TPM_ALG_ID.RSA;
  const keyBits = f.number("-rsa") ?? 2048;
  const curveID = f.has("-ecc") ? named(CURVE_NAMES, "-ecc", f.string("-ecc")) : 0;
  // Primary keys default to fixedTPM and fixedParent, ordinary keys to neither; noDA unless -da.
  let add = primary ? TPMA_OBJECT.fixedTPM | TPMA_OBJECT.fixedParent : 0;
  let remove = 0;
  for (const kt of f.list("-kt")) {
    if (kt === "f") add |= TPMA_OBJECT.fixedTPM;
    else if (kt === "p") add |= TPMA_OBJECT.fixedParent;
    else if (kt === "nf") remove |= TPMA_OBJECT.fixedTPM;
    else if (kt === "np") remove |= TPMA_OBJECT.fixedParent;
    else if (kt === "ed") add |= TPMA_OBJECT.encryptedDuplication;
    else throw new UsageError(`bad parameter ${kt} for -kt`);
  }
  if (!f.has("-da")) add |= TPMA_OBJECT.noDA;
  if (f.has("-uwa")) remove |= TPMA_OBJECT.userWithAuth;
  const dataFile = f.string("-if");
  if (keyType === "-bl" && dataFile === undefined)
    throw new UsageError("-bl needs -if (sealed data object needs data to seal)");
  if (keyType !== "-bl" && dataFile !== undefined)
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
  });
  const data = dataFile === undefined ? new Uint8Array(0) : await ctx.readFile(dataFile);
  const userAuth = new TextEncoder().encode(f.string("-pwdk") ?? "");
  return { inPublic: { publicArea }, inSensitive: { sensitive: { userAuth, data } } };
}
