/**
 * createek: IBM's EK utility on @tss/ekcert. -te and -no print the low range's
 * EK template and nonce NV indexes, -ce the EK certificate, -cp creates the EK
 * (honouring the template and nonce indexes) and checks its public key
 * against the certificate unless -nopub, flushing it unless -noflush; -root
 * verifies the EK certificate's chain to the CA certificates named, one PEM
 * file per line, in a list file read by @tss/ekcert-roots' parseRootCertsList
 * (blank and "#" lines skipped; self-signed ones are the trust anchors, the
 * others intermediates).
 */
import {
  type Certificate,
  certificateMatchesEk,
  createEk,
  type EkAlgorithm,
  ekProfile,
  loadRootCertificates,
  parseCertificate,
  parseEkTemplate,
  readEkCertificate,
  readNvIndex,
  verifyCertificateChain,
} from "@tss/ekcert";
import { parseRootCertsList } from "@tss/ekcert-roots";
import { TPM_ALG_ID, TPM_RS, tpmtPublicLines } from "@tss/marshal";
import { defaultCrypto, type Tss } from "@tss/tss";
import { certificateText } from "../certificate-text.js";
import { EK_ALG_FLAG, EK_KIND_FLAGS, ekKindOf, ekKindUsage } from "../ek-flags.js";
import { hex8, printAll } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

/** The most root certificate files a list may name (IBM's MAX_ROOTS). */
const MAX_ROOTS = 100;

/** "Certificate public key:" and the key's octets: the RSA modulus, or the ECC point x || y. */
function certificateKeyText(der: Uint8Array): string {
  const key = parseCertificate(der).publicKey;
  if (!key) return "";
  const bytes = "rsa" in key ? key.rsa.n : Uint8Array.of(...key.ecc.x, ...key.ecc.y);
  return printAll("Certificate public key:", bytes);
}

async function printCertificate(ctx: UtilityContext, tss: Tss, algorithm: EkAlgorithm): Promise<Uint8Array> {
  let der: Uint8Array;
  try {
    der = await readEkCertificate(tss, algorithm);
  } catch (e) {
    ctx.print(`No EK certificate for EK certificate index ${hex8(ekProfile(algorithm).certIndex)}\n`);
    throw e;
  }
  ctx.print(certificateText(der));
  ctx.print(certificateKeyText(der));
  return der;
}

async function verifyRoots(ctx: UtilityContext, tss: Tss, algorithm: EkAlgorithm, listFile: string): Promise<void> {
  const names = parseRootCertsList(new TextDecoder().decode(await ctx.readFile(listFile)));
  if (names.length > MAX_ROOTS) throw new Error(`the list ${listFile} names more than ${MAX_ROOTS} certificates`);
  const certificates: Certificate[] = [];
  for (const [i, name] of names.entries()) {
    if (ctx.verbose) ctx.print(`getRootCertificateFilenames: Root file name ${i}\n${name}\n`);
    certificates.push(...loadRootCertificates(new TextDecoder().decode(await ctx.readFile(name))));
  }
  const selfSigned = (c: Certificate) => c.subject.canonical === c.issuer.canonical;
  let der: Uint8Array;
  try {
    der = await readEkCertificate(tss, algorithm);
  } catch (e) {
    ctx.print("processRoot: No EK certificate\n");
    throw e;
  }
  try {
    await verifyCertificateChain(await defaultCrypto(), der, {
      roots: certificates.filter(selfSigned),
      intermediates: certificates.filter((c) => !selfSigned(c)),
    });
  } catch (e) {
    ctx.print("processRoot: EK certificate did not verify\n");
    throw e;
  }
  ctx.print("EK certificate verified against the root\n");
}

