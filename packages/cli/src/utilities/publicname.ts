/**
 * publicname: the Name of an object or NV Index computed in software, from a
 * TPM2B_PUBLIC, a TPM2B_NV_PUBLIC, a PEM public key or a DER key pair: for
 * policies written before the entity exists.
 */
import { marshal, TPM2B_NV_PUBLIC, TPM2B_PUBLIC, TPMA_OBJECT, TPMS_NV_PUBLIC, TPMT_PUBLIC } from "@tss/marshal";
import { nvIndexName, objectName, type PublicArea, tpmPublicFromPrivateKey } from "@tss/session";
import { algorithmOf, EXTERNAL_KEY_FLAGS, externalKeyOptions, externalKeyTemplate } from "../external-keys.js";
import { readPrivateKeyFile, readPublicPem } from "../pem-files.js";
import { hexString } from "../print-all.js";
import { softwareCrypto } from "../software-crypto.js";
import { unmarshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** publicname -ipu file | -invpu file | -ipem file | -ider file [key flags] [-on file] [-ns]. */
export const publicname: Utility = {
  name: "publicname",
  summary: "Calculates the Name of an object or NV Index from its public area or key",
  flags: {
    "-ipu": "string",
    "-invpu": "string",
    "-ipem": "string",
    "-ider": "string",
    "-on": "string",
    "-ns": "switch",
    ...EXTERNAL_KEY_FLAGS,
  },
  usage: [
    "\t-invpu\tTPM2B_NV_PUBLIC public key file name",
    "\t-ipu\tTPM2B_PUBLIC public key file name",
    "\t-ipem\tPEM format public key file name",
    "\t-ider\tDER format plaintext key pair file name",
    "\t[-on\tbinary format Name file name]",
    "\t[-ns\tprint Name in hex ascii]",
    "",
    "\t\t-ipem and -ider optional arguments",
    "",
    "\t[-rsa\t(default)]",
    "\t[-ecc\t]",
    "\t[-scheme\tfor signing key (default RSASSA scheme)]",
    "\t\trsassa",
    "\t\trsapss",
    "\t\tnull",
    "\t[-nalg\tname hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-halg\tscheme hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-uwa\tuserWithAuth attribute clear (default set)]",
    "\t[-si\tsigning (default)]",
    "\t[-st\tstorage (default NULL scheme)]",
    "\t[-den\tdecryption (unrestricted, RSA and EC NULL scheme)]",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const inputs = ["-ipu", "-invpu", "-ipem", "-ider"].filter((x) => f.has(x));
    if (inputs.length !== 1) throw new UsageError("missing or too many parameters -ipu, -ipem, -ider, -invpu");
    const ipu = f.string("-ipu");
    if (ipu !== undefined && f.has("-uwa")) throw new UsageError("userWithAuth unused for TPM2B_PUBLIC input");
    const crypto = await softwareCrypto();
    const options = externalKeyOptions(f);
    let name: Uint8Array;
    const invpu = f.string("-invpu");
    if (invpu !== undefined) {
      const nv = unmarshalStructure(TPM2B_NV_PUBLIC, await ctx.readFile(invpu), invpu).nvPublic;
      name = await nvIndexName(crypto, nv.nameAlg, marshal(TPMS_NV_PUBLIC, nv));
    } else {
      let publicArea: PublicArea;
      const ipem = f.string("-ipem");
      const ider = f.string("-ider");
      if (ipu !== undefined) {
        publicArea = unmarshalStructure(TPM2B_PUBLIC, await ctx.readFile(ipu), ipu).publicArea as PublicArea;
      } else if (ipem !== undefined) {
        publicArea = await readPublicPem(ctx, ipem, (algorithm) => externalKeyTemplate(options, algorithm));
      } else {
        // A key pair cannot be a storage key: -st becomes -den, as IBM's does.
        const o = options.keyType === "-st" ? { ...options, keyType: "-den" as const } : options;
        const key = await readPrivateKeyFile(ctx, ider!, undefined, "der");
        publicArea = tpmPublicFromPrivateKey(key, externalKeyTemplate(o, algorithmOf(key)));
      }
      if (!options.userWithAuth) {
        publicArea = {
          ...publicArea,
          objectAttributes: (publicArea.objectAttributes & ~TPMA_OBJECT.userWithAuth) >>> 0,
        };
      }
      name = await objectName(crypto, publicArea.nameAlg, marshal(TPMT_PUBLIC, publicArea));
    }
    if (f.has("-ns")) ctx.print(`${hexString(name).replace(/^(..)/, (b) => b.toUpperCase())}\n`);
    const on = f.string("-on");
    if (on !== undefined) await ctx.writeFile(on, name);
    ctx.result({ name });
  },
};
