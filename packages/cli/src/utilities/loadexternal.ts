/** loadexternal: TPM2_LoadExternal of a public key (TPM2B_PUBLIC or PEM) or a DER key pair. */
import { marshal, TPM2B_PUBLIC, TPMA_OBJECT, TPMT_PUBLIC, tpmtPublicLines } from "@tss/marshal";
import { hashSize, type PublicArea, sensitiveFromPrivateKey, tpmPublicFromPrivateKey } from "@tss/session";
import { algorithmOf, EXTERNAL_KEY_FLAGS, externalKeyOptions, externalKeyTemplate } from "../external-keys.js";
import { SESSION_FLAGS } from "../flags.js";
import { hierarchyFlag } from "../hierarchies.js";
import { readPrivateKeyFile, readPublicPem } from "../pem-files.js";
import { hex8, hexString } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** loadexternal [-hi e|o|p|n] -ipu file | -ipem file | -ider file [-pwdk] [key flags] [-ns]. */
export const loadexternal: Utility = {
  name: "loadexternal",
  summary: "Runs TPM2_LoadExternal",
  flags: {
    "-hi": "string",
    "-ipu": "string",
    "-ipem": "string",
    "-ider": "string",
    "-pwdk": "string",
    "-ns": "switch",
    ...EXTERNAL_KEY_FLAGS,
    ...SESSION_FLAGS,
  },
  usage: [
    "\t[-hi\thierarchy (e, o, p, n) (default NULL)]",
    "\t[-nalg\tname hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-halg\tscheme hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[Asymmetric Key Algorithm]",
    "\t\t[-rsa\t(default)]",
    "\t\t[-ecc\t]",
    "\tInput (one of)",
    "\t\t-ipu\tTPM2B_PUBLIC public key file name",
    "\t\t-ipem\tPEM format public key file name",
    "\t\t-ider\tDER format plaintext key pair file name",
    "\t[-pwdk\tpassword for DER key (default empty)]",
    "\t[-uwa\tuserWithAuth attribute clear (default set)]",
    "\t[Key Type]",
    "\t\t[-si\tsigning (default)]",
    "\t\t[-st\tstorage (public key only)]",
    "\t\t[-den\tdecryption]",
    "\t[-scheme",
    "\t\trsassa\tdefault for a signing key",
    "\t\trsapss\tvalid for a signing key",
    "\t\trsapkcs1\tvalid for a decryption key",
    "\t\trsaoaep\tvalid for a decryption key",
    "\t\tnull\tdefault for a decryption key, valid for any key]",
    "\t[-ns\tadditionally print Name in hex ascii on one line]",
    "\t\tUseful to paste into policy",
    "",
    "\t-se[0-2] session handle / attributes (default NULL)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
    "\t80\taudit",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const inputs = ["-ipu", "-ipem", "-ider"].filter((x) => f.has(x));
    if (inputs.length !== 1) throw new UsageError("missing or too many parameters -ipu, -ipem, -ider");
    const der = f.string("-ider");
    if (der === undefined && f.has("-pwdk")) throw new UsageError("password only valid for -ider keypair");
    const hierarchy = hierarchyFlag("-hi", f.string("-hi") ?? "n", "eopn");
    const options = externalKeyOptions(f, true);
    let publicArea: PublicArea;
    let inPrivate = {};
    const ipu = f.string("-ipu");
    const ipem = f.string("-ipem");
    if (ipu !== undefined) {
      publicArea = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu).publicArea as PublicArea;
    } else if (ipem !== undefined) {
      publicArea = await readPublicPem(ctx, ipem, (algorithm) => externalKeyTemplate(options, algorithm));
    } else {
      // A key pair cannot be a storage key (restricted): -st becomes -den, as IBM's does.
      const keyOptions = options.keyType === "-st" ? { ...options, keyType: "-den" as const } : options;
      const key = await readPrivateKeyFile(ctx, der!, undefined, "der");
      publicArea = tpmPublicFromPrivateKey(key, externalKeyTemplate(keyOptions, algorithmOf(key)));
      const password = f.string("-pwdk");
      const crypto = await softwareCrypto();
      inPrivate = {
        sensitiveArea: sensitiveFromPrivateKey(key, {
          authValue: new TextEncoder().encode(password ?? ""),
          seedValue: crypto.randomBytes(hashSize(publicArea.nameAlg)),
        }),
      };
    }
    if (!options.userWithAuth) {
      publicArea = { ...publicArea, objectAttributes: (publicArea.objectAttributes & ~TPMA_OBJECT.userWithAuth) >>> 0 };
    }
    if (ctx.verbose) ctx.print(`${tpmtPublicLines(publicArea, 0).join("\n")}\n`);
    const tss = await ctx.tss();
    const sessions = ctx.sessions(false);
    const out = await tss.loadExternal(
      { inPrivate, inPublic: { publicArea }, hierarchy },
      sessions ? { sessions } : {},
    );
    ctx.print(`Handle ${hex8(out.objectHandle)}\n`);
    if (f.has("-ns")) ctx.print(`${hexString(out.name)}\n`);
    ctx.result({ handle: hex8(out.objectHandle), name: out.name, publicArea: marshal(TPMT_PUBLIC, publicArea) });
  },
};