/** createek -rsa bits | -ecc curve [-high] -te | -no | -ce | -cp [-pwde] [-pwdk] [-noflush] [-nopub] [-root list]. */
export const createek: Utility = {
  name: "createek",
  summary: "Creates an EK from the TCG templates and NV indexes, prints or validates its certificate",
  flags: {
    "-te": "switch",
    "-no": "switch",
    "-ce": "switch",
    "-cp": "switch",
    "-pwde": "string",
    "-pwdk": "string",
    "-root": "string",
    "-noflush": "switch",
    "-nopub": "switch",
    ...EK_KIND_FLAGS,
    ...EK_ALG_FLAG,
  },
  usage: [
    "createek provides several options regarding the IWG standard EKs",
    "",
    "-cp creates an EK primary key based on the EK NV indexes.",
    "By default, the EK is flushed, but -noflush will override that.",
    "By default, the EK public key is verified against the EK certificate,",
    "but -nopub will skip the check.",
    "",
    "-root reads the EK certificate and validates it agains the EK CA certificates",
    "",
    "-ce prints provisioned EK certificates",
    "",
    "-te and -no print the deprecated EK template and nonce if present",
    "",
    "\t[-pwde\t\tendorsement hierarchy password (default empty)]",
    "\t[-pwdk\t\tpassword for endorsement key (default empty)]",
    ...ekKindUsage(),
    "\t[-alg\trsa or ec: -rsa 2048 or -ecc nistp256 (IBM TSS 1.4)]",
    "\t-te\tprint EK Template ",
    "\t-no\tprint EK nonce ",
    "\t-ce\tprint EK certificate ",
    "\t-cp\tCreatePrimary  the EK",
    "\t[-noflush\tDo not flush the primary key after validation]",
    "\t[-nopub\t\tDo not verify the public key against the certificate]",
    "\t[-root\tfilename - validate EK certificate against the root]",
    "\t\tfilename contains a list of PEM format CA root certificate",
    "\t\tfilenames, one per line.",
    `\t\tThe list may contain up to ${MAX_ROOTS} certificates.`,
  ],
  async run(ctx) {
    const f = ctx.flags;
    const modes = ["-te", "-no", "-ce", "-cp"].filter((m) => f.has(m));
    if (modes.length > 1) throw new UsageError("only one of -te, -no, -ce can be specified");
    const algorithm = ekKindOf(f);
    const root = f.string("-root");
    if (modes.length === 0 && root === undefined) throw new UsageError("nothing to do");
    const profile = ekProfile(algorithm);
    const tss = await ctx.tss();
    const mode = modes[0];
    let handle: number | undefined;
    if (mode === "-te" || mode === "-no") {
      const index = mode === "-te" ? profile.templateIndex : profile.nonceIndex;
      try {
        if (index === undefined) throw new Error("the high range has no EK template or nonce index");
        const bytes = await readNvIndex(tss, index);
        if (mode === "-te") {
          const template = parseEkTemplate(bytes);
          ctx.print(`${tpmtPublicLines(template, 0).join("\n")}\n`);
          ctx.result({ template });
        } else {
          ctx.print(printAll("EK Nonce: ", bytes));
          ctx.result({ nonce: bytes });
        }
      } catch (e) {
        const what = mode === "-te" ? "template" : "nonce";
        ctx.print(`No EK ${what} for EK certifcate index ${hex8(profile.certIndex)}\n`);
        throw e;
      }
    } else if (mode === "-ce") {
      ctx.result({ certificate: await printCertificate(ctx, tss, algorithm) });
    } else if (mode === "-cp") {
      const pwde = f.string("-pwde");
      const pwdk = f.string("-pwdk");
      const ek = await createEk(tss, {
        algorithm,
        sessions: [{ handle: TPM_RS.PW, ...(pwde !== undefined ? { password: pwde } : {}) }],
        ...(pwdk !== undefined ? { userAuth: new TextEncoder().encode(pwdk) } : {}),
      });
      handle = ek.handle;
      try {
        if (ek.nonce) ctx.print(printAll("EK Nonce: ", ek.nonce));
        if (ek.templateSource === "nv") ctx.print(`${tpmtPublicLines(ek.template, 0).join("\n")}\n`);
        else if (profile.nonceIndex !== undefined)
          ctx.print("processPrimaryEN: EK nonce not found, use default template\n");
        const unique = ek.publicArea.unique as { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
        if (ek.publicArea.type === TPM_ALG_ID.RSA) ctx.print(printAll("createprimary: RSA public key", unique.rsa!));
        else {
          ctx.print(printAll("createprimary: ECC public key x", unique.ecc!.x));
          ctx.print(printAll("createprimary: ECC public key y", unique.ecc!.y));
        }
        if (!f.has("-nopub")) {
          const der = await printCertificate(ctx, tss, algorithm);
          if (!certificateMatchesEk(parseCertificate(der), ek.publicArea)) {
            ctx.print(
              "processValidatePrimary: Public key from X509 certificate does not match output of createprimary\n",
            );
            throw new Error("the EK certificate does not certify the EK created");
          }
          ctx.print("processValidatePrimary: Public key from X509 certificate matches output of createprimary\n");
          ctx.print("Public key from X509 certificate matches output of createprimary\n");
        }
      } finally {
        if (!f.has("-noflush")) {
          await tss.flushContext({ flushHandle: ek.handle });
          handle = undefined;
        }
      }
      ctx.result({ handle: handle === undefined ? null : hex8(handle), publicArea: ek.publicArea, name: ek.name });
    }
    if (root !== undefined) await verifyRoots(ctx, tss, algorithm, root);
    if (handle !== undefined) ctx.print(`Primary key Handle ${hex8(handle)}\n`);
  },
};
