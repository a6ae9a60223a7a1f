/**
 * importpem: TPM2_Import of a PEM key pair (RSA or ECC, encrypted or not) under
 * a storage key. The key travels wrapped for the parent (an outer wrapper: a
 * seed encrypted to the parent, AES-CFB and an HMAC), never in clear.
 */
import { marshal, TPM2B_PRIVATE, TPM2B_PUBLIC, TPMA_OBJECT } from "@tss/marshal";
import {
  duplicateObject,
  hashSize,
  type PublicArea,
  sensitiveFromPrivateKey,
  tpmPublicFromPrivateKey,
} from "@tss/session";
import { algorithmOf, EXTERNAL_KEY_FLAGS, externalKeyOptions, externalKeyTemplate } from "../external-keys.js";
import { SESSION_FLAGS } from "../flags.js";
import { readPrivateKeyFile } from "../pem-files.js";
import { softwareCrypto } from "../software-crypto.js";
import type { Utility } from "../utility.js";

/** importpem -hp parent [-pwdp] -ipem file [-pwdk] [-rsa | -ecc] [-si [-scheme] | -st | -den] -opu -opr [-pol]. */
export const importpem: Utility = {
  name: "importpem",
  summary: "Runs TPM2_Import for a PEM key",
  flags: {
    "-hp": "hex",
    "-pwdp": "string",
    "-ipem": "string",
    "-pwdk": "string",
    "-opu": "string",
    "-opr": "string",
    "-pol": "string",
    ...EXTERNAL_KEY_FLAGS,
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-hp\tparent handle",
    "\t[-pwdp\tpassword for parent (default empty)]",
    "\t-ipem\tPEM format key pair",
    "",
    "\t[Asymmetric Key Algorithm]",
    "\t[-rsa\t(default)]",
    "\t[-ecc\t]",
    "",
    "\t[-si\tsigning (default)]",
    "\t[-scheme\tsigning scheme (rsassa rsapss) (RSA default RSASSA) (ECC ECDSA)]",
    "\t[-st\tstorage (NULL scheme)]",
    "\t[-den\tdecryption (unrestricted, RSA and ECC NULL scheme)]",
    "\t[-pwdk\tpassword for the key and the PEM file (default empty)]",
    "\t[-uwa\tuserWithAuth attribute clear (default set)]",
    "\t-opu\tpublic area file name",
    "\t-opr\tprivate area file name",
    "\t[-nalg\tname hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-halg\tscheme hash algorithm (sha1, sha256, sha384, sha512) (default sha256)]",
    "\t[-pol\tpolicy file (default empty)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const parentHandle = ctx.need("-hp", f.number("-hp"), "object handle parameter");
    const ipem = ctx.need("-ipem", f.string("-ipem"), "parameter");
    const opu = ctx.need("-opu", f.string("-opu"), "parameter");
    const opr = ctx.need("-opr", f.string("-opr"), "parameter");
    const options = externalKeyOptions(f);
    const password = f.string("-pwdk");
    const key = await readPrivateKeyFile(ctx, ipem, password);
    const policyFile = f.string("-pol");
    const authPolicy = policyFile === undefined ? new Uint8Array(0) : await ctx.readFile(policyFile);
    let publicArea = tpmPublicFromPrivateKey(key, { ...externalKeyTemplate(options, algorithmOf(key)), authPolicy });
    if (!options.userWithAuth) {
      publicArea = { ...publicArea, objectAttributes: (publicArea.objectAttributes & ~TPMA_OBJECT.userWithAuth) >>> 0 };
    }
    const crypto = await softwareCrypto();
    const sensitive = sensitiveFromPrivateKey(key, {
      authValue: new TextEncoder().encode(password ?? ""),
      seedValue: crypto.randomBytes(hashSize(publicArea.nameAlg)),
    });
    const tss = await ctx.tss();
    const parent = await tss.readPublic({ objectHandle: parentHandle });
    const wrapped = await duplicateObject(crypto, {
      publicArea,
      sensitive,
      newParent: parent.outPublic.publicArea as PublicArea,
    });
    const out = await tss.import(
      { parentHandle, objectPublic: { publicArea }, ...wrapped },
      {
        sessions: ctx.sessions(true, f.string("-pwdp"))!,
      },
    );
    await ctx.writeFile(opu, marshal(TPM2B_PUBLIC, { publicArea }));
    await ctx.writeFile(opr, marshal(TPM2B_PRIVATE, out.outPrivate));
    ctx.result({ objectPublic: { publicArea }, outPrivate: out.outPrivate });
  },
};
